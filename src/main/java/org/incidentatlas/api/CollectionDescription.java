package org.incidentatlas.api;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.export.ExportFormat;
import org.incidentatlas.export.ExportFormats;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.LayerInfo;

/** The collection descriptions of OGC API Features, made from catalogue entries. */
public final class CollectionDescription {
  static final String CRS84 = ServedCrs.CRS84.uri();
  static final String GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

  private CollectionDescription() {}

  static Map<String, Object> describe(LayerInfo layer, String base) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", layer.id());
    c.put("title", layer.title());
    c.put("description", layer.description());
    c.put("itemType", "feature");
    c.put("crs", ServedCrs.uris());
    c.put("storageCrs", CRS84);
    c.put("extent", extent(layer));
    c.put("geometryType", layer.geometryType());
    c.put("featureCount", layer.featureCount());
    // Which query parameters filter this collection, so that clients (the map among them) need
    // not know it in advance.
    c.put("filterParameters", filterParameters(layer));
    c.put("sources", layer.sources());
    c.put("buildId", layer.buildId());
    c.put("builtAt", layer.builtAt().toString());
    c.put("links", links(layer, base, Representation.JSON));
    return c;
  }

  /** A query parameter that filters the collection, and how. */
  public record FilterParameter(String parameter, String property, String kind) {}

  public static List<FilterParameter> filterParameters(LayerInfo layer) {
    return layer.attributes().stream().filter(a -> a.param() != null)
        .map(a -> new FilterParameter(a.param(), a.property(), a.rule().label())).toList();
  }

  /** The links of a collection in the representation being sent: itself, its items and its file. */
  static List<Link> links(LayerInfo layer, String base, Representation current) {
    String self = Hrefs.collection(base, layer);
    List<Link> links = new ArrayList<>(Hrefs.selfAndAlternate(self, Map.of(), current, Formats.JSON, layer.title()));
    links.add(Hrefs.link(self + "/items", Map.of(), "items", Representation.JSON, current, Formats.GEOJSON,
        layer.title() + " as GeoJSON features"));
    links.add(Hrefs.link(self + "/items", Map.of(), "items", Representation.HTML, current, Formats.GEOJSON,
        layer.title() + " as a table of features"));
    links.addAll(Hrefs.both(self + "/queryables", SchemasApi.QUERYABLES_REL, current, SchemasApi.SCHEMA_JSON,
        "What filter and sortby can use"));
    links.addAll(Hrefs.both(self + "/schema", SchemasApi.SCHEMA_REL, current, SchemasApi.SCHEMA_JSON,
        "Every property of its features"));
    if (layer.id().equals(PeriodSummaryApi.LAYER)) {
      links.addAll(PeriodSummaryApi.links(base, current));
    }
    for (ExportFormat format : ExportFormats.all()) {
      links.add(new Link(base + "/download/" + layer.id() + "." + format.extension(), "enclosure", format.mediaType(),
          "Whole layer as a ." + format.extension() + " file"));
    }
    return links;
  }

  private static Map<String, Object> extent(LayerInfo layer) {
    Map<String, Object> extent = new LinkedHashMap<>();
    if (layer.bbox() != null) {
      var b = layer.bbox();
      extent.put("spatial", Map.of("bbox", List.of(List.of(b.minLon(), b.minLat(), b.maxLon(), b.maxLat())), "crs", CRS84));
    }
    if (layer.temporal()) {
      List<String> interval = new ArrayList<>();
      interval.add(layer.start().atStartOfDay().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z");
      interval.add(layer.end().atTime(23, 59, 59).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z");
      extent.put("temporal", Map.of("interval", List.of(interval), "trs", GREGORIAN));
    }
    return extent;
  }
}
