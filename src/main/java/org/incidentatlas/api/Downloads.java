package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;

/** Layer files, whole or filtered, streamed from the database row by row. */
final class Downloads {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9.]+");

  private final AtlasStore store;

  Downloads(AtlasStore store) {
    this.store = store;
  }

  void geojson(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    if (!file.endsWith(".geojson")) {
      throw ApiException.notFound("downloads are offered as <layer>.geojson, not '" + file + "'");
    }
    String id = file.substring(0, file.length() - ".geojson".length());
    LayerInfo layer = store.layer(id).orElseThrow(() -> ApiException.notFound("no layer '" + id + "'"));
    FeatureQuery q = ItemsRequest.download(layer, ctx.queryParamMap());
    String name = fileName(layer, q) + ".geojson";
    ctx.contentType(Formats.GEOJSON);
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("name", layer.id());
    head.put("title", layer.title());
    head.put("description", layer.description());
    head.put("query", ctx.queryString() == null ? "" : ctx.queryString());
    head.put("buildId", layer.buildId());
    head.put("builtAt", layer.builtAt().toString());
    head.put("sources", layer.sources());
    head.put("exportedAt", Instant.now().toString());
    if (ctx.method() == HandlerType.HEAD) {
      return;
    }
    try (FeatureCollectionWriter out = new FeatureCollectionWriter(ctx.outputStream())) {
      out.begin(head);
      store.stream(layer, q, out::feature);
      out.end(Map.of("numberReturned", out.written()));
    }
  }

  /**
   * A name that says what the file holds, e.g.
   * {@code incident-atlas_incidents_2020-07-12_to_2020-07-14_event_type-shelling_bbox-45.1_40.8_45.9_41.2}.
   */
  static String fileName(LayerInfo layer, FeatureQuery q) {
    List<String> parts = new ArrayList<>(List.of("incident-atlas", layer.id()));
    if (q.time() != null) {
      LocalDate start = q.time().start();
      LocalDate end = q.time().end();
      parts.add(start == null ? "until_" + end : end == null ? "from_" + start : start + "_to_" + end);
    }
    for (PropertyFilter f : q.filters()) {
      parts.add(f.attribute().param() + "-" + String.join("+", f.values().stream().map(v -> safe(v.toString())).toList()));
    }
    if (q.condition() != null) {
      parts.add("filter-" + q.condition().digest());
    }
    if (q.bbox() != null) {
      Bbox b = q.bbox();
      parts.add("bbox-" + String.join("_", Stream.of(b.minLon(), b.minLat(), b.maxLon(), b.maxLat())
          .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
    }
    String name = String.join("_", parts);
    // File systems and browsers cap names; the full query is inside the file and in the headers.
    return name.length() > 180 ? name.substring(0, 180) : name;
  }

  private static String safe(String value) {
    return UNSAFE.matcher(value).replaceAll("-");
  }
}
