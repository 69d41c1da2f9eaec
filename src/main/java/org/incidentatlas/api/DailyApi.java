package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.export.DailyFiguresCsv;
import org.incidentatlas.incident.ClaimTally;
import org.incidentatlas.incident.DailyFigures;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;

/**
 * {@code /collections/{id}/daily}: per day, the incidents the same parameters as items select,
 * by event type, and the fatalities and injuries claimed in them, by side and by claimant, as
 * the charts of the map draw them ({@link DailyFigures}). Summed by the database's cursor over
 * the narrow table, so a layer of a million incidents is counted without reading its GeoJSON.
 */
final class DailyApi {
  /** The property incidents are counted by. */
  private static final String GROUP = "event_type";

  /** How many answers are kept: those of the last few filters a reader switched between. */
  private static final int KEPT = 32;

  private final AtlasStore store;
  /**
   * Recent sums by layer, revision and query: on a large layer the sums take a pass over its rows,
   * and readers switch back and forth between a few filters. The layer's build id names its
   * revision, so a change of the layers is never answered from here.
   */
  private final Map<String, DailyFigures> kept = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, DailyFigures> eldest) {
      return size() > KEPT;
    }
  });

  DailyApi(AtlasStore store) {
    this.store = store;
  }

  void daily(Context ctx) throws IOException {
    LayerInfo layer = OgcApi.layer(store, ctx);
    if (layer.tally() == null || layer.attribute(GROUP).isEmpty()) {
      throw ApiException.notFound("collection '" + layer.id() + "' holds no incidents with claimed figures to count per day");
    }
    boolean csv = "csv".equals(QueryParams.single(ctx.queryParamMap(), "f"));
    Representation r = csv ? Representation.JSON : Representation.of(ctx);
    FeatureQuery q = ItemsRequest.summary(layer, ctx.queryParamMap());
    String base = OgcApi.base(ctx);
    String query = CitationHeaders.cite(ctx, layer, "the figures per day, in their headers,", "Shorten the filter").query();
    if (ctx.method() == HandlerType.HEAD) {
      ctx.contentType(csv ? DailyFiguresCsv.MEDIA_TYPE : Formats.JSON);
      ResponseBody.headersOnly(ctx);
      return;
    }
    DailyFigures figures = figures(layer, q, query);
    if (csv) {
      ctx.contentType(DailyFiguresCsv.MEDIA_TYPE);
      ctx.header("Content-Disposition", "attachment; filename=\"" + layer.id() + "-daily.csv\"");
      try (OutputStream out = ResponseBody.of(ctx)) {
        DailyFiguresCsv.write(figures, out);
      }
      return;
    }
    Map<String, Object> body = json(layer, figures, base, ctx);
    if (r == Representation.HTML) {
      Pages.document(ctx, "Per day: " + layer.title(), IncidentJson.JSON.valueToTree(body), Formats.JSON);
      return;
    }
    try {
      ctx.contentType(Formats.JSON).result(IncidentJson.JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DailyFigures figures(LayerInfo layer, FeatureQuery q, String query) {
    String key = layer.id() + "|" + layer.buildId() + "|" + query.replaceAll("(^|&)f=[^&]*", "");
    DailyFigures figures = kept.get(key);
    if (figures == null) {
      figures = new DailyFigures();
      store.tallies(layer, q, GROUP, figures::add);
      kept.put(key, figures);
    }
    return figures;
  }

  private static Map<String, Object> json(LayerInfo layer, DailyFigures figures, String base, Context ctx) {
    List<LocalDate> days = figures.days();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("collection", layer.id());
    m.put("numberMatched", figures.incidents());
    m.put("days", days.stream().map(LocalDate::toString).toList());
    m.put("incidents", figures.incidentsByType(days));
    Map<String, Map<String, List<Map<String, Object>>>> kinds = new LinkedHashMap<>();
    for (String kind : List.of(ClaimTally.FATALITIES, ClaimTally.INJURIES)) {
      Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
      parts.put("bySide", new ArrayList<>());
      parts.put("byClaimant", new ArrayList<>());
      kinds.put(kind, parts);
    }
    figures.figures(days).forEach((key, v) -> {
      Map<String, Object> series = new LinkedHashMap<>();
      series.put("side", key.side());
      if (!key.claimant().equals(ClaimTally.ALL)) {
        series.put("claimant", key.claimant());
      }
      series.put("low", v[0]);
      series.put("best", v[1]);
      series.put("high", v[2]);
      kinds.get(key.kind()).get(key.claimant().equals(ClaimTally.ALL) ? "bySide" : "byClaimant").add(series);
    });
    m.putAll(kinds);
    m.put("rule", "Each incident counts on its first day. Per incident, rival claims about the same people are never"
        + " added: low is the lowest figure any claimant allows, high the highest, best the median of their best figures;"
        + " only different incidents are added. A claimant's own claims about the same people count once in the same way."
        + " null: nobody claims a figure that day. Period claims are never included.");
    Map<String, List<String>> params = ctx.queryParamMap();
    String self = base + "/api/collections/" + layer.id() + "/daily";
    Map<String, List<String>> selection = new LinkedHashMap<>(params);
    selection.remove("f");
    List<Link> links = List.of(
        new Link(Hrefs.of(self, params, Representation.JSON, Representation.JSON), "self", Formats.JSON, "These figures"),
        new Link(Hrefs.of(self, withF(selection, "csv"), Representation.JSON, Representation.JSON), "alternate",
            DailyFiguresCsv.MEDIA_TYPE, "These figures as CSV"),
        new Link(Hrefs.of(base + "/api/collections/" + layer.id() + "/items", selection, Representation.JSON, Representation.JSON),
            "items", Formats.GEOJSON, "The incidents counted"),
        new Link(Hrefs.collection(base, layer), "collection", Formats.JSON, layer.title()));
    m.put("links", links);
    return m;
  }

  private static Map<String, List<String>> withF(Map<String, List<String>> params, String f) {
    Map<String, List<String>> out = new LinkedHashMap<>(params);
    out.put("f", List.of(f));
    return out;
  }
}
