package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.incidentatlas.api.html.SummaryPage;
import org.incidentatlas.message.Labels;
import org.incidentatlas.export.Citation;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.summary.IncidentTally;
import org.incidentatlas.summary.PeriodSummary;
import org.incidentatlas.summary.PeriodSummary.VillageLink;

/**
 * {@code /api/collections/incidents/summary}: what the incidents the items' parameters select
 * amount to ({@link IncidentTally}), with the period claims of those days apart, citable as a
 * download is: the same citation in the headers and in the body.
 */
final class PeriodSummaryApi {
  static final String PATH = "/api/collections/incidents/summary";
  static final String LAYER = "incidents";
  private static final String VILLAGES = "shelled_villages";
  private static final String TITLE = SummaryPage.TITLE;

  private final AtlasStore store;
  private final PeriodClaimsApi periodClaims;
  private final Labels labels;

  PeriodSummaryApi(AtlasStore store, PeriodClaimsApi periodClaims, Labels labels) {
    this.store = store;
    this.periodClaims = periodClaims;
    this.labels = labels;
  }

  /** The summary's links from the incidents collection, as JSON and as a page. */
  static List<Link> links(String base, Representation from) {
    return Hrefs.both(base + PATH, "related", from, Formats.JSON, "Summary of the incidents: counts by type and side, claims,"
        + " places and sources, for any filter");
  }

  void summary(Context ctx) throws IOException {
    LayerInfo layer = store.layer(LAYER).orElseThrow(() -> ApiException.notFound(MessageKey.NO_COLLECTION.with("id", LAYER)));
    Map<String, List<String>> params = ctx.queryParamMap();
    FeatureQuery q = ItemsRequest.summary(layer, params);
    Representation r = Representation.of(ctx);
    String base = OgcApi.base(ctx);
    Citation citation = CitationHeaders.cite(ctx, layer, "a summary, in its headers and body,", "Shorten the filter");
    if (r == Representation.JSON && ctx.method() == HandlerType.HEAD) {
      ctx.contentType(Formats.JSON);
      ResponseBody.headersOnly(ctx);
      return;
    }
    IncidentTally tally = new IncidentTally();
    store.stream(layer, q, tally);
    PeriodSummary summary = tally.result(periodClaims.overlapping(q.time()), villageLink(base, r));
    Map<String, List<String>> selection = new LinkedHashMap<>(params);
    selection.remove("f");
    String collection = Hrefs.collection(base, layer);
    List<Link> links = new ArrayList<>(Hrefs.selfAndAlternate(base + PATH, params, r, Formats.JSON, TITLE));
    links.add(Hrefs.link(collection + "/items", selection, "items", r, r, Formats.GEOJSON, "The incidents summarised"));
    links.add(Hrefs.link(collection, Map.of(), "collection", r, r, Formats.JSON, layer.title()));
    if (r == Representation.HTML) {
      Pages.send(ctx, SummaryPage.of(base, layer, summary, selection, citation,
          id -> Hrefs.of(collection + "/items/" + Hrefs.encode(id), Representation.HTML, r),
          id -> Hrefs.of(base + "/api/period-claims/" + Hrefs.encode(id), Representation.HTML, r), links, labels));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", TITLE);
    body.put("query", selection);
    body.put("side_field", PeriodSummary.SIDE_FIELD);
    body.put("claims_order", "by made_at, or the source's date where a claim has none; then by incident");
    body.put("period_claims_rule", "claims about a whole period and area whose days overlap the query's; never added to"
        + " the incidents' figures nor to each other");
    IncidentJson.JSON.valueToTree(summary).fields().forEachRemaining(e -> body.put(e.getKey(), e.getValue()));
    body.put("citation", citation.items());
    body.put("links", links);
    ctx.contentType(Formats.JSON).result(IncidentJson.JSON.writeValueAsBytes(body));
  }


  /** The feature of a place among the shelled villages, null when it is none. */
  private Function<String, VillageLink> villageLink(String base, Representation r) {
    LayerInfo villages = store.layer(VILLAGES).orElse(null);
    if (villages == null) {
      return id -> null;
    }
    String items = Hrefs.collection(base, villages) + "/items/";
    return id -> store.feature(villages, id).map(f -> new VillageLink(Hrefs.of(items + Hrefs.encode(id), r, r),
        name(f.properties()))).orElse(null);
  }

  private static String name(byte[] properties) {
    try {
      return IncidentJson.JSON.readTree(properties).path("name").asText(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
