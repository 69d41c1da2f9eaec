package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Search over the real atlas: the gazetteer and incidents built from geodata/. */
class PlaceSearchTest {
  private static final String DONDAR_QUSCU = "geonames:586717";
  private static final String AGDAM_TOVUZ = "supplement:agdam-tovuz";
  private static final String AGDAM_KARABAKH = "geonames:148619";
  private static final String AYGEPAR = "supplement:aygepar";
  private static final String MOSESGEGH = "geonames:616403";

  private final AtlasStore store = TestAtlas.shared().store;
  private final PlaceSearch search = new PlaceSearch(store);

  private PlaceHit first(String query) {
    List<PlaceHit> places = search.search(query, 10).places();
    assertFalse(places.isEmpty(), "nothing found for " + query);
    return places.get(0);
  }

  private static List<String> ids(List<PlaceHit> places) {
    return places.stream().map(PlaceHit::id).toList();
  }

  /** The feature as the store holds it, as {geometry, properties}: what a hit must agree with. */
  private JsonNode stored(String layer, String id) throws IOException {
    LayerInfo info = store.layer(layer).orElseThrow();
    StoredFeature f = store.feature(info, id).orElseThrow(() -> new AssertionError(id + " is not in " + layer));
    ObjectNode node = TestAtlas.JSON.createObjectNode();
    node.set("geometry", TestAtlas.JSON.readTree(f.geometryJson()));
    node.set("properties", TestAtlas.JSON.readTree(f.properties()));
    return node;
  }

  private List<JsonNode> storedIncidents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    store.stream(store.layer(PlaceSearch.INCIDENTS).orElseThrow(), FeatureQuery.all(),
        f -> out.add(TestAtlas.JSON.readTree(f.properties())));
    return out;
  }

  @Test
  void aGermanSpellingFindsTheAzerbaijaniName() throws IOException {
    PlaceHit hit = first("Dondar Kuscu");
    assertEquals(DONDAR_QUSCU, hit.id());
    assertEquals("Dondar Quşçu", hit.name());
    assertEquals(stored("settlements", DONDAR_QUSCU).at("/properties/name").asText(), hit.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dondar Qushchu", "Dondar Kuschtschu", "DONDAR QUŞÇU", "dondar quscu", "Dondar-Quşçu"})
  void spellingCaseAndDiacriticsDoNotMatter(String query) {
    assertEquals(DONDAR_QUSCU, first(query).id());
  }

  @Test
  void aRomanisationTheGazetteerDoesNotListIsAVariant() {
    PlaceHit hit = first("Dondar Qushchu");
    assertEquals("variant", hit.match());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Агдам", "Aghdam", "Agdam", "Ağdam", "AGDAM"})
  void everySpellingOfAgdamFindsBothAgdams(String query) {
    List<PlaceHit> places = search.search(query, 10).places();
    assertEquals(Set.of(AGDAM_TOVUZ, AGDAM_KARABAKH), Set.copyOf(ids(places).subList(0, 2)), ids(places).toString());
    assertTrue(places.subList(0, 2).stream().allMatch(p -> p.name().equals("Ağdam")));
  }

  @Test
  void armenianScriptFindsTheRomanisedName() {
    PlaceHit hit = first("Այգեպար");
    assertEquals(AYGEPAR, hit.id());
    assertEquals("Aygepar", hit.name());
  }

  @Test
  void russianScriptFindsArmenianVillages() {
    assertEquals(AYGEPAR, first("Айгепар").id());
    assertEquals(MOSESGEGH, first("Мосесгех").id());
  }

  @Test
  void anAlternateNameFindsThePlace() throws IOException {
    JsonNode names = stored("settlements", MOSESGEGH).at("/properties/names");
    assertTrue(names.toString().contains("\"Movses\""), names.toString());
    PlaceHit hit = first("Movses");
    assertEquals(MOSESGEGH, hit.id());
    assertEquals("Mosesgegh", hit.name());
    assertEquals("Movses", hit.matchedName());
    assertEquals("exact", hit.match());
  }

  @Test
  void oneTypoInALongerNameIsForgiven() {
    PlaceHit hit = first("Mosesgegk");
    assertEquals(MOSESGEGH, hit.id());
    assertEquals("fuzzy", hit.match());
    assertEquals(DONDAR_QUSCU, first("Dondra Quşçu").id());
  }

  @Test
  void theFirstLettersFindThePlaceAsItIsTyped() {
    for (String typed : List.of("Do", "Don", "Dond", "Dondar Q")) {
      List<PlaceHit> places = search.search(typed, 50).places();
      assertTrue(ids(places).contains(DONDAR_QUSCU), typed + ": " + ids(places));
    }
    PlaceHit hit = first("Dond");
    assertEquals(DONDAR_QUSCU, hit.id());
    assertEquals("prefix", hit.match());
  }

  @Test
  void exactMatchesComeBeforePrefixesAndPrefixesBeforeGuesses() {
    List<PlaceHit> places = search.search("Berd", 50).places();
    assertEquals("Berd", places.get(0).name());
    assertEquals("exact", places.get(0).match());
    List<String> kinds = places.stream().map(PlaceHit::match).distinct().toList();
    assertTrue(kinds.size() >= 3, kinds.toString());
    assertRanked(places);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ag", "Tov", "Karmir", "Ağdam", "Aygepar", "Ber", "Nerkin", "a"})
  void equallyGoodMatchesAreOrderedByPopulationThenName(String query) {
    assertRanked(search.search(query, 100).places());
  }

  /**
   * Match kinds never get better down the list; among guesses the nearer name comes first; within
   * one kind and distance, larger places come first.
   */
  private static void assertRanked(List<PlaceHit> places) {
    Map<String, Match> byLabel = Arrays.stream(Match.values()).collect(Collectors.toMap(Match::label, m -> m));
    Comparator<PlaceHit> rank = Comparator.comparing((PlaceHit p) -> byLabel.get(p.match()))
        .thenComparing(PlaceHit::edits, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(PlaceHit::population, Comparator.nullsLast(Comparator.reverseOrder()));
    for (int i = 1; i < places.size(); i++) {
      assertTrue(rank.compare(places.get(i - 1), places.get(i)) <= 0,
          "out of order: " + places.get(i - 1) + " before " + places.get(i));
    }
  }

  @Test
  void aGuessFewerEditsAwayComesBeforeALargerPlaceFartherAway() {
    List<PlaceHit> places = search.search("Şahbz", 10).places();
    assertEquals("Şahbuz", places.get(0).name());
    assertEquals(1, places.get(0).edits());
    PlaceHit farther = places.get(1);
    assertTrue(farther.edits() > 1 && farther.population() > places.get(0).population(), places.toString());
    for (String q : List.of("Şahbz", "Arafa", "Yeghegs", "Madia", "agdam")) {
      List<PlaceHit> hits = search.search(q, 50).places();
      assertRanked(hits);
      for (PlaceHit hit : hits) {
        if (hit.edits() != null) {
          // The edits reported are the fewest to the matched name or one of its words.
          String typed = NameKey.variant(NameKey.fold(q)).replace(" ", "");
          int fewest = Integer.MAX_VALUE;
          String key = NameKey.variant(NameKey.fold(hit.matchedName()));
          for (String part : words(key)) {
            fewest = Math.min(fewest, EditDistance.between(typed, part, NameForm.MAX_DISTANCE));
          }
          assertEquals(fewest, hit.edits().intValue(), q + " -> " + hit);
        }
      }
    }
  }

  /** The name without spaces, each word, and the name from each later word on. */
  private static List<String> words(String spaced) {
    String[] w = spaced.split(" ");
    List<String> out = new ArrayList<>(List.of(spaced.replace(" ", "")));
    for (int i = 0; i < w.length; i++) {
      out.add(w[i]);
      out.add(String.join("", Arrays.copyOfRange(w, i, w.length)));
    }
    return out;
  }

  @Test
  void agdamIsAmbiguousAndBothCandidatesComeWithTheirDistrictsAndCoordinates() throws IOException {
    SearchResult result = search.search("Ağdam", 10);
    assertTrue(result.ambiguous());
    for (String id : List.of(AGDAM_TOVUZ, AGDAM_KARABAKH)) {
      PlaceHit hit = result.places().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
      JsonNode f = stored("settlements", id);
      assertEquals("exact", hit.match());
      assertEquals(f.at("/properties/country").asText(), hit.country());
      assertEquals(f.at("/properties/admin1").asText(), hit.admin1());
      assertEquals(f.at("/geometry/coordinates/0").asDouble(), hit.lon(), 1e-9);
      assertEquals(f.at("/geometry/coordinates/1").asDouble(), hit.lat(), 1e-9);
    }
    Map<String, String> admin1 = result.places().stream().limit(2).collect(Collectors.toMap(PlaceHit::id, PlaceHit::admin1));
    assertEquals(Map.of(AGDAM_TOVUZ, "Tovuz District", AGDAM_KARABAKH, "Ağdam"), admin1);
  }

  @Test
  void aNameOfOnePlaceIsNotAmbiguous() {
    assertFalse(search.search("Movses", 10).ambiguous());
    assertFalse(search.search("Dondar Kuscu", 10).ambiguous());
    assertFalse(search.search("Aygepar", 10).ambiguous());
  }

  @Test
  void aNameStillBeingTypedIsNotCalledAmbiguous() {
    SearchResult result = search.search("Ag", 10);
    assertTrue(result.placesMatched() > 1);
    assertFalse(result.ambiguous());
  }

  @Test
  void anIncidentIsFoundByItsId() throws IOException {
    SearchResult result = search.search("tt2020-0005", 10);
    assertEquals(1, result.incidents().size());
    IncidentHit hit = result.incidents().get(0);
    JsonNode f = stored(PlaceSearch.INCIDENTS, "TT2020-0005");
    assertEquals("TT2020-0005", hit.id());
    assertEquals(PlaceSearch.INCIDENTS, hit.layer());
    assertEquals("id", hit.match());
    assertEquals(f.at("/properties/place_name").asText(), hit.placeName());
    assertEquals(f.at("/properties/date").asText(), hit.date());
    assertEquals(f.at("/properties/date_end").asText(), hit.dateEnd());
    assertEquals(f.at("/properties/event_type").asText(), hit.eventType());
    assertEquals(f.at("/geometry/coordinates/0").asDouble(), hit.lon(), 1e-9);
    assertEquals(f.at("/geometry/coordinates/1").asDouble(), hit.lat(), 1e-9);
  }

  @Test
  void theBeginningOfAnIdFindsTheIncidentsItBegins() throws IOException {
    SearchResult result = search.search("TT2020-001", 100);
    Set<String> expected = storedIncidents().stream().map(p -> p.path("id").asText())
        .filter(id -> id.startsWith("TT2020-001")).collect(Collectors.toSet());
    assertFalse(expected.isEmpty());
    assertEquals(expected, result.incidents().stream().map(IncidentHit::id).collect(Collectors.toSet()));
    assertTrue(result.incidents().stream().allMatch(h -> h.match().equals("id-prefix")));
  }

  @Test
  void incidentsAreFoundByAnyNameOfTheirPlace() throws IOException {
    Set<String> atMosesgegh = storedIncidents().stream()
        .filter(p -> p.path("place_name").asText().equals("Mosesgegh"))
        .map(p -> p.path("id").asText()).collect(Collectors.toSet());
    assertFalse(atMosesgegh.isEmpty());
    for (String query : List.of("Mosesgegh", "Movses", "Մոսեսգեղ", "Мосесгех")) {
      SearchResult result = search.search(query, 100);
      assertEquals(atMosesgegh, result.incidents().stream().map(IncidentHit::id).collect(Collectors.toSet()), query);
    }
  }

  @Test
  void incidentsAreListedUpToTheLimitAndCounted() throws IOException {
    long atTovuz = storedIncidents().stream().filter(p -> p.path("place_name").asText().equals("Tovuz")).count();
    assertTrue(atTovuz > 2);
    SearchResult result = search.search("Tovuz", 2);
    assertEquals(2, result.incidents().size());
    assertEquals(2, result.places().size());
    assertTrue(result.incidentsMatched() >= atTovuz, result.toString());
    List<IncidentHit> all = search.search("Tovuz", 100).incidents();
    assertEquals(result.incidentsMatched(), all.size());
    assertEquals(all.subList(0, 2), result.incidents());
  }

  @Test
  void incidentsThatMatchEquallyWellAreInDateOrder() {
    List<IncidentHit> hits = search.search("Aygepar", 100).incidents();
    assertTrue(hits.size() > 1);
    for (int i = 1; i < hits.size(); i++) {
      IncidentHit a = hits.get(i - 1);
      IncidentHit b = hits.get(i);
      assertTrue(a.date().compareTo(b.date()) < 0 || a.date().equals(b.date()) && a.id().compareTo(b.id()) < 0,
          a + " before " + b);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void aBlankQueryIsRefused(String query) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> search.search(query, 10));
    assertTrue(e.getMessage().contains("blank"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> search.search(null, 10));
  }

  @Test
  void aQueryOfMoreThanAHundredCharactersIsRefused() {
    String hundred = "a".repeat(PlaceSearch.MAX_QUERY_LENGTH);
    search.search(hundred, 10);
    search.search("  " + hundred + "  ", 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> search.search(hundred + "a", 10));
    assertTrue(e.getMessage().contains("101") && e.getMessage().contains("100"), e.getMessage());
  }

  @Test
  void aQueryWithNothingToSearchForOrANonPositiveLimitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> search.search("–…", 10));
    assertThrows(IllegalArgumentException.class, () -> search.search("Berd", 0));
  }

  @Test
  void aNameThatIsNowhereFindsNothing() {
    SearchResult result = search.search("Zzyzx Qqqq", 10);
    assertEquals(List.of(), result.places());
    assertEquals(List.of(), result.incidents());
    assertFalse(result.ambiguous());
  }
}
