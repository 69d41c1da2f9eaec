package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Features changed in place in a built store: the layer's invariants hold and readers see whole
 * states. On the engine of the run ({@code -Datlas.test.database}).
 */
class LayerUpdateTest {
  private static final GeometryFactory GF = new GeometryFactory();

  @TempDir
  Path dir;

  private static LayerFeature feature(String id, double lon, double lat) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    return new LayerFeature(id, GF.createPoint(new Coordinate(lon, lat)), null, null, p);
  }

  private AtlasStore build(List<LayerFeature> features) {
    AtlasConfig config = TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA);
    try (LayerWriter writer = LayerWriter.begin(Database.of(config))) {
      writer.write(new Layer("points", "Points", "test", "Point", List.of(), List.of(), List.of(), features), List.of());
      writer.commit("test", "test", IncludedChange.NONE);
    }
    return AtlasStore.open(config);
  }

  private static List<String> read(AtlasStore store, FeatureQuery q) throws IOException {
    List<String> ids = new ArrayList<>();
    store.stream(store.layer("points").orElseThrow(), q, f -> ids.add(f.id()));
    return ids;
  }

  private static FeatureQuery box(double minLon, double minLat, double maxLon, double maxLat) {
    return new FeatureQuery(new Bbox(minLon, minLat, maxLon, maxLat), null, List.of(), null, List.of(), FeatureQuery.UNLIMITED, 0);
  }

  @Test
  void removingAndAddingKeepsEveryFeatureOnceAndTheIndexRight() throws Exception {
    Random random = new Random(7);
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      features.add(feature("f" + i, 45 + random.nextDouble(), 40 + random.nextDouble()));
    }
    try (AtlasStore store = build(features)) {
      // The point index is read before the change, so that the change must move its points.
      assertTrue(store.awaitPointIndex("points", 10_000));
      assertEquals(count(features, 45, 40, 45.5, 40.5), store.count(store.layer("points").orElseThrow(), box(45, 40, 45.5, 40.5)));
      List<String> removed = IntStream.range(0, 500).filter(i -> i % 7 == 0).mapToObj(i -> "f" + i).toList();
      List<LayerFeature> added = new ArrayList<>();
      for (int i = 500; i < 560; i++) {
        added.add(feature("f" + i, 45 + random.nextDouble(), 40 + random.nextDouble()));
      }
      LayerFeature moved = feature("f1", 45.25, 40.25);
      List<LayerFeature> upserted = new ArrayList<>(added);
      upserted.add(moved);
      store.apply(List.of(new LayerChange("points", removed, upserted)), new IncludedChange(42, "f1", 3));

      List<LayerFeature> expected = new ArrayList<>(features.stream().filter(f -> !removed.contains(f.id())).toList());
      expected.replaceAll(f -> f.id().equals("f1") ? moved : f);
      expected.addAll(added);
      LayerInfo layer = store.layer("points").orElseThrow();
      assertEquals(expected.size(), layer.featureCount());
      assertEquals(new IncludedChange(42, "f1", 3), store.includedChange());
      assertTrue(layer.buildId().endsWith("+42"), layer.buildId());

      List<String> all = read(store, FeatureQuery.all());
      assertEquals(expected.size(), all.size());
      assertEquals(expected.stream().map(LayerFeature::id).collect(java.util.stream.Collectors.toSet()), new HashSet<>(all));
      // Pages without a filter start at seq = offset: they must still neither skip nor repeat.
      List<String> paged = new ArrayList<>();
      for (long offset = 0; offset < expected.size(); offset += 37) {
        paged.addAll(read(store, new FeatureQuery(null, null, List.of(), null, List.of(), 37, offset)));
      }
      assertEquals(all, paged);
      for (double[] b : new double[][] {{45, 40, 45.5, 40.5}, {45.2, 40.2, 45.3, 40.3}, {45.5, 40.1, 46, 40.9}}) {
        assertEquals(count(expected, b[0], b[1], b[2], b[3]), store.count(layer, box(b[0], b[1], b[2], b[3])));
        assertEquals(count(expected, b[0], b[1], b[2], b[3]), read(store, box(b[0], b[1], b[2], b[3])).size());
      }
      String moved1 = new String(store.feature(layer, "f1").orElseThrow().geometry(), StandardCharsets.UTF_8);
      assertTrue(moved1.contains("45.25"), moved1);
    }
  }

  /** A feature as the store gives it, bytes as text, to compare whole. */
  private static String stored(StoredFeature f) {
    return f.id() + " " + f.geometryJson() + " " + new String(f.properties(), StandardCharsets.UTF_8);
  }

  private static List<String> stored(AtlasStore store, FeatureQuery q) throws IOException {
    List<String> out = new ArrayList<>();
    store.stream(store.layer("points").orElseThrow(), q, f -> out.add(stored(f)));
    return out;
  }

  /**
   * The whole layer, read at once (where the engine keeps blocks, from them), equals the layer read
   * a page at a time from its rows, feature for feature and byte for byte; and so does the layer
   * read from an offset inside a block. Returns the layer in its order.
   */
  private static List<String> assertWholeLayerIsItsPages(AtlasStore store) throws IOException {
    List<String> whole = stored(store, FeatureQuery.all());
    List<String> paged = new ArrayList<>();
    for (long offset = 0; offset < whole.size() + 50; offset += 50) {
      paged.addAll(stored(store, new FeatureQuery(null, null, List.of(), null, List.of(), 50, offset)));
    }
    assertEquals(paged, whole);
    assertEquals(store.layer("points").orElseThrow().featureCount(), whole.size());
    for (int offset : IntStream.of(1, 63, 64, 100, whole.size() - 1, whole.size(), whole.size() + 10).filter(o -> o >= 0).toArray()) {
      List<String> rest = stored(store, new FeatureQuery(null, null, List.of(), null, List.of(), FeatureQuery.UNLIMITED, offset));
      assertEquals(whole.subList(Math.min(offset, whole.size()), whole.size()), rest, "from " + offset);
    }
    return whole;
  }

  private static String id(String stored) {
    return stored.substring(0, stored.indexOf(' '));
  }

  @Test
  void theWholeLayerIsItsPagesAfterAddingChangingAndRemoving() throws Exception {
    Random random = new Random(11);
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      features.add(feature("f" + i, 45 + random.nextDouble(), 40 + random.nextDouble()));
    }
    try (AtlasStore store = build(features)) {
      List<String> before = assertWholeLayerIsItsPages(store);

      // Added: the layer grows past the end of its last block into a new one.
      List<LayerFeature> added = new ArrayList<>();
      for (int i = 300; i < 330; i++) {
        added.add(feature("f" + i, 45 + random.nextDouble(), 40 + random.nextDouble()));
      }
      store.apply(List.of(new LayerChange("points", List.of(), added)), new IncludedChange(1, "f300", 1));
      List<String> grown = assertWholeLayerIsItsPages(store);
      assertEquals(330, grown.size());
      assertEquals(before, grown.subList(0, 300));

      // Changed in place, at the start of the layer and in the middle of a block.
      LayerFeature first = feature(id(grown.get(0)), 45.5, 40.5);
      Map<String, Object> p = new LinkedHashMap<>(first.properties());
      p.put("note", "changed ü");
      LayerFeature middle = new LayerFeature(id(grown.get(100)), GF.createPoint(new Coordinate(45.1, 40.1)), null, null, p);
      store.apply(List.of(new LayerChange("points", List.of(), List.of(first, middle))), new IncludedChange(2, "f0", 2));
      List<String> changed = assertWholeLayerIsItsPages(store);
      assertTrue(changed.get(0).contains("45.5"), changed.get(0));
      assertTrue(changed.get(100).contains("changed ü"), changed.get(100));

      // Removed: each time the last feature, in the last block, moves into the gap in another
      // block, and the last block is left empty.
      List<String> removed = List.of(id(changed.get(5)), id(changed.get(70)), id(changed.get(130)), id(changed.get(200)),
          id(changed.get(263)), id(changed.get(321)), id(changed.get(1)), id(changed.get(64)), id(changed.get(128)),
          id(changed.get(300)));
      String last = id(changed.get(329));
      store.apply(List.of(new LayerChange("points", removed, List.of())), new IncludedChange(3, "f1", 3));
      List<String> after = assertWholeLayerIsItsPages(store);
      assertEquals(320, after.size());
      assertEquals(last, id(after.get(5)), "the last feature took the first gap");
      assertTrue(after.stream().map(LayerUpdateTest::id).noneMatch(removed::contains));

      // Removed down to nothing, and added again.
      store.apply(List.of(new LayerChange("points", after.stream().map(LayerUpdateTest::id).toList(), List.of())),
          new IncludedChange(4, "f1", 4));
      assertEquals(List.of(), assertWholeLayerIsItsPages(store));
      store.apply(List.of(new LayerChange("points", List.of(), added.subList(0, 3))), new IncludedChange(5, "f300", 5));
      assertEquals(3, assertWholeLayerIsItsPages(store).size());
    }
  }

  private static long count(List<LayerFeature> features, double minLon, double minLat, double maxLon, double maxLat) {
    return features.stream().filter(f -> {
      Coordinate c = f.geometry().getCoordinate();
      return c.x >= minLon && c.x <= maxLon && c.y >= minLat && c.y <= maxLat;
    }).count();
  }

  @Test
  void aReadThatStartedBeforeAChangeSeesTheLayerAsItWasThroughout() throws Exception {
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      features.add(feature("f" + i, 45 + (i % 100) * 0.01, 40 + (i / 100) * 0.01));
    }
    try (AtlasStore store = build(features)) {
      List<String> removed = IntStream.range(0, 3000).filter(i -> i % 2 == 0).mapToObj(i -> "f" + i).toList();
      List<LayerFeature> added = List.of(feature("new", 45.5, 40.1));
      assertTrue(store.awaitPointIndex("points", 10_000));
      Set<String> seen = new HashSet<>();
      int[] duplicates = new int[1];
      CompletableFuture<Void>[] change = new CompletableFuture[1];
      // A box alone pages through the point index and reads features by number, a batch at a time:
      // several statements, which must all read the same state.
      store.stream(store.layer("points").orElseThrow(), box(44, 39, 47, 42), f -> {
        if (!seen.add(f.id())) {
          duplicates[0]++;
        }
        if (seen.size() == 1) {
          // The change commits while this read is under way, between its first and its later rows.
          change[0] = CompletableFuture.runAsync(() -> store.apply(List.of(new LayerChange("points", removed, added)), new IncludedChange(1, "new", 1)));
          change[0].join();
        }
      });
      assertEquals(0, duplicates[0]);
      assertEquals(3000, seen.size(), "the read saw the layer as it was when it began");
      assertTrue(!seen.contains("new"));
      assertEquals(1501, read(store, FeatureQuery.all()).size(), "a read that begins after it sees the change");
    }
  }

  @Test
  void aPageCountsTheFeaturesOfTheSnapshotItPagesThrough() throws Exception {
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      features.add(feature("f" + i, 45 + (i % 100) * 0.01, 40 + (i / 100) * 0.01));
    }
    try (AtlasStore store = build(features)) {
      assertTrue(store.awaitPointIndex("points", 10_000));
      LayerInfo layer = store.layer("points").orElseThrow();
      long seq = 0;
      // The whole layer (its count from the catalogue), and a box (its count from the point index).
      for (FeatureQuery q : List.of(new FeatureQuery(null, null, List.of(), null, List.of(), 5000, 0),
          new FeatureQuery(new Bbox(44, 39, 47, 42), null, List.of(), null, List.of(), 5000, 0))) {
        long change = ++seq;
        int before = read(store, q).size();
        long[] matched = {-1};
        List<String> page = new ArrayList<>();
        store.page(layer, q, n -> {
          matched[0] = n;
          // Half the layer goes between the count and the first feature read.
          List<String> ids = read(store, FeatureQuery.all());
          List<String> removed = IntStream.range(0, ids.size()).filter(i -> i % 2 == 0).mapToObj(ids::get).toList();
          CompletableFuture.runAsync(() -> store.apply(List.of(new LayerChange("points", removed, List.of())),
              new IncludedChange(change, "f1", 1))).join();
        }, f -> page.add(f.id()));
        assertEquals(before, matched[0]);
        assertEquals(before, page.size(), "the page is read from the state it was counted in");
        assertTrue(read(store, q).size() < before, "a read that begins after the change sees it");
      }
    }
  }
}
