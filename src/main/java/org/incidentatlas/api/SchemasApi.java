package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.FeatureProperty;
import org.incidentatlas.store.LayerInfo;

/**
 * The JSON Schemas of a collection: {@code /queryables} (OGC API Features Part 3), the
 * properties that {@code filter}, {@code sortby} and the queryable parameters accept, and
 * {@code /schema} (Part 5), every property of its features with the roles of id, geometry and days.
 */
final class SchemasApi {
  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  static final String SCHEMA_REL = "http://www.opengis.net/def/rel/ogc/1.0/schema";
  static final String SCHEMA_JSON = Formats.SCHEMA_JSON;
  private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtlasStore store;

  SchemasApi(AtlasStore store) {
    this.store = store;
  }

  void queryables(Context ctx) {
    LayerInfo layer = layerOf(ctx);
    send(ctx, "Queryables of " + layer.title(), queryables(layer, OgcApi.base(ctx)));
  }

  void schema(Context ctx) {
    LayerInfo layer = layerOf(ctx);
    send(ctx, "Schema of " + layer.title(), schema(layer, OgcApi.base(ctx)));
  }

  private LayerInfo layerOf(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("f"));
    return OgcApi.layer(store, ctx);
  }

  private static void send(Context ctx, String title, Map<String, Object> schema) {
    if (Representation.of(ctx) == Representation.HTML) {
      Pages.document(ctx, title, JSON.valueToTree(schema), SCHEMA_JSON);
      return;
    }
    try {
      ctx.contentType(SCHEMA_JSON).result(JSON.writeValueAsBytes(schema));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> queryables(LayerInfo layer, String base) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("geometry", geometry(layer));
    if (layer.temporal()) {
      Map<String, Object> datetime = new LinkedHashMap<>();
      datetime.put("title", "Time");
      datetime.put("description", "The days of the feature, " + days(layer) + ", as one interval; use with the T_ functions."
          + " Instants are compared by their UTC day.");
      datetime.put("type", "string");
      datetime.put("format", "date");
      properties.put("datetime", datetime);
    }
    for (Attribute a : layer.attributes()) {
      properties.put(a.property(), property(layer.property(a.property()).orElseGet(() -> FeatureProperty.of(a))));
    }
    return document(layer, Hrefs.collection(base, layer) + "/queryables", "Queryables of " + layer.title()
        + ": the properties filter (CQL2 text) and sortby accept", properties);
  }

  static Map<String, Object> schema(LayerInfo layer, String base) {
    Map<String, Object> properties = new LinkedHashMap<>();
    // The feature's id: GeoJSON carries it beside the properties, where some layers repeat it.
    Map<String, Object> id = new LinkedHashMap<>();
    FeatureProperty own = layer.property("id").orElse(null);
    id.put("title", own == null ? "Id" : own.title());
    id.put("description", own == null ? "Identifier of the feature in the collection" : own.description());
    id.put("type", "string");
    id.put("x-ogc-role", "id");
    properties.put("id", id);
    properties.put("geometry", geometry(layer));
    for (FeatureProperty p : layer.properties()) {
      if (!p.name().equals("id")) {
        properties.put(p.name(), property(p));
      }
    }
    String what = layer.temporal() ? " Its days are " + days(layer) + "; datetime selects the features whose days overlap it." : "";
    return document(layer, Hrefs.collection(base, layer) + "/schema", "Every property of a feature of " + layer.title() + "." + what, properties);
  }

  private static Map<String, Object> document(LayerInfo layer, String id, String description, Map<String, Object> properties) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", DIALECT);
    schema.put("$id", id);
    schema.put("type", "object");
    schema.put("title", layer.title());
    schema.put("description", description);
    schema.put("properties", properties);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static String days(LayerInfo layer) {
    List<String> ends = layer.properties().stream().filter(p -> p.role() != null).map(FeatureProperty::name).toList();
    return ends.size() == 2 ? ends.get(0) + " to " + ends.get(1) : "first to last";
  }

  private static Map<String, Object> geometry(LayerInfo layer) {
    Map<String, Object> geometry = new LinkedHashMap<>();
    geometry.put("title", "Geometry");
    geometry.put("description", "The feature's " + layer.geometryType() + " in CRS84 (longitude, latitude); use with the S_ functions");
    geometry.put("format", "geometry-" + layer.geometryType().toLowerCase(Locale.ROOT));
    geometry.put("x-ogc-role", "primary-geometry");
    return geometry;
  }

  /**
   * A property's schema. Its value may be null in any feature (no fatalities claimed, a place
   * without a population): a client that checks features against the schema must take those.
   */
  private static Map<String, Object> property(FeatureProperty p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("title", p.title());
    out.put("description", p.description());
    String type = switch (p.kind()) {
      case TEXT, DATE -> "string";
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case TEXT_LIST, OBJECT_LIST -> "array";
      case OBJECT -> "object";
    };
    out.put("type", List.of(type, "null"));
    if (p.kind() == FeatureProperty.Kind.DATE) {
      out.put("format", "date");
    }
    if (p.kind() == FeatureProperty.Kind.TEXT_LIST) {
      out.put("items", Map.of("type", "string"));
    } else if (p.kind() == FeatureProperty.Kind.OBJECT_LIST) {
      out.put("items", Map.of("type", "object"));
    }
    if (!p.values().isEmpty()) {
      List<Object> values = new ArrayList<>(p.values());
      values.add(null);
      out.put("enum", values);
    }
    if (p.role() != null) {
      out.put("x-ogc-role", p.role().label());
    }
    if (p.readOnly()) {
      out.put("readOnly", true);
    }
    return out;
  }
}
