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
import org.incidentatlas.database.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Features changed in place in a built store: the layer's invariants hold and readers see whole states. */
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
    try (LayerWriter writer = LayerWriter.begin(new H2Database(dir))) {
      writer.write(new Layer("points", "Points", "test", "Point", List.of(), List.of(), features), List.of());
      writer.commit("test", "test", IncludedChange.NONE);
    }
    return AtlasStore.open(dir);
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
