package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.summary.IncidentTally;
import org.incidentatlas.summary.PeriodSummary;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/collections/incidents/summary} against the items of the same query: the counts by
 * type and side are what the items hold, every claim of those incidents is listed once and in the
 * order claims were made, period claims of the days are listed and not added, the places and
 * sources are those of the items; an empty range is zeros, bad input the items' 400, and the answer
 * carries a download's citation.
 */
class PeriodSummaryTest {
  private static final String SUMMARY = "/api/collections/incidents/summary";
  private final TestAtlas atlas = TestAtlas.shared();

  /** Queries of every kind the items take: none, days, a box, a simple filter, CQL2 text and JSON. */
  private static final List<Map<String, String>> QUERIES = List.of(
      Map.of(),
      Map.of("datetime", "2020-07-12/2020-07-14"),
      Map.of("datetime", "2020-07-16/..", "bbox", "45.0,40.7,46.0,41.3"),
      Map.of("event_type", "shelling,drone_strike"),
      Map.of("filter", "admin1 = 'Tavush' OR fatalities_high >= 2"),
      Map.of("filter-lang", "cql2-json", "filter", "{\"op\":\"=\",\"args\":[{\"property\":\"country\"},\"AZ\"]}"),
      Map.of("admin1", "Tovuz District", "datetime", "2020-07-12"));

  private static String encode(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(params).forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return String.join("&", pairs);
  }

  private JsonNode summary(Map<String, String> query) {
    return atlas.json(SUMMARY + "?" + encode(query));
  }

  private List<JsonNode> items(Map<String, String> query) {
    JsonNode page = atlas.json("/api/collections/incidents/items?" + encode(query) + (query.isEmpty() ? "" : "&") + "limit=10000");
    assertEquals(page.get("numberMatched").asLong(), page.get("numberReturned").asLong(), "one page holds them all");
    List<JsonNode> out = new ArrayList<>();
    page.get("features").forEach(f -> out.add(f.get("properties")));
    return out;
  }

  private long matched(Map<String, String> query) {
    return atlas.json("/api/collections/incidents/items?" + encode(query) + (query.isEmpty() ? "" : "&") + "limit=1")
        .get("numberMatched").asLong();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  @Test
  void countsByTypeAndSideAreThoseOfTheItems() {
    boolean someWithBoth = false;
    for (Map<String, String> query : QUERIES) {
      JsonNode s = summary(query);
      List<JsonNode> items = items(query);
      assertEquals(items.size(), s.get("incidents").asLong(), "incidents of " + query);
      Map<String, Long> types = new LinkedHashMap<>();
      Map<String, Long> sides = new LinkedHashMap<>();
      Incident.EVENT_TYPES.forEach(t -> types.put(t, 0L));
      sides.put("AZ", 0L);
      sides.put("AM", 0L);
      for (JsonNode p : items) {
        types.merge(p.get("event_type").asText(), 1L, Long::sum);
        sides.merge(Objects.requireNonNullElse(text(p.get("country")), "unknown"), 1L, Long::sum);
      }
      Map<String, Long> answeredTypes = new LinkedHashMap<>();
      s.get("by_event_type").fields().forEachRemaining(e -> answeredTypes.put(e.getKey(), e.getValue().asLong()));
      assertEquals(types, answeredTypes, "types of " + query);
      Map<String, Long> answeredSides = new LinkedHashMap<>();
      s.get("by_side").fields().forEachRemaining(e -> answeredSides.put(e.getKey(), e.getValue().asLong()));
      assertEquals(sides, answeredSides, "sides of " + query);
      assertEquals("country", s.get("side_field").asText());
      // The same counts as the items' own filters give, where the query leaves them free.
      if (!query.containsKey("event_type")) {
        for (String type : Incident.EVENT_TYPES) {
          Map<String, String> narrowed = new LinkedHashMap<>(query);
          narrowed.put("event_type", type);
          assertEquals(matched(narrowed), s.get("by_event_type").get(type).asLong(), type + " in " + query);
        }
        Map<String, String> am = new LinkedHashMap<>(query);
        am.put("country", "AM");
        assertEquals(matched(am), s.get("by_side").get("AM").asLong(), "AM in " + query);
        someWithBoth |= s.get("by_side").get("AM").asLong() > 0 && s.get("by_side").get("AZ").asLong() > 0;
      }
      if (!items.isEmpty()) {
        String first = items.stream().map(p -> p.get("date").asText()).min(String::compareTo).orElseThrow();
        String last = items.stream().map(p -> p.get("date_end").asText()).max(String::compareTo).orElseThrow();
        assertEquals(first, s.get("first_date").asText());
        assertEquals(last, s.get("last_date").asText());
      }
    }
    assertTrue(someWithBoth, "some query finds incidents on both sides");
  }

  /** A claim as the items give it, and as the summary lists it. */
  private record ClaimKey(String incident, String figure, String claimedBy, String side, String group, int count, Integer low,
      Integer high, String madeAt, String publisher, String sourceDate) {}

  private static Integer integer(JsonNode n) {
    return n == null || n.isNull() ? null : n.asInt();
  }

  @Test
  void everyClaimOfTheIncidentsIsListedOnceInTheOrderClaimsWereMade() {
    int listed = 0;
    for (Map<String, String> query : QUERIES) {
      JsonNode s = summary(query);
      List<ClaimKey> expected = new ArrayList<>();
      for (JsonNode p : items(query)) {
        Map<String, JsonNode> sources = new HashMap<>();
        p.get("sources").forEach(src -> sources.put(src.get("id").asText(), src));
        for (String figure : List.of("fatalities", "injuries")) {
          for (JsonNode c : p.get(figure)) {
            JsonNode src = sources.get(c.get("source").asText());
            expected.add(new ClaimKey(p.get("id").asText(), figure, c.get("claimed_by").asText(), c.get("side").asText(),
                c.get("group").asText(), c.get("count").asInt(), integer(c.get("low")), integer(c.get("high")), text(c.get("made_at")),
                text(src.get("publisher")), text(src.get("date"))));
          }
        }
      }
      JsonNode claims = s.get("claims");
      assertEquals(expected.size(), claims.get("total").asInt(), "claims of " + query);
      assertFalse(claims.get("truncated").asBoolean());
      List<ClaimKey> answered = new ArrayList<>();
      for (JsonNode c : claims.get("items")) {
        answered.add(new ClaimKey(c.get("incident").asText(), c.get("figure").asText(), c.get("claimed_by").asText(),
            c.get("side").asText(), c.get("group").asText(), c.get("count").asInt(), integer(c.get("low")), integer(c.get("high")),
            text(c.get("made_at")), text(c.at("/source/publisher")), text(c.at("/source/date"))));
      }
      Comparator<ClaimKey> byKey = Comparator.comparing(ClaimKey::toString);
      assertEquals(expected.stream().sorted(byKey).toList(), answered.stream().sorted(byKey).toList(),
          "every claim once: " + query);
      // Over time: by made_at, where there is none by the source's date, then by incident.
      for (int i = 1; i < answered.size(); i++) {
        ClaimKey a = answered.get(i - 1);
        ClaimKey b = answered.get(i);
        String da = a.madeAt() != null ? a.madeAt() : a.sourceDate();
        String db = b.madeAt() != null ? b.madeAt() : b.sourceDate();
        int byDay = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(da, db);
        assertTrue(byDay < 0 || byDay == 0 && a.incident().compareTo(b.incident()) <= 0, a + " before " + b);
      }
      listed += answered.size();
    }
    assertTrue(listed > 0, "some claims are listed");
  }

  @Test
  void periodClaimsOfTheDaysAreListedApartAndNeverAdded() {
    for (String days : List.of("2020-07-12/2020-07-14", "2020-07-20/..", "../2020-07-12")) {
      Map<String, String> query = Map.of("datetime", days);
      JsonNode s = summary(query);
      List<String> expected = new ArrayList<>();
      atlas.json("/api/period-claims?datetime=" + days).get("period_claims").forEach(c -> expected.add(c.get("id").asText()));
      List<String> listed = new ArrayList<>();
      s.get("period_claims").forEach(c -> listed.add(c.get("id").asText()));
      assertEquals(expected, listed, days);
      List<JsonNode> items = items(query);
      for (JsonNode c : s.get("period_claims")) {
        long covering = items.stream().filter(p -> {
          for (JsonNode id : p.get("period_claims")) {
            if (id.asText().equals(c.get("id").asText())) {
              return true;
            }
          }
          return false;
        }).count();
        assertEquals(covering, c.get("covers_matching").asLong(), c.get("id").asText());
      }
      // Never added: the claims listed are the incidents' own, whatever period claims there are.
      long own = items.stream().mapToLong(p -> p.get("fatalities").size() + p.get("injuries").size()).sum();
      assertEquals(own, s.at("/claims/total").asLong());
      Set<String> periodIds = new TreeSet<>(listed);
      s.at("/claims/items").forEach(c -> assertFalse(periodIds.contains(c.get("incident").asText())));
    }
    assertTrue(summary(Map.of("datetime", "2020-07-12/2020-07-14")).get("period_claims").size() > 0,
        "the first days have period claims");
  }

  @Test
  void placesAndSourcesAreThoseOfTheItems() {
    for (Map<String, String> query : QUERIES) {
      JsonNode s = summary(query);
      List<JsonNode> items = items(query);
      Map<String, Long> places = new TreeMap<>();
      Set<List<String>> sources = new TreeSet<>(Comparator.comparing(List::toString));
      long references = 0;
      for (JsonNode p : items) {
        places.merge(p.get("place_id").asText() + " " + p.get("place_name").asText(), 1L, Long::sum);
        for (JsonNode src : p.get("sources")) {
          references++;
          sources.add(java.util.Arrays.asList(text(src.get("publisher")), text(src.get("date")), text(src.get("url"))));
        }
      }
      Map<String, Long> listed = new TreeMap<>();
      for (JsonNode v : s.at("/villages/items")) {
        listed.put(v.get("place_id").asText() + " " + v.get("place_name").asText(), v.get("incidents").asLong());
        HttpResponse<String> village = atlas.get("/api/collections/shelled_villages/items/"
            + URLEncoder.encode(v.get("place_id").asText(), StandardCharsets.UTF_8));
        assertEquals(village.statusCode() == 200, v.hasNonNull("shelled_village"), v.toString());
        if (village.statusCode() == 200) {
          JsonNode feature = atlas.json(v.at("/shelled_village/href").asText().replaceFirst("^http://[^/]+", ""));
          assertEquals(v.get("place_id").asText(), feature.get("id").asText());
          assertEquals(feature.at("/properties/name").asText(), v.at("/shelled_village/name").asText());
        }
      }
      assertEquals(places, listed, "places of " + query);
      assertEquals(places.size(), s.at("/villages/total").asInt());
      assertEquals(references, s.at("/sources/references").asLong());
      Set<List<String>> answered = new TreeSet<>(Comparator.comparing(List::toString));
      s.at("/sources/distinct/items").forEach(src -> answered.add(java.util.Arrays.asList(text(src.get("publisher")),
          text(src.get("date")), text(src.get("url")))));
      assertEquals(sources, answered, "sources of " + query);
      assertEquals(sources.size(), s.at("/sources/distinct/items").size(), "each source once");
    }
    assertTrue(summary(Map.of()).at("/villages/items").findValues("shelled_village").stream().anyMatch(v -> !v.isNull()),
        "some place is a shelled village");
  }

  @Test
  void aRangeWithoutIncidentsIsZeros() throws Exception {
    JsonNode s = summary(Map.of("datetime", "1990-01-01/1990-01-31"));
    assertEquals(0, s.get("incidents").asLong());
    assertTrue(s.get("first_date").isNull());
    Incident.EVENT_TYPES.forEach(t -> assertEquals(0, s.get("by_event_type").get(t).asLong(), t));
    assertEquals(0, s.get("by_side").get("AZ").asLong());
    assertEquals(0, s.get("by_side").get("AM").asLong());
    assertEquals(0, s.at("/claims/total").asLong());
    assertEquals(0, s.at("/claims/items").size());
    assertEquals(0, s.at("/villages/items").size());
    assertEquals(0, s.at("/sources/references").asLong());
    assertEquals(0, s.get("period_claims").size());
    HttpResponse<String> page = atlas.get(SUMMARY + "?datetime=1990-01-01/1990-01-31&f=html");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("No incident matches."), page.body());
  }

  @Test
  void badInputIsTheItemsFourHundredInJson() throws Exception {
    for (String bad : List.of("datetime=yesterday", "datetime=2020-07-14/2020-07-12",
        "filter=" + URLEncoder.encode("admin1 = ", StandardCharsets.UTF_8),
        "filter=" + URLEncoder.encode("nosuch = 1", StandardCharsets.UTF_8), "bbox=1,2,3", "event_type=", "min_fatalities=-1",
        "limit=3", "sortby=date", "datetime=2020-07-12&datetime=2020-07-13")) {
      HttpResponse<String> r = atlas.get(SUMMARY + "?" + bad);
      assertEquals(400, r.statusCode(), bad);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), bad);
      JsonNode body = TestAtlas.JSON.readTree(r.body());
      assertEquals("InvalidParameterValue", body.get("code").asText(), bad);
      if (!bad.startsWith("limit") && !bad.startsWith("sortby")) {
        JsonNode items = TestAtlas.JSON.readTree(atlas.get("/api/collections/incidents/items?" + bad).body());
        assertEquals(items.get("description"), body.get("description"), bad);
      }
    }
    assertEquals(400, atlas.get(SUMMARY + "?f=xml").statusCode());
    // A valid filter too long for the citation in the headers, as a download refuses it.
    String longFilter = "id IN (" + String.join(",", java.util.Collections.nCopies(150, "'TT2020-0001'")) + ")";
    HttpResponse<String> tooLong = atlas.get(SUMMARY + "?filter=" + URLEncoder.encode(longFilter, StandardCharsets.UTF_8));
    assertEquals(414, tooLong.statusCode());
    assertEquals("URITooLong", TestAtlas.JSON.readTree(tooLong.body()).get("code").asText());
    assertEquals(404, atlas.get("/api/collections/countries/summary").statusCode());
  }

  @Test
  void itCarriesTheCitationOfADownloadInItsHeadersAndBody() throws Exception {
    String path = SUMMARY + "?datetime=2020-07-12/2020-07-14&event_type=shelling";
    HttpResponse<String> r = atlas.get(path);
    assertEquals(200, r.statusCode());
    JsonNode body = TestAtlas.JSON.readTree(r.body());
    JsonNode citation = body.get("citation");
    String header = r.headers().firstValue("X-Atlas-Citation").orElseThrow();
    assertEquals(citation.get("citation").asText(), header);
    assertTrue(header.endsWith(atlas.url(path)), header);
    assertEquals(atlas.url(path), citation.get("url").asText());
    assertEquals("datetime=2020-07-12/2020-07-14&event_type=shelling", citation.get("query").asText());
    assertTrue(r.headers().firstValue("Link").orElseThrow().contains("<" + atlas.url(path) + ">; rel=\"cite-as\""));
    // The same build, sources and licences as a download of the same incidents.
    HttpResponse<String> download = atlas.head("/download/incidents.geojson?datetime=2020-07-12/2020-07-14&event_type=shelling");
    for (String name : List.of("X-Atlas-Checksum", "X-Atlas-Build", "X-Atlas-Licence", "X-Atlas-Attribution", "X-Atlas-Title")) {
      assertEquals(download.headers().firstValue(name), r.headers().firstValue(name), name);
    }
    assertEquals(download.headers().firstValue("X-Atlas-Checksum").orElseThrow(), citation.get("checksum").asText());
    HttpResponse<String> head = atlas.head(path);
    assertEquals(200, head.statusCode());
    assertEquals(r.headers().firstValue("X-Atlas-Checksum"), head.headers().firstValue("X-Atlas-Checksum"));
    // The page cites it too.
    String page = atlas.get(path + "&f=html").body();
    assertTrue(page.contains("Cite this summary"));
    assertTrue(page.contains(citation.get("checksum").asText()));
  }

  @Test
  void aBrowserGetsThePageWithTheCounts() {
    HttpResponse<String> r = atlas.send(atlas.request(SUMMARY + "?datetime=2020-07-12/2020-07-14")
        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    JsonNode s = summary(Map.of("datetime", "2020-07-12/2020-07-14"));
    assertTrue(r.body().contains(s.get("incidents").asText() + " incidents match"), r.body());
    assertFalse(r.body().contains(">armed_clash<"), "types are named in words");
    assertTrue(r.body().contains("Azerbaijan"));
  }

  @Test
  void theCollectionLinksItAndTheApiDefinitionDeclaresIt() {
    JsonNode links = atlas.json("/api/collections/incidents").get("links");
    List<String> summaries = new ArrayList<>();
    links.forEach(l -> {
      if (l.get("href").asText().contains("/summary")) {
        summaries.add(l.get("rel").asText() + " " + l.get("type").asText());
      }
    });
    assertEquals(List.of("related application/json", "related text/html"), summaries);
    atlas.json("/api/collections/countries").get("links").forEach(l -> assertFalse(l.get("href").asText().contains("/summary")));
    JsonNode op = atlas.json("/api/openapi").at("/paths/~1collections~1incidents~1summary/get");
    assertFalse(op.isMissingNode());
    List<String> names = new ArrayList<>();
    JsonNode doc = atlas.json("/api/openapi");
    op.get("parameters").forEach(p -> names.add(p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)).get("name").asText()
        : p.get("name").asText()));
    assertTrue(names.containsAll(List.of("bbox", "datetime", "event_type", "filter", "admin1", "f")), names.toString());
    assertFalse(names.contains("limit"), names.toString());
  }

  @Test
  void longListsAreCutAtTheirLimitAndTheCountsStayExact() throws Exception {
    LayerInfo layer = atlas.store.layer("incidents").orElseThrow();
    IncidentTally whole = new IncidentTally();
    atlas.store.stream(layer, FeatureQuery.all(), whole);
    PeriodSummary all = whole.result(List.of(), id -> null);
    assertTrue(all.villages().items().stream().map(PeriodSummary.Place::placeId).distinct().count() < all.villages().total(),
        "records placed at one district reference keep their villages apart");
    assertTrue(all.claims().total() > 3 && all.villages().total() > 2 && all.sources().distinct().items().size() > 2);
    IncidentTally small = new IncidentTally(3, 2, 2);
    atlas.store.stream(layer, FeatureQuery.all(), small);
    PeriodSummary cut = small.result(List.of(), id -> null);
    assertEquals(all.incidents(), cut.incidents());
    assertEquals(all.byEventType(), cut.byEventType());
    assertEquals(all.bySide(), cut.bySide());
    assertEquals(all.claims().total(), cut.claims().total());
    assertTrue(cut.claims().truncated());
    assertEquals(all.claims().items().subList(0, 3), cut.claims().items(), "the first claims in their order");
    assertEquals(all.villages().total(), cut.villages().total());
    assertTrue(cut.villages().truncated());
    assertEquals(all.villages().items().subList(0, 2), cut.villages().items());
    assertTrue(cut.sources().distinct().truncated());
    assertNull(cut.sources().distinct().total());
    assertEquals(all.sources().distinct().items().subList(0, 2), cut.sources().distinct().items());
    assertEquals(all.sources().references(), cut.sources().references());
    assertNotNull(all.sources().distinct().total());
    assertFalse(all.claims().truncated());
  }
}
