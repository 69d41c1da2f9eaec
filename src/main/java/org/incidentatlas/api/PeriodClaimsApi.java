package org.incidentatlas.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.derive.EnrichedIncident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.incident.PeriodClaimParser;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;
import org.incidentatlas.store.TimeRange;

/**
 * {@code /api/period-claims}: totals claimed over several days and districts, each with the
 * incidents it covers. The claims are read from {@code geodata/period_claims.json}; which incidents
 * they cover is read from the served {@code incidents} layer, so that it follows published records.
 */
final class PeriodClaimsApi {
  private static final Set<String> PARAMETERS = Set.of("datetime", "f");
  private static final Attribute COVERED_BY = EnrichedIncident.ATTRIBUTES.stream()
      .filter(a -> a.property().equals("period_claims")).findFirst().orElseThrow();

  private final AtlasStore store;
  private final Path file;
  private volatile List<PeriodClaim> claims;

  PeriodClaimsApi(AtlasStore store, Path geodataDir) {
    this.store = store;
    this.file = geodataDir.resolve("period_claims.json");
  }

  void list(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), PARAMETERS);
    Representation r = Representation.of(ctx);
    LayerInfo incidents = incidents();
    TimeRange time = ItemsRequest.time(incidents, QueryParams.single(ctx.queryParamMap(), "datetime"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (PeriodClaim c : overlapping(time)) {
      out.add(json(c, incidents));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("period_claims", out);
    write(ctx, r, "Period claims", body);
  }

  void one(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("f"));
    Representation r = Representation.of(ctx);
    String id = ctx.pathParam("claimId");
    PeriodClaim claim = claims().stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> ApiException.notFound(MessageKey.NO_PERIOD_CLAIM.with("id", id)));
    write(ctx, r, "Period claim " + id, json(claim, incidents()));
  }

  /** The claims whose period shares a day with {@code time}; all of them when it is null. */
  List<PeriodClaim> overlapping(TimeRange time) {
    return claims().stream().filter(c -> time == null || c.overlaps(time.start(), time.end())).toList();
  }

  private List<PeriodClaim> claims() {
    List<PeriodClaim> read = claims;
    if (read == null) {
      read = PeriodClaimParser.read(file, "period_claims.json", new SourceReport());
      claims = read;
    }
    return read;
  }

  private LayerInfo incidents() {
    return store.layer("incidents").orElseThrow(() -> ApiException.notFound(MessageKey.NO_COLLECTION.with("id", "incidents")));
  }

  private Map<String, Object> json(PeriodClaim c, LayerInfo incidents) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("date", c.date().toString());
    m.put("date_end", c.dateEnd().toString());
    m.put("area", c.area());
    m.put("statement", c.statement());
    m.put("fatalities", c.fatalities());
    m.put("injuries", c.injuries());
    m.put("damage", c.damage());
    m.put("sources", c.sources());
    m.put("notes", c.notes());
    m.put("incidents", covered(c, incidents));
    return m;
  }

  private List<String> covered(PeriodClaim c, LayerInfo incidents) {
    FeatureQuery q = new FeatureQuery(null, null, List.of(new PropertyFilter(COVERED_BY, List.of(c.id()))), null,
        List.of(), FeatureQuery.UNLIMITED, 0);
    List<String> ids = new ArrayList<>();
    try {
      store.stream(incidents, q, f -> ids.add(f.id()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ids.sort(null);
    return ids;
  }

  private static void write(Context ctx, Representation r, String title, Object body) {
    if (r == Representation.HTML) {
      Pages.document(ctx, title, IncidentJson.JSON.valueToTree(body), Formats.JSON);
      return;
    }
    try {
      ctx.contentType(Formats.JSON).result(IncidentJson.JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
