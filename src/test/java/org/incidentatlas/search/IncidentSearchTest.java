package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.IncludedChange;
import org.incidentatlas.store.LayerChange;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.LayerWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Incident search over a layer far larger than the real one, written to its own store: many
 * incidents at few places, as in the benchmark databases, found in the database.
 */
class IncidentSearchTest {
  private static final int COUNT = 12_000;
  private static final List<List<String>> PLACES = List.of(
      List.of("Tovuz", "Товуз", "Տավուշ"),
      List.of("Ağdam", "Aghdam", "Агдам"),
      List.of("Berd", "Берд", "Բերդ"));

  @TempDir
  static Path dataDir;
  static AtlasStore store;

  @BeforeAll
  static void writeLayer() {
    GeometryFactory gf = new GeometryFactory();
    LocalDate first = LocalDate.of(2020, 7, 12);
    Iterable<LayerFeature> features = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < COUNT;
      }

      @Override
      public LayerFeature next() {
        int k = i++;
        List<String> names = PLACES.get(k % PLACES.size());
        // Stored out of date order, so that listing them in date order is the index's doing.
        LocalDate day = first.plusDays((COUNT - k) % 10);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", String.format("SYN-%05d", k));
        p.put("date", day.toString());
        p.put("date_end", day.plusDays(1).toString());
        p.put("event_type", k % 2 == 0 ? "shelling" : "armed_clash");
        p.put("place_name", names.get(0));
        p.put("place_names", names.subList(1, names.size()));
        p.put("notes", "generated for a test");
        return new LayerFeature("SYN-" + k, gf.createPoint(new Coordinate(45 + k % 7 * 0.1, 40.9)), day, day.plusDays(1), p);
      }
    };
    try (LayerWriter writer = LayerWriter.begin(new H2Database(dataDir))) {
      // The incidents layer's own queryables: search reads their columns.
      writer.write(AtlasBuild.incidentsLayer(features),
          List.<LayerInfo.SourceFile>of());
      writer.commit("test", "generated incidents", IncludedChange.NONE);
    }
    store = AtlasStore.open(dataDir);
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void everyIncidentAtAPlaceIsCountedAndTheFirstAreListedInDateOrder() {
    SearchResult result = new PlaceSearch(store).search("Агдам", 50);
    assertEquals(COUNT / PLACES.size(), result.incidentsMatched());
    assertEquals(50, result.incidents().size());
    List<IncidentHit> hits = result.incidents();
    for (int i = 1; i < hits.size(); i++) {
      String before = hits.get(i - 1).date() + hits.get(i - 1).id();
      String after = hits.get(i).date() + hits.get(i).id();
      assertTrue(before.compareTo(after) < 0, before + " listed before " + after);
    }
    assertTrue(hits.stream().allMatch(h -> h.placeName().equals("Ağdam") && h.match().equals("exact")));
    assertTrue(result.places().isEmpty(), "no gazetteer layer in this store");
  }

  @Test
  void oneIncidentAmongThemIsFoundByItsId() {
    SearchResult result = new PlaceSearch(store).search("syn-11111", 10);
    assertEquals(1, result.incidentsMatched());
    IncidentHit hit = result.incidents().get(0);
    assertEquals("SYN-11111", hit.id());
    assertEquals(PLACES.get(11111 % PLACES.size()).get(0), hit.placeName());
    assertEquals(45 + 11111 % 7 * 0.1, hit.lon(), 1e-6);
    assertEquals(40.9, hit.lat(), 1e-6);
  }

  @Test
  void aPlaceNameThatAChangeBringsIsFoundAtTheNextSearch() {
    PlaceSearch search = new PlaceSearch(store);
    assertEquals(0, search.search("Chinari", 10).incidentsMatched());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", "NEW-1");
    p.put("date", "2020-07-20");
    p.put("date_end", "2020-07-20");
    p.put("event_type", "shelling");
    p.put("place_name", "Chinari");
    p.put("place_names", List.of("Չինարի"));
    LocalDate day = LocalDate.of(2020, 7, 20);
    store.apply(List.of(new LayerChange(PlaceSearch.INCIDENTS, List.of(),
        List.of(new LayerFeature("NEW-1", new GeometryFactory().createPoint(new Coordinate(45.3, 40.9)), day, day, p)))),
        new IncludedChange(1, "NEW-1", 1));
    SearchResult result = search.search("Чинари", 10);
    assertEquals(1, result.incidentsMatched());
    assertEquals("NEW-1", result.incidents().get(0).id());
    assertEquals("Chinari", result.incidents().get(0).matchedName(), "the recorded name comes first among equals");
    assertEquals(1, search.search("new-1", 10).incidentsMatched());
    assertEquals(COUNT / PLACES.size(), search.search("Berd", 10).incidentsMatched());
  }
}
