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
import org.incidentatlas.store.LayerInfo;

/**
 * {@code /api/collections/{id}/queryables} (OGC API Features Part 3): the properties that
 * {@code filter}, {@code sortby} and the queryable parameters accept, as a JSON Schema.
 */
final class QueryablesApi {
  static final String REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  static final String SCHEMA_JSON = Formats.SCHEMA_JSON;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtlasStore store;

  QueryablesApi(AtlasStore store) {
    this.store = store;
  }

  void queryables(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("f"));
    Representation r = Representation.of(ctx);
    LayerInfo layer = OgcApi.layer(store, ctx);
    if (r == Representation.HTML) {
      Pages.document(ctx, "Queryables of " + layer.title(), JSON.valueToTree(schema(layer, OgcApi.base(ctx))), SCHEMA_JSON);
      return;
    }
    try {
      ctx.contentType(SCHEMA_JSON).result(JSON.writeValueAsBytes(schema(layer, OgcApi.base(ctx))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> schema(LayerInfo layer, String base) {
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Object> geometry = new LinkedHashMap<>();
    geometry.put("title", "Geometry");
    geometry.put("description", "The feature's " + layer.geometryType() + " in CRS84 (longitude, latitude); use with the S_ functions");
    geometry.put("format", "geometry-" + layer.geometryType().toLowerCase(Locale.ROOT));
    geometry.put("x-ogc-role", "primary-geometry");
    properties.put("geometry", geometry);
    if (layer.temporal()) {
      Map<String, Object> datetime = new LinkedHashMap<>();
      datetime.put("title", "Time");
      datetime.put("description", "The days of the feature, first to last, as one interval; use with the T_ functions."
          + " Instants are compared by their UTC day.");
      datetime.put("type", "string");
      datetime.put("format", "date");
      properties.put("datetime", datetime);
    }
    for (Attribute a : layer.attributes()) {
      properties.put(a.property(), property(a));
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2019-09/schema");
    schema.put("$id", Hrefs.collection(base, layer) + "/queryables");
    schema.put("type", "object");
    schema.put("title", layer.title());
    schema.put("description", "Queryables of " + layer.title() + ": the properties filter (CQL2 text) and sortby accept");
    schema.put("properties", properties);
    schema.put("additionalProperties", false);
    return schema;
  }

  /**
   * A queryable's schema. Its value may be null in any feature (no fatalities claimed, a place
   * without a population): a client that checks features against the schema must take those.
   */
  private static Map<String, Object> property(Attribute a) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("title", a.title());
    p.put("description", a.description());
    String type = switch (a.type()) {
      case TEXT, DATE -> "string";
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case TEXT_LIST -> "array";
    };
    p.put("type", List.of(type, "null"));
    if (a.type() == Attribute.Type.DATE) {
      p.put("format", "date");
    }
    if (a.type() == Attribute.Type.TEXT_LIST) {
      p.put("items", Map.of("type", "string"));
    }
    if (!a.values().isEmpty()) {
      List<Object> values = new ArrayList<>(a.values());
      values.add(null);
      p.put("enum", values);
    }
    return p;
  }
}
