package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.database.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The point index follows each change of its layer instead of being read again: after a publish,
 * a move, an archive (which renumbers) and a new record, the index the server holds is of the
 * new revision at once, and a box answered from it counts and pages exactly what SQL selects, in
 * the same order. On the engine of the run.
 */
class PointIndexUpdateTest {
  static final GeometryFactory GF = new GeometryFactory();
  /** Boxes small and large, on edges of the grid and around everything. */
  static final List<Bbox> BOXES = List.of(new Bbox(45, 40, 45.5, 40.5), new Bbox(45.2, 40.2, 45.3, 40.3),
      new Bbox(45.5, 40.1, 46, 40.9), new Bbox(45.25, 40.25, 45.25, 40.25), new Bbox(-180, -90, 180, 90));

  @TempDir
  Path dir;
  private final Random random = new Random(5);
  private AtlasStore store;

  static LayerFeature feature(String id, double lon, double lat) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    return new LayerFeature(id, GF.createPoint(new Coordinate(lon, lat)), null, null, p);
  }

  /** A layer of {@code n} points on a grid of 0.01°, so that many lie on the edges of the boxes. */
  static void build(Database db, int n, Random random) {
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      features.add(feature("f" + i, 45 + random.nextInt(100) / 100.0, 40 + random.nextInt(100) / 100.0));
    }
    try (LayerWriter writer = LayerWriter.begin(db)) {
      writer.write(new Layer("points", "Points", "test", "Point", List.of(), List.of(), List.of(), features), List.of());
      writer.commit("test", "test", IncludedChange.NONE);
    }
  }

  @BeforeEach
  void open() {
    Database db = Database.of(TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA));
    build(db, 3000, random);
    store = AtlasStore.open(db);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** The revision of the layers as a read now sees it. */
  static String revision(AtlasStore store) {
    return store.read("points", (c, t) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, records_seq FROM build"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1) + "+" + rs.getLong(2);
      }
    });
  }

  /**
   * The ids SQL selects in the box, in stored order, from {@code offset} on, read through the
   * spatial index: H2's once kept a moved row's old entry beside the new one, and gave the row
   * twice where both lay in the box.
   */
  static List<String> selected(AtlasStore store, Bbox box, long offset, long limit) {
    return store.read("points", (c, t) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT g.fid FROM " + t.narrow() + " n"
          + t.db().readThrough(Schema.spatialIndex("points")) + " JOIN " + t.geojson()
          + " g ON g.seq = n.seq WHERE n.geom && ? ORDER BY n.seq LIMIT ? OFFSET ?")) {
        ps.setObject(1, t.db().geometryParameter(box.polygons().get(0)));
        ps.setLong(2, limit);
        ps.setLong(3, offset);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
  }

  /** A page of the box as the API asks for it: its count and ids. */
  static Map.Entry<Long, List<String>> page(AtlasStore store, Bbox box, long offset, long limit) throws IOException {
    long[] matched = {-1};
    List<String> ids = new ArrayList<>();
    store.page(store.layer("points").orElseThrow(), new FeatureQuery(box, null, List.of(), null, List.of(), limit, offset),
        n -> matched[0] = n, f -> ids.add(f.id()));
    return Map.entry(matched[0], ids);
  }

  /** Every box, paged at a few offsets, answers as SQL selects. */
  static void answersAsSql(AtlasStore store, String when) throws IOException {
    for (Bbox box : BOXES) {
      List<String> all = selected(store, box, 0, Long.MAX_VALUE / 2);
      for (long offset : new long[] {0, 7, all.size() / 2, Math.max(0, all.size() - 3)}) {
        Map.Entry<Long, List<String>> page = page(store, box, offset, 40);
        assertEquals(all.size(), page.getKey(), when + ": count of " + box);
        assertEquals(all.subList((int) Math.min(offset, all.size()), (int) Math.min(offset + 40, all.size())), page.getValue(),
            when + ": page of " + box + " at " + offset);
      }
    }
  }

  /** The index the store holds is of the revision the layers have now, and of their size. */
  static void followed(AtlasStore store, String when) {
    String now = revision(store);
    PointIndex index = store.heldPointIndex("points", now).orElseThrow(() -> new AssertionError(
        when + ": no index of " + now + ", held: " + store.pointIndexRevision("points")));
    assertEquals(store.layer("points").orElseThrow().featureCount(), index.size(), when);
  }

  @Test
  void afterEachKindOfChangeTheIndexIsOfTheNewRevisionAndAnswersAsSql() throws Exception {
    assertTrue(store.awaitPointIndex("points", 10_000));
    answersAsSql(store, "as built");
    long reads = store.pointIndexReads();
    long change = 0;

    List<LayerFeature> published = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      published.add(feature("p" + i, 45 + random.nextInt(100) / 100.0, 40 + random.nextInt(100) / 100.0));
    }
    store.apply(List.of(new LayerChange("points", List.of(), published)), new IncludedChange(++change, "p0", 1));
    followed(store, "published");
    answersAsSql(store, "published");

    List<LayerFeature> moved = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Far from where they were in the spatial order, and some onto the edges of the boxes.
      moved.add(feature("f" + (i * 97), i % 2 == 0 ? 45.25 : 45 + random.nextDouble(), i % 3 == 0 ? 40.25 : 40 + random.nextDouble()));
    }
    store.apply(List.of(new LayerChange("points", List.of(), moved)), new IncludedChange(++change, "f0", 2));
    followed(store, "moved");
    answersAsSql(store, "moved");

    List<String> archived = IntStream.range(0, 3000).filter(i -> i % 29 == 0 || i > 2950).mapToObj(i -> "f" + i).toList();
    store.apply(List.of(new LayerChange("points", archived, List.of())), new IncludedChange(++change, "f0", 3));
    followed(store, "archived");
    answersAsSql(store, "archived");

    store.apply(List.of(new LayerChange("points", List.of("p3"), List.of(feature("new", 45.25, 40.25)))),
        new IncludedChange(++change, "new", 1));
    followed(store, "a new record");
    answersAsSql(store, "a new record");
    assertTrue(page(store, new Bbox(45.25, 40.25, 45.25, 40.25), 0, 1000).getValue().contains("new"));
    assertEquals(reads, store.pointIndexReads(), "the index was moved, never read again");
  }

  /**
   * A box with another filter is selected by SQL through the spatial index, not from the point
   * index. After a third of the features moved and took a day, many from one place in a box to
   * another, each feature is in its box once, and the start's check, which counts the spatial
   * index, agrees with the catalogue.
   */
  @Test
  void aBoxWithAFilterAfterMovesGivesEachFeatureOnce() throws Exception {
    LocalDate day = LocalDate.of(2024, 5, 1);
    Map<String, Coordinate> at = new LinkedHashMap<>();
    List<LayerFeature> moved = new ArrayList<>();
    for (int i = 0; i < 3000; i += 3) {
      Coordinate point = new Coordinate(45 + random.nextInt(100) / 100.0, 40 + random.nextInt(100) / 100.0);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", "f" + i);
      moved.add(new LayerFeature("f" + i, GF.createPoint(point), day, day, p));
      at.put("f" + i, point);
    }
    store.apply(List.of(new LayerChange("points", List.of(), moved)), new IncludedChange(1, "f0", 1));
    for (Bbox box : List.of(new Bbox(45, 40, 45.49, 40.49), new Bbox(45.5, 40, 46, 40.49), new Bbox(45, 40.5, 45.49, 41),
        new Bbox(45.5, 40.5, 46, 41))) {
      Set<String> inBox = new TreeSet<>();
      at.forEach((id, p) -> {
        if (box.envelopes().get(0).contains(p)) {
          inBox.add(id);
        }
      });
      long[] matched = {-1};
      List<String> seen = new ArrayList<>();
      store.page(store.layer("points").orElseThrow(), new FeatureQuery(box, new TimeRange(day, day), List.of(), null,
          List.of(), 10_000, 0), n -> matched[0] = n, f -> seen.add(f.id()));
      assertEquals(inBox.size(), matched[0], "count in " + box);
      assertEquals(inBox.size(), seen.size(), "each once in " + box);
      assertEquals(inBox, new TreeSet<>(seen), "features in " + box);
    }
    store.verify();
  }

  @Test
  void aReadOfTheRevisionBeforeKeepsItsIndexWhileTheChangeCommits() throws Exception {
    assertTrue(store.awaitPointIndex("points", 10_000));
    Bbox box = new Bbox(44, 39, 47, 42);
    List<String> before = selected(store, box, 0, 10_000);
    List<String> removed = IntStream.range(0, 3000).filter(i -> i % 2 == 0).mapToObj(i -> "f" + i).toList();
    List<String> seen = new ArrayList<>();
    long[] matched = {-1};
    // Pages of 500 are read by key a batch at a time, after the count: the change commits between.
    store.page(store.layer("points").orElseThrow(), new FeatureQuery(box, null, List.of(), null, List.of(), 3000, 0), n -> {
      matched[0] = n;
      CompletableFuture.runAsync(() -> store.apply(List.of(new LayerChange("points", removed, List.of())),
          new IncludedChange(1, "f0", 1))).join();
      followed(store, "the change, while the read goes on");
    }, f -> seen.add(f.id()));
    assertEquals(before.size(), matched[0]);
    assertEquals(before, seen, "the read saw the layer as it was when it began");
    answersAsSql(store, "after the change");
  }

  @Test
  void aPageOfAnIndexTheLayersHaveLeftIsReadFromASnapshotInstead() throws Exception {
    assertTrue(store.awaitPointIndex("points", 10_000));
    answersAsSql(store, "as built");
    // Another store on the same database moves points into and out of the boxes, unannounced to
    // this one: a page from the index it holds would be of the layer as it was.
    try (AtlasStore other = AtlasStore.open(store.database())) {
      List<LayerFeature> moved = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        moved.add(feature("f" + (i * 13), 45 + random.nextInt(60) / 100.0, 40 + random.nextInt(60) / 100.0));
      }
      other.apply(List.of(new LayerChange("points", List.of("f1", "f2"), moved)), new IncludedChange(1, "f0", 1));
    }
    answersAsSql(store, "changed by another store");
  }
}
