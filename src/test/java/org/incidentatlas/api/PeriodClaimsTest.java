package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.ClaimedRange;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.Test;

/**
 * Period claims against the incidents: a cumulative total is never also an incident's own claim,
 * in geodata or in the served layer; the served coverage is the rule's; {@code /api/period-claims}
 * answers with the claims of the file, filters by days and refuses an unknown id in the API's
 * error shape.
 */
class PeriodClaimsTest {
  private final TestAtlas atlas = TestAtlas.shared();

  /** A figure as who states it, where (the publisher; source ids are per record) and how many. */
  private record Figure(String kind, String claimant, String publisher, String side, String group, int count) {}

  private static String publisher(List<SourceRef> sources, String id) {
    return sources.stream().filter(s -> s.id().equals(id)).map(SourceRef::publisher).findFirst().orElse(id);
  }

  private static String publisher(JsonNode sources, String id) {
    for (JsonNode s : sources) {
      if (s.get("id").asText().equals(id)) {
        return s.get("publisher").asText();
      }
    }
    return id;
  }

  private static List<Figure> figures(PeriodClaim c) {
    List<Figure> out = new ArrayList<>();
    c.fatalities().forEach(f -> out.add(figure("fatalities", f, c.sources())));
    c.injuries().forEach(f -> out.add(figure("injuries", f, c.sources())));
    return out;
  }

  private static Figure figure(String kind, Claim f, List<SourceRef> sources) {
    return new Figure(kind, f.claimedBy(), publisher(sources, f.source()), f.side(), f.group(), f.count());
  }

  private static Figure figure(String kind, JsonNode f, JsonNode sources) {
    return new Figure(kind, f.get("claimed_by").asText(), publisher(sources, f.get("source").asText()),
        f.get("side").asText(), f.get("group").asText(), f.get("count").asInt());
  }

  @Test
  void noIncidentOfGeodataRepeatsAPeriodTotal() {
    Geodata data = Geodata.read(TestAtlas.GEODATA, new SourceReport());
    assertFalse(data.periodClaims().isEmpty(), "geodata has period claims");
    List<String> repeated = new ArrayList<>();
    for (PeriodClaim c : data.periodClaims()) {
      List<Figure> totals = figures(c);
      for (Incident i : data.incidents()) {
        i.fatalities().forEach(f -> {
          if (totals.contains(figure("fatalities", f, i.sources()))) {
            repeated.add(i.id() + " repeats " + c.id() + ": " + f);
          }
        });
        i.injuries().forEach(f -> {
          if (totals.contains(figure("injuries", f, i.sources()))) {
            repeated.add(i.id() + " repeats " + c.id() + ": " + f);
          }
        });
      }
    }
    assertEquals(List.of(), repeated, "a cumulative total is a period claim, never also an incident's claim");
  }

  @Test
  void servedIncidentsNeverCountAPeriodTotalAndListTheClaimsCoveringThem() {
    JsonNode claims = atlas.json("/api/period-claims").get("period_claims");
    assertTrue(claims.size() > 0);
    JsonNode incidents = atlas.json("/api/collections/incidents/items?limit=10000").get("features");
    assertTrue(incidents.size() > 0);
    Map<String, TreeSet<String>> coveredBy = new HashMap<>();
    for (JsonNode claim : claims) {
      List<Figure> totals = new ArrayList<>();
      claim.get("fatalities").forEach(f -> totals.add(figure("fatalities", f, claim.get("sources"))));
      LocalDate start = LocalDate.parse(claim.get("date").asText());
      LocalDate end = LocalDate.parse(claim.get("date_end").asText());
      List<String> area = new ArrayList<>();
      claim.get("area").get("admin1").forEach(a -> area.add(a.asText()));
      List<String> expected = new ArrayList<>();
      for (JsonNode feature : incidents) {
        JsonNode p = feature.get("properties");
        List<Claim> own = new ArrayList<>();
        for (JsonNode f : p.get("fatalities")) {
          assertFalse(totals.contains(figure("fatalities", f, p.get("sources"))),
              feature.get("id").asText() + " counts the total of " + claim.get("id").asText() + " as its own: " + f);
          own.add(new Claim(f.get("group").asText(), f.get("side").asText(), f.get("count").asInt(),
              f.hasNonNull("low") ? f.get("low").asInt() : null, f.hasNonNull("high") ? f.get("high").asInt() : null,
              f.get("claimed_by").asText(), f.get("source").asText(), null));
        }
        // The served range is that of the incident's own claims alone.
        ClaimedRange range = ClaimedRange.of(own);
        assertEquals(range == null ? null : range.best(), p.get("fatalities_best").isNull() ? null : p.get("fatalities_best").asInt());
        assertEquals(range == null ? null : range.high(), p.get("fatalities_high").isNull() ? null : p.get("fatalities_high").asInt());
        LocalDate date = LocalDate.parse(p.get("date").asText());
        LocalDate dateEnd = LocalDate.parse(p.get("date_end").asText());
        boolean covered = area.contains(p.get("admin1").asText()) && !dateEnd.isBefore(start) && !date.isAfter(end);
        List<String> listed = new ArrayList<>();
        p.get("period_claims").forEach(id -> listed.add(id.asText()));
        assertEquals(covered, listed.contains(claim.get("id").asText()), feature.get("id").asText() + " lists " + listed);
        if (covered) {
          expected.add(feature.get("id").asText());
          coveredBy.computeIfAbsent(feature.get("id").asText(), k -> new TreeSet<>()).add(claim.get("id").asText());
        }
      }
      List<String> answered = new ArrayList<>();
      claim.get("incidents").forEach(id -> answered.add(id.asText()));
      assertEquals(new TreeSet<>(expected), new TreeSet<>(answered), claim.get("id").asText());
      assertEquals(claim, atlas.json("/api/period-claims/" + claim.get("id").asText()));
    }
    assertFalse(coveredBy.isEmpty(), "some incident is covered by a period claim");
  }

  @Test
  void datetimeKeepsTheClaimsWhosePeriodOverlaps() {
    JsonNode all = atlas.json("/api/period-claims").get("period_claims");
    JsonNode first = all.get(0);
    String day = first.get("date_end").asText();
    List<String> expected = new ArrayList<>();
    for (JsonNode c : all) {
      if (c.get("date").asText().compareTo(day) <= 0 && c.get("date_end").asText().compareTo(day) >= 0) {
        expected.add(c.get("id").asText());
      }
    }
    List<String> answered = new ArrayList<>();
    atlas.json("/api/period-claims?datetime=" + day + "/" + day).get("period_claims").forEach(c -> answered.add(c.get("id").asText()));
    assertEquals(expected, answered);
    String after = LocalDate.parse(all.findValues("date_end").stream().map(JsonNode::asText).max(String::compareTo).orElseThrow())
        .plusDays(1).toString();
    assertEquals(0, atlas.json("/api/period-claims?datetime=" + after + "/..").get("period_claims").size());
  }

  @Test
  void anUnknownIdIsA404InTheErrorShape() throws Exception {
    HttpResponse<String> r = atlas.get("/api/period-claims/NO-SUCH-CLAIM");
    assertEquals(404, r.statusCode());
    JsonNode body = TestAtlas.JSON.readTree(r.body());
    assertEquals("NotFound", body.get("code").asText());
    assertEquals("error.request.noPeriodClaim", body.get("message").get("key").asText());
    assertTrue(body.get("description").asText().contains("NO-SUCH-CLAIM"));
    assertEquals(400, atlas.get("/api/period-claims?datetime=yesterday").statusCode());
    assertEquals(400, atlas.get("/api/period-claims?limit=3").statusCode());
  }

  @Test
  void theApiDefinitionDeclaresThem() {
    JsonNode paths = atlas.json("/api/openapi").get("paths");
    assertTrue(paths.has("/period-claims"), "OpenAPI paths: " + paths.fieldNames());
    assertTrue(paths.has("/period-claims/{claimId}"));
    assertTrue(Objects.nonNull(paths.get("/period-claims/{claimId}").get("get").get("responses").get("404")));
  }
}
