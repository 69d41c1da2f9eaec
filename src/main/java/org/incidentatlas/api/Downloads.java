package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;

/** Whole-layer files, streamed from the database row by row. */
final class Downloads {
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
    boolean filtered = q.bbox() != null || q.time() != null;
    String name = "incident-atlas_" + layer.id() + (filtered ? "_filtered" : "") + ".geojson";
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
}
