package org.incidentatlas.store;

import static org.incidentatlas.store.PointIndexUpdateTest.answersAsSql;
import static org.incidentatlas.store.PointIndexUpdateTest.feature;
import static org.incidentatlas.store.PointIndexUpdateTest.followed;
import static org.incidentatlas.store.PointIndexUpdateTest.page;
import static org.incidentatlas.store.PointIndexUpdateTest.revision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.incidentatlas.TestPostgres;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database, each with its point index: a change written through one
 * moves the points in the other's index by the announced moves within a second; an announcement
 * too long for its moves, or one missed, makes the other read its index again, and answer through
 * SQL meanwhile, never from an index of another revision. Skipped where PostgreSQL is not installed.
 */
class SharedPointIndexTest {
  private static final long WITHIN_MS = 1000;

  @TempDir
  Path dir;
  private final Random random = new Random(3);
  private AtlasStore a;
  private AtlasStore b;

  @BeforeEach
  void twoServers() throws InterruptedException {
    assumeTrue(TestPostgres.available(), TestPostgres::whyUnavailable);
    DatabaseUrl url = TestPostgres.newDatabase("pointindex");
    AtlasConfig config = AtlasConfig.local(0, dir, Path.of("geodata")).withDatabase(url);
    Database first = Database.of(config);
    PointIndexUpdateTest.build(first, 3000, random);
    a = AtlasStore.open(first);
    b = AtlasStore.open(Database.of(config));
    assertTrue(a.awaitPointIndex("points", 10_000));
    assertTrue(b.awaitPointIndex("points", 10_000));
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  /** Waits until {@code store} holds the index of the revision the layers have now. */
  private static long untilFollowed(AtlasStore store, long millis) throws InterruptedException {
    long start = System.nanoTime();
    String now = revision(store);
    while ((System.nanoTime() - start) / 1_000_000 < millis) {
      if (store.heldPointIndex("points", now).isPresent()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(5);
    }
    return -1;
  }

  @Test
  void aPointMovedThroughOneServerMovesInTheOthersIndexWithinOneSecond() throws Exception {
    for (int round = 1; round <= 4; round++) {
      AtlasStore writer = round % 2 == 1 ? a : b;
      AtlasStore reader = writer == a ? b : a;
      String id = "f" + (round * 131);
      double lon = 45.05 + round * 0.1;
      Bbox around = new Bbox(lon - 0.001, 40.499, lon + 0.001, 40.501);
      assertTrue(!page(reader, around, 0, 100).getValue().contains(id));
      long reads = reader.pointIndexReads();
      writer.apply(List.of(new LayerChange("points", List.of("f" + round), List.of(feature(id, lon, 40.5)))),
          new IncludedChange(round, id, 2));
      // Until the announcement arrives, the reader answers through SQL; then from its index,
      // moved by the announced moves without reading the layer again.
      assertTrue(page(reader, around, 0, 100).getValue().contains(id), "round " + round);
      long waited = untilFollowed(reader, 5 * WITHIN_MS);
      assertTrue(waited >= 0 && waited <= WITHIN_MS, "round " + round + ": index moved after " + waited + " ms");
      followed(reader, "round " + round);
      assertEquals(reads, reader.pointIndexReads(), "round " + round + ": the reader read its index again");
      assertTrue(page(reader, around, 0, 100).getValue().contains(id), "round " + round);
      answersAsSql(reader, "round " + round);
    }
  }

  @Test
  void movesTooManyToAnnounceMakeTheOtherReadItsIndexAgainAndAnswerAsSqlMeanwhile() throws Exception {
    List<LayerFeature> moved = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      moved.add(feature("f" + i, 45 + random.nextInt(100) / 100.0, 40 + random.nextInt(100) / 100.0));
    }
    a.apply(List.of(new LayerChange("points", List.of(), moved)), new IncludedChange(1, "f0", 2));
    followed(a, "the writer");
    // Whatever b holds at this moment, what it answers is what the database holds.
    answersAsSql(b, "before b read its index again");
    assertTrue(untilFollowed(b, 10_000) >= 0, "b read its index again");
    answersAsSql(b, "after b read its index again");
  }

  @Test
  void aMissedAnnouncementMakesTheOtherReadItsIndexAgain() throws Exception {
    // Every listener loses its connection, and a change is written before they listen again.
    b.read("points", (c, t) -> {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"
            + " AND datname = current_database() AND pid <> pg_backend_pid()");
      }
      return null;
    });
    a.apply(List.of(new LayerChange("points", List.of("f5"), List.of(feature("f7", 45.777, 40.777)))),
        new IncludedChange(1, "f7", 2));
    answersAsSql(b, "with the announcement missed");
    assertEquals(List.of("f7"), page(b, new Bbox(45.777, 40.777, 45.777, 40.777), 0, 10).getValue());
    assertTrue(untilFollowed(b, 10_000) >= 0, "b read its index again");
    answersAsSql(b, "after b read its index again");
  }
}
