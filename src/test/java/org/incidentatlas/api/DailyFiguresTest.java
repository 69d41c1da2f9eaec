package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.ApiClient;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /collections/{id}/daily} against the incidents the same query lists: the counts per day
 * and type, and the claimed figures per day, side and claimant, computed here from the items'
 * claims by the rule geodata/README.md states; the CSV holds the same numbers; a claimant's later
 * claim about the same people does not add to its earlier one; what it refuses.
 */
class DailyFiguresTest {
  private static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-daily");
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  /** Low, best and high of one incident's claims by the README's rule: per side and group, never added. */
  private static int[] range(List<JsonNode> claims) {
    Map<String, List<JsonNode>> groups = new TreeMap<>();
    claims.forEach(c -> groups.computeIfAbsent(c.get("side").asText() + "/" + c.get("group").asText(), k -> new ArrayList<>()).add(c));
    int[] sum = new int[3];
    for (List<JsonNode> g : groups.values()) {
      sum[0] += g.stream().mapToInt(c -> c.path("low").asInt(c.get("count").asInt())).min().orElseThrow();
      sum[2] += g.stream().mapToInt(c -> c.path("high").asInt(c.get("count").asInt())).max().orElseThrow();
      int[] best = g.stream().mapToInt(c -> c.get("count").asInt()).sorted().toArray();
      sum[1] += best[(best.length - 1) / 2];
    }
    return sum;
  }

  /** What the daily answer must say, computed from the items: "type|day" → count, "kind|side|claimant|day" → figures. */
  private static Map<String, List<Integer>> expected(JsonNode items) {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (JsonNode f : items.get("features")) {
      JsonNode p = f.get("properties");
      String day = p.get("date").asText();
      out.merge(p.get("event_type").asText() + "|" + day, List.of(1), (a, b) -> List.of(a.get(0) + b.get(0)));
      for (String kind : List.of("fatalities", "injuries")) {
        Map<String, List<JsonNode>> bySide = new TreeMap<>();
        Map<String, List<JsonNode>> byClaimant = new TreeMap<>();
        for (JsonNode c : p.path(kind)) {
          bySide.computeIfAbsent(c.get("side").asText(), k -> new ArrayList<>()).add(c);
          byClaimant.computeIfAbsent(c.get("side").asText() + "|" + c.get("claimed_by").asText(), k -> new ArrayList<>()).add(c);
        }
        bySide.forEach((side, claims) -> add(out, kind + "|" + side + "||" + day, range(claims)));
        byClaimant.forEach((key, claims) -> add(out, kind + "|" + key + "|" + day, range(claims)));
      }
    }
    return out;
  }

  private static void add(Map<String, List<Integer>> out, String key, int[] r) {
    out.merge(key, List.of(r[0], r[1], r[2]), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2)));
  }

  /** The same keys read from the daily answer; a null figure is no entry. */
  private static Map<String, List<Integer>> served(JsonNode daily) {
    Map<String, List<Integer>> out = new TreeMap<>();
    JsonNode days = daily.get("days");
    daily.get("incidents").fields().forEachRemaining(e -> {
      for (int i = 0; i < days.size(); i++) {
        if (e.getValue().get(i).asInt() > 0) {
          out.put(e.getKey() + "|" + days.get(i).asText(), List.of(e.getValue().get(i).asInt()));
        }
      }
    });
    for (String kind : List.of("fatalities", "injuries")) {
      for (String part : List.of("bySide", "byClaimant")) {
        for (JsonNode s : daily.get(kind).get(part)) {
          for (int i = 0; i < days.size(); i++) {
            if (!s.get("low").get(i).isNull()) {
              out.put(kind + "|" + s.get("side").asText() + "|" + s.path("claimant").asText("") + "|" + days.get(i).asText(),
                  List.of(s.get("low").get(i).asInt(), s.get("best").get(i).asInt(), s.get("high").get(i).asInt()));
            }
          }
        }
      }
    }
    return out;
  }

  /** The same keys read from the CSV. */
  private static Map<String, List<Integer>> served(String csv) throws Exception {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(csv.substring(1)))) {
      if (r.get("measure").equals("incidents")) {
        out.put(r.get("event_type") + "|" + r.get("day"), List.of(Integer.parseInt(r.get("count"))));
      } else {
        out.put(r.get("measure") + "|" + r.get("side") + "|" + r.get("claimant") + "|" + r.get("day"),
            List.of(Integer.parseInt(r.get("low")), Integer.parseInt(r.get("best")), Integer.parseInt(r.get("high"))));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "event_type=shelling", "datetime=2020-07-13/2020-07-16", "bbox=45.3,40.8,45.9,41.2",
      "filter=country%3D%27AM%27", "country=AZ&min_fatalities=1"})
  void figuresPerDayAreThoseOfTheIncidentsTheQuerySelects(String query) throws Exception {
    JsonNode items = atlas.json(ApiClient.ITEMS + "?limit=10000&" + query);
    JsonNode daily = atlas.json("/api/collections/incidents/daily?" + query);
    assertEquals(items.get("numberMatched").asLong(), daily.get("numberMatched").asLong());
    Map<String, List<Integer>> expected = expected(items);
    assertEquals(expected, served(daily), query);
    HttpResponse<String> csv = atlas.get("/api/collections/incidents/daily?f=csv&" + query);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.headers().firstValue("X-Atlas-Citation").isPresent(), "cites itself as a download does");
    assertEquals(expected, served(csv.body()), "CSV of " + query);
  }

  @Test
  void everyDayBetweenTheFirstAndTheLastHasAValue() {
    JsonNode daily = atlas.json("/api/collections/incidents/daily");
    JsonNode days = daily.get("days");
    assertTrue(days.size() > 2);
    for (int i = 1; i < days.size(); i++) {
      assertEquals(java.time.LocalDate.parse(days.get(i - 1).asText()).plusDays(1).toString(), days.get(i).asText());
    }
    daily.get("incidents").forEach(counts -> assertEquals(days.size(), counts.size()));
    daily.get("fatalities").get("bySide").forEach(s -> assertEquals(days.size(), s.get("high").size()));
  }

  @Test
  void aClaimantsLaterClaimAboutTheSamePeopleIsNotAddedToItsEarlierOne() {
    String editor = atlas.addUser("erin", Role.EDITOR);
    String reviewer = atlas.addUser("rita", Role.REVIEWER);
    ApiClient api = atlas.api();
    JsonNode settlement = BorderSettlements.free(atlas).get(0);
    String day = "2020-07-30";
    ObjectNode record = TestRecords.shelling(settlement, day);
    String side = settlement.at("/properties/country").asText();
    var claims = ((ObjectNode) record.get("properties")).putArray("fatalities");
    claims.addObject().put("group", "civilian").put("side", side).put("count", 2).put("claimed_by", "Ministry of Defence")
        .put("source", "S1").put("made_at", day);
    claims.addObject().put("group", "civilian").put("side", side).put("count", 4).put("claimed_by", "Ministry of Defence")
        .put("source", "S1").put("made_at", "2020-07-31");
    claims.addObject().put("group", "civilian").put("side", side).put("count", 3).put("claimed_by", "Ombudsman")
        .put("source", "S1").put("made_at", "2020-07-31");
    Reply created = api.post(ApiClient.ITEMS, editor, record);
    assertEquals(201, created.status(), created.raw().body());
    Reply review = api.status(created.body().get("id").asText(), editor, created.etag(), "in_review", null);
    Reply published = api.status(created.body().get("id").asText(), reviewer, review.etag(), "published", null);
    assertEquals(200, published.status(), published.raw().body());

    JsonNode daily = atlas.json("/api/collections/incidents/daily?datetime=" + day);
    Map<String, List<Integer>> figures = served(daily);
    assertEquals(List.of(2, 2, 4), figures.get("fatalities|" + side + "|Ministry of Defence|" + day), figures.toString());
    assertEquals(List.of(3, 3, 3), figures.get("fatalities|" + side + "|Ombudsman|" + day), figures.toString());
    assertEquals(List.of(2, 3, 4), figures.get("fatalities|" + side + "||" + day), figures.toString());
  }

  @Test
  void theFiguresAreNoPropertyAndNoQueryable() {
    JsonNode items = atlas.json(ApiClient.ITEMS + "?limit=10000");
    items.get("features").forEach(f -> assertFalse(f.get("properties").has("claim_tally"), f.get("id").asText()));
    assertFalse(atlas.json("/api/collections/incidents/queryables").get("properties").has("claim_tally"));
    assertEquals(400, atlas.get("/api/collections/incidents/daily?filter="
        + URLEncoder.encode("claim_tally='x'", StandardCharsets.UTF_8)).statusCode());
  }

  @Test
  void refusesWhatItCannotCount() throws Exception {
    for (String[] c : new String[][] {{"/api/collections/countries/daily", "404"}, {"/api/collections/nowhere/daily", "404"},
        {"/api/collections/incidents/daily?limit=5", "400"}, {"/api/collections/incidents/daily?datetime=yesterday", "400"},
        {"/api/collections/incidents/daily?filter=fatalities_high%3E%3D", "400"}, {"/api/collections/incidents/daily?f=xml", "400"}}) {
      HttpResponse<String> r = atlas.get(c[0]);
      assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + ": " + r.body());
      assertTrue(TestAtlas.JSON.readTree(r.body()).hasNonNull("description"), r.body());
    }
  }

  @Test
  void citesAQueryUpToTheLengthADownloadCitesAndRefusesALongerOne() throws Exception {
    String prefix = "filter=" + URLEncoder.encode("place_name = ''", StandardCharsets.UTF_8);
    String longest = prefix.substring(0, prefix.length() - 3) + "x".repeat(Downloads.MAX_CITED_QUERY - prefix.length()) + "%27";
    HttpResponse<String> fits = atlas.get("/api/collections/incidents/daily?" + longest);
    assertEquals(200, fits.statusCode(), fits.body());
    assertEquals(longest, fits.headers().firstValue(CitationHeaders.QUERY).orElseThrow());
    HttpResponse<String> longer = atlas.get("/api/collections/incidents/daily?" + longest.substring(0, longest.length() - 3) + "x%27");
    assertEquals(414, longer.statusCode(), longer.body());
    assertEquals("URITooLong", TestAtlas.JSON.readTree(longer.body()).get("code").asText());
  }
}
