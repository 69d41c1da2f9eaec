package org.incidentatlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.api.html.ApiDefinitionPage;
import org.incidentatlas.export.ExportFormats;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.LayerInfo;

/**
 * The OpenAPI document as served: the template in {@code openapi.json} with this server's address,
 * and paths of their own for the features and the file of each collection that declare exactly
 * the query parameters that collection takes (its filter parameters and each queryable), where the
 * generic {@code /collections/{collectionId}/items} and {@code /download/{file}} declare those every
 * collection takes. GDAL reads the
 * declared parameters to decide which of its filters it hands to the server.
 */
final class ApiDefinition {
  private static final String ITEMS = "/collections/{collectionId}/items";
  private static final String DOWNLOAD = "/download/{file}";
  private static final String SUMMARY = PeriodSummaryApi.PATH.substring("/api".length());
  private static final String FEED = IncidentFeed.PATH;

  private ApiDefinition() {}

  static ObjectNode of(ObjectNode template, String base, List<LayerInfo> layers) {
    ObjectNode doc = template.deepCopy();
    doc.putArray("servers").addObject().put("url", base + "/api");
    ArrayNode ids = ((ObjectNode) doc.at("/components/parameters/collectionId/schema")).putArray("enum");
    layers.forEach(l -> ids.add(l.id()));
    ObjectNode paths = (ObjectNode) doc.get("paths");
    Set<String> filterParameters = new TreeSet<>();
    layers.forEach(l -> l.attributes().stream().filter(a -> a.param() != null).forEach(a -> filterParameters.add(a.param())));
    ObjectNode items = (ObjectNode) paths.get(ITEMS);
    ObjectNode download = (ObjectNode) paths.get(DOWNLOAD);
    for (LayerInfo layer : layers) {
      ObjectNode features = items.deepCopy();
      forLayer(doc, features, layer, filterParameters, "collectionId", "getFeatures");
      paths.set("/collections/" + layer.id() + "/items", features);
      ObjectNode file = download.deepCopy();
      forLayer(doc, file, layer, filterParameters, "file", "download");
      ((ArrayNode) file.path("get").path("parameters")).insert(0, format());
      paths.set("/download/" + layer.id() + ".{format}", file);
    }
    // The summary takes what the incidents' items take.
    ObjectNode summary = (ObjectNode) paths.get(SUMMARY);
    layers.stream().filter(l -> l.id().equals(PeriodSummaryApi.LAYER)).findFirst()
        .ifPresent(l -> forLayer(doc, summary, l, filterParameters, "collectionId", "getSummary"));
    // The feed is of the incidents: their queryables are its parameters too.
    layers.stream().filter(l -> l.id().equals(IncidentFeed.LAYER)).findFirst().ifPresent(l -> {
      ArrayNode parameters = (ArrayNode) paths.path(FEED).path("get").path("parameters");
      Set<String> own = new TreeSet<>();
      l.attributes().stream().filter(a -> a.param() != null).forEach(a -> own.add(a.param()));
      l.attributes().stream().filter(a -> !own.contains(a.property())).forEach(a -> parameters.add(queryable(a)));
    });
    // The generic paths declare what every collection takes.
    for (ObjectNode op : List.of((ObjectNode) items.get("get"), (ObjectNode) download.get("get"))) {
      ArrayNode common = JsonNodeFactory.instance.arrayNode();
      op.get("parameters").forEach(p -> {
        if (!filterParameters.contains(name(doc, p))) {
          common.add(p);
        }
      });
      op.set("parameters", common);
    }
    // An operation that asks for no token says so, rather than leaving a client to guess.
    paths.forEach(path -> path.fields().forEachRemaining(op -> {
      if (ApiDefinitionPage.METHODS.contains(op.getKey()) && !op.getValue().has("security")) {
        ((ObjectNode) op.getValue()).putArray("security");
      }
    }));
    return doc;
  }

  /**
   * Makes {@code path}, a copy of a generic path, that of one layer: its GET without the path
   * parameter {@code generic}, with the filter parameters the layer has and none it has not, and
   * with each of its queryables as a parameter.
   */
  private static void forLayer(JsonNode doc, ObjectNode path, LayerInfo layer, Set<String> filterParameters, String generic,
      String operationId) {
    ObjectNode op = (ObjectNode) path.get("get");
    op.put("operationId", operationId + "-" + layer.id());
    op.put("summary", op.path("summary").asText() + ": " + layer.title());
    Set<String> own = new TreeSet<>();
    layer.attributes().stream().filter(a -> a.param() != null).forEach(a -> own.add(a.param()));
    ArrayNode parameters = JsonNodeFactory.instance.arrayNode();
    for (JsonNode p : op.get("parameters")) {
      String name = name(doc, p);
      if (!name.equals(generic) && (!filterParameters.contains(name) || own.contains(name))) {
        parameters.add(p);
      }
    }
    for (Attribute a : layer.attributes()) {
      if (!own.contains(a.property())) {
        parameters.add(queryable(a));
      }
    }
    op.set("parameters", parameters);
  }

  /** The format of a layer's file, by its extension. */
  private static ObjectNode format() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", "format").put("in", "path").put("required", true)
        .put("description", "The file's format: geojson, csv, kml, gpkg (GeoPackage) or zip (ESRI Shapefile)");
    ArrayNode formats = p.putObject("schema").put("type", "string").putArray("enum");
    ExportFormats.all().forEach(f -> formats.add(f.extension()));
    return p;
  }

  /** A queryable given as a parameter: the features whose property equals it (a list: holds it). */
  private static ObjectNode queryable(Attribute a) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", a.property());
    p.put("in", "query");
    p.put("required", false);
    p.put("description", a.title() + ": only features whose " + a.property()
        + (a.type() == Attribute.Type.TEXT_LIST ? " holds" : " is") + " this value. " + a.description());
    ObjectNode schema = p.putObject("schema");
    switch (a.type()) {
      case TEXT, TEXT_LIST -> schema.put("type", "string");
      case INTEGER -> schema.put("type", "integer");
      case NUMBER -> schema.put("type", "number");
      case DATE -> schema.put("type", "string").put("format", "date");
    }
    if (!a.values().isEmpty()) {
      ArrayNode values = schema.putArray("enum");
      a.values().forEach(values::add);
    }
    return p;
  }

  private static String name(JsonNode doc, JsonNode parameter) {
    JsonNode p = parameter.has("$ref") ? doc.at(parameter.get("$ref").asText().substring(1)) : parameter;
    return p.path("name").asText();
  }
}
