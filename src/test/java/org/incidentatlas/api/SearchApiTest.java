package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;

/** {@code /api/search} over HTTP: the answers of the search package, and clear 400s. */
class SearchApiTest {
  private final TestAtlas atlas = TestAtlas.shared();

  private JsonNode search(String q) {
    return atlas.json("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  @Test
  void bothSpellingsAndScriptsFindThePlace() {
    JsonNode dondar = search("Dondar Kuscu").get("places").get(0);
    assertEquals("Dondar Quşçu", dondar.get("name").asText());
    JsonNode agdam = search("Агдам");
    assertTrue(agdam.get("ambiguous").asBoolean(), agdam.toString());
    List<String> districts = new ArrayList<>();
    agdam.get("places").forEach(p -> {
      if (p.get("name").asText().equals("Ağdam")) {
        districts.add(p.get("admin1").asText());
      }
    });
    assertTrue(districts.contains("Tovuz District") && districts.size() >= 2, "candidates: " + districts);
  }

  @Test
  void incidentsAreFoundByIdWithTheirPlaceAndLayer() {
    JsonNode first = atlas.json("/api/collections/incidents/items?limit=1").get("features").get(0);
    String id = first.get("id").asText();
    JsonNode hit = search(id).get("incidents").get(0);
    assertEquals(id, hit.get("id").asText());
    assertEquals("incidents", hit.get("layer").asText());
    assertEquals(first.get("properties").get("place_name").asText(), hit.get("placeName").asText());
    assertEquals(first.get("geometry").get("coordinates").get(0).asDouble(), hit.get("lon").asDouble(), 1e-9);
  }

  @Test
  void theLimitCapsEachList() {
    JsonNode r = atlas.json("/api/search?q=a&limit=2");
    assertTrue(r.get("places").size() <= 2 && r.get("incidents").size() <= 2, r.toString());
  }

  @Test
  void badQueriesAreA400ThatSaysWhy() throws Exception {
    for (String[] c : new String[][] {
        {"", "'q' is required"},
        {"?q=", "blank"},
        {"?q=%20%20", "blank"},
        {"?q=" + "x".repeat(101), "101 characters"},
        {"?q=Tovuz&limit=0", "limit"},
        {"?q=Tovuz&limit=51", "limit"},
        {"?q=Tovuz&limit=ten", "limit"},
        {"?q=Tovuz&bbox=1,2,3,4", "unknown parameter 'bbox'"},
        {"?q=Tovuz&q=Berd", "given 2 times"},
        {"?q=Tovuz&f=xml", "f='xml'"}}) {
      HttpResponse<String> r = atlas.get("/api/search" + c[0]);
      assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
      JsonNode body = TestAtlas.JSON.readTree(r.body());
      assertEquals("InvalidParameterValue", body.get("code").asText());
      assertTrue(body.get("description").asText().contains(c[1]), c[0] + " -> " + body);
    }
  }

  /** The settlement as the settlements layer serves it. */
  private JsonNode settlement(String id) {
    return atlas.json("/api/collections/settlements/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
  }

  /** The rule docs/api.md states for {@code kind}, applied to what the settlements layer holds. */
  private static String kindOf(JsonNode properties) {
    String code = properties.path("feature_code").asText("");
    long population = properties.path("population").asLong(0);
    if (code.equals("PPLC") || population >= 100_000) {
      return "city";
    }
    if (Set.of("PPLA", "PPLA2", "PPLA3", "PPLA4").contains(code) || population >= 5_000) {
      return "town";
    }
    return "village";
  }

  @Test
  void everyPlaceHitCarriesItsKindAndBorderDistanceFromTheSettlementsLayer() {
    Set<String> kinds = new java.util.TreeSet<>();
    for (String q : List.of("agdam", "Berd", "Yerevan", "Tovuz", "Ag")) {
      for (JsonNode hit : search(q).get("places")) {
        JsonNode p = settlement(hit.get("id").asText()).get("properties");
        String what = q + " -> " + hit;
        assertEquals(kindOf(p), hit.get("kind").asText(), what);
        assertEquals(p.get("border_distance_km").asDouble(), hit.get("borderDistanceKm").asDouble(), 1e-9, what);
        assertEquals(p.get("country_by_location").asText(), hit.get("borderSide").asText(), what);
        kinds.add(hit.get("kind").asText());
      }
    }
    assertEquals(Set.of("village", "town", "city"), kinds, "the queries should reach every kind");
    Map<String, String> agdams = new java.util.HashMap<>();
    search("agdam").get("places").forEach(p -> agdams.put(p.get("id").asText(), p.get("kind").asText()));
    assertEquals("village", agdams.get("supplement:agdam-tovuz"));
    assertEquals("town", agdams.get("geonames:148619"));
  }

  @Test
  void exactNamesComeBeforeGuessesAndTheNearestGuessFirst() {
    JsonNode places = search("agdam").get("places");
    assertEquals(List.of("Ağdam", "Ağdam"), List.of(places.get(0).get("name").asText(), places.get(1).get("name").asText()));
    assertEquals(Set.of("supplement:agdam-tovuz", "geonames:148619"),
        Set.of(places.get(0).get("id").asText(), places.get(1).get("id").asText()));
    assertEquals("exact", places.get(0).get("match").asText());
    assertEquals("exact", places.get(1).get("match").asText());
    assertEquals("Ağdaş", places.get(2).get("name").asText(), places.toString());
    assertEquals("fuzzy", places.get(2).get("match").asText());
    // Equally exact: the larger place first.
    assertTrue(places.get(0).get("population").asLong(0) >= places.get(1).get("population").asLong(0), places.toString());
    assertFuzzyByEdits(places);

    // A guess one edit away comes before a much larger place two or more edits away.
    JsonNode guesses = search("Şahbz").get("places");
    assertEquals("Şahbuz", guesses.get(0).get("name").asText(), guesses.toString());
    assertEquals(1, guesses.get(0).get("edits").asInt());
    assertTrue(guesses.size() > 1 && guesses.get(1).get("edits").asInt() > 1
        && guesses.get(1).get("population").asLong(0) > guesses.get(0).get("population").asLong(0), guesses.toString());
    assertFuzzyByEdits(guesses);
    assertFuzzyByEdits(search("Arafa").get("places"));
  }

  private static void assertFuzzyByEdits(JsonNode places) {
    int last = 0;
    boolean fuzzy = false;
    for (JsonNode p : places) {
      if (p.get("match").asText().equals("fuzzy")) {
        fuzzy = true;
        assertTrue(p.get("edits").asInt() >= last, "closer guess after a farther one: " + places);
        last = p.get("edits").asInt();
      } else {
        assertFalse(fuzzy, "an exact or partial match after a guess: " + places);
        assertTrue(p.get("edits").isNull(), p.toString());
      }
    }
  }

  @Test
  void aQueryOfAHundredCharactersIsAnsweredAndALongerOneIsA400() throws Exception {
    // Characters, not bytes or UTF-16 units: a hundred ə (two bytes each) are allowed.
    for (String letter : List.of("a", "ə", "ա")) {
      HttpResponse<String> ok = atlas.get("/api/search?q=" + URLEncoder.encode(letter.repeat(100), StandardCharsets.UTF_8));
      assertEquals(200, ok.statusCode(), ok.body());
      HttpResponse<String> tooLong = atlas.get("/api/search?q=" + URLEncoder.encode(letter.repeat(101), StandardCharsets.UTF_8));
      assertEquals(400, tooLong.statusCode(), tooLong.body());
      assertTrue(tooLong.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), tooLong.headers().toString());
      JsonNode body = TestAtlas.JSON.readTree(tooLong.body());
      assertEquals("InvalidParameterValue", body.get("code").asText());
      assertTrue(body.get("description").asText().contains("at most 100"), body.toString());
    }
  }
}
