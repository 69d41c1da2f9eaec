package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Rows sorted outside the database come back whole and in key order, from memory or from runs on disk. */
class FeatureSortTest {
  private static final GeometryFactory GF = new GeometryFactory();
  private static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.of("name", Attribute.Type.TEXT, "Name", "a text"),
      Attribute.of("tags", Attribute.Type.TEXT_LIST, "Tags", "a list"),
      Attribute.of("count", Attribute.Type.INTEGER, "Count", "an integer"),
      Attribute.of("share", Attribute.Type.NUMBER, "Share", "a number"),
      Attribute.of("day", Attribute.Type.DATE, "Day", "a date"));

  @TempDir
  Path dir;

  private static FeatureRow row(Random random, int i) {
    Geometry g = i % 3 == 0
        ? GF.createPolygon(new Coordinate[] {new Coordinate(45, 40), new Coordinate(45.5 + random.nextDouble(), 40),
            new Coordinate(45.5, 41 + random.nextDouble()), new Coordinate(45, 40)})
        : GF.createPoint(new Coordinate(45 + random.nextDouble(), 40 + random.nextDouble()));
    g.setSRID(AtlasStore.SRID);
    LocalDate day = i % 4 == 0 ? null : LocalDate.of(2020, 7, 12).plusDays(random.nextInt(10));
    Object[] values = {
        i % 5 == 0 ? null : "näme " + i,
        i % 7 == 0 ? null : new String[] {"a", "ü" + i},
        i % 2 == 0 ? null : random.nextLong(),
        i % 6 == 0 ? null : random.nextDouble(),
        day};
    byte[] props = ("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(200)) + "\"}").getBytes(StandardCharsets.UTF_8);
    return new FeatureRow("f" + i, g, day, day == null ? null : day.plusDays(1), values,
        ("{\"type\":\"Point\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), props);
  }

  private List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private void sortsAndReadsBack(int rows, long runBytes, boolean spills) throws IOException {
    Random random = new Random(rows);
    TreeMap<Long, FeatureRow> expected = new TreeMap<>();
    try (FeatureSort sort = new FeatureSort(dir, "layer", ATTRIBUTES, runBytes)) {
      for (int i = 0; i < rows; i++) {
        long key = random.nextLong();
        FeatureRow row = row(random, i);
        expected.put(key, row);
        sort.add(key, row);
      }
      Iterator<FeatureRow> sorted = sort.sorted();
      assertEquals(spills, files().size() > 1, "runs on disk: " + files());
      for (FeatureRow want : expected.values()) {
        assertTrue(sorted.hasNext());
        FeatureRow got = sorted.next();
        assertEquals(want.fid(), got.fid());
        assertTrue(want.geometry().equalsExact(got.geometry()), got.fid());
        assertEquals(AtlasStore.SRID, got.geometry().getSRID());
        assertEquals(want.start(), got.start());
        assertEquals(want.end(), got.end());
        assertEquals(want.attributes().length, got.attributes().length);
        for (int a = 0; a < want.attributes().length; a++) {
          Object w = want.attributes()[a];
          Object g = got.attributes()[a];
          if (w instanceof String[] list) {
            assertArrayEquals(list, (String[]) g);
          } else {
            assertEquals(w, g);
          }
        }
        assertArrayEquals(want.geometryJson(), got.geometryJson());
        assertArrayEquals(want.propertiesJson(), got.propertiesJson());
      }
      assertFalse(sorted.hasNext());
    }
    assertEquals(List.of(), files(), "runs left behind");
  }

  @Test
  void aLayerThatFitsInOneRunIsSortedInMemory() throws IOException {
    sortsAndReadsBack(2_000, 1L << 30, false);
  }

  @Test
  void runsWrittenToDiskAreMergedInKeyOrder() throws IOException {
    sortsAndReadsBack(5_000, 20_000, true);
  }

  @Test
  void anEmptyLayerGivesNoRows() throws IOException {
    sortsAndReadsBack(0, 20_000, false);
  }

  @Test
  void closingBeforeReadingDeletesTheRuns() throws IOException {
    Random random = new Random(1);
    try (FeatureSort sort = new FeatureSort(dir, "layer", ATTRIBUTES, 10_000)) {
      for (int i = 0; i < 500; i++) {
        sort.add(i, row(random, i));
      }
      assertFalse(files().isEmpty());
    }
    assertEquals(List.of(), files());
  }

  @Test
  void keysInTheUpperHalfOfTheLongRangeSortAfterSmallerOnes() throws IOException {
    Random random = new Random(2);
    List<Long> keys = new ArrayList<>(List.of(Long.MAX_VALUE, 0L, 1L << 62, (1L << 62) + 1, 5L));
    try (FeatureSort sort = new FeatureSort(dir, "layer", ATTRIBUTES, 300)) {
      for (long k : keys) {
        sort.add(k, row(random, (int) (k % 1000)));
      }
      List<String> order = new ArrayList<>();
      sort.sorted().forEachRemaining(r -> order.add(r.fid()));
      assertEquals(List.of("f0", "f5", "f" + (1L << 62) % 1000, "f" + ((1L << 62) + 1) % 1000,
          "f" + Long.MAX_VALUE % 1000), order);
    }
  }
}
