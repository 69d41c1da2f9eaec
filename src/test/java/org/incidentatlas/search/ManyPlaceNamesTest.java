package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.IncludedChange;
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
 * A query that matches more place names than one statement may carry parameters: PostgreSQL takes
 * at most 65,535, and a one-letter query matches every name that begins with that letter.
 */
class ManyPlaceNamesTest {
  /** Each a place name of its own. */
  private static final int NAMES = 70_000;

  @TempDir
  static Path dir;
  static AtlasStore store;

  @BeforeAll
  static void writeLayer() {
    AtlasConfig config = TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA);
    GeometryFactory gf = new GeometryFactory();
    LocalDate day = LocalDate.of(2021, 5, 12);
    Iterable<LayerFeature> features = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < NAMES;
      }

      @Override
      public LayerFeature next() {
        int k = i++;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", String.format("MANY-%05d", k));
        p.put("date", day.plusDays(k % 30).toString());
        p.put("date_end", day.plusDays(k % 30).toString());
        p.put("event_type", "shelling");
        p.put("place_name", "Qara " + Integer.toString(k, 26));
        return new LayerFeature("MANY-" + k, gf.createPoint(new Coordinate(45 + k % 100 * 0.01, 40.9)),
            day.plusDays(k % 30), day.plusDays(k % 30), p);
      }
    };
    try (LayerWriter writer = LayerWriter.begin(Database.of(config))) {
      writer.write(AtlasBuild.incidentsLayer(features), List.<LayerInfo.SourceFile>of());
      writer.commit("test", "many place names", IncludedChange.NONE);
    }
    store = AtlasStore.open(config);
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void aOneLetterQueryCountsTheIncidentsOfEveryNameItBegins() {
    SearchResult result = new PlaceSearch(store).search("q", 20);
    assertEquals(NAMES, result.incidentsMatched());
    assertEquals(20, result.incidents().size());
    assertTrue(result.incidents().stream().allMatch(h -> h.match().equals("prefix")), result.incidents().toString());
  }
}
