package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Reads that fail: each snapshot a read begins is ended, and the caller learns why the read
 * failed, not only that ending it failed as well. On the engine of the run.
 */
class SnapshotReadTest {
  @TempDir
  Path dir;
  private final AtomicInteger begun = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private AtlasStore store;

  @BeforeEach
  void build() {
    AtlasConfig config = TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA);
    Database db = Database.of(config);
    GeometryFactory gf = new GeometryFactory();
    List<LayerFeature> features = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", "f" + i);
      features.add(new LayerFeature("f" + i, gf.createPoint(new Coordinate(45 + i * 0.1, 40.5)), null, null, p));
    }
    try (LayerWriter writer = LayerWriter.begin(db)) {
      writer.write(new Layer("points", "Points", "test", "Point", List.of(), List.of(), List.of(), features), List.of());
      writer.commit("test", "test", IncludedChange.NONE);
    }
    store = AtlasStore.open(counting(db));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** The engine itself, with the snapshots it begins and ends counted. */
  private Database counting(Database db) {
    return (Database) Proxy.newProxyInstance(Database.class.getClassLoader(), new Class<?>[] {Database.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(db, args);
            switch (method.getName()) {
              case "beginSnapshot" -> begun.incrementAndGet();
              case "endSnapshot" -> ended.incrementAndGet();
              default -> { }
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aReadOfALayerThatIsGoneEndsItsSnapshot() {
    assertEquals(10, store.layer("points").orElseThrow().featureCount());
    StoreException e = assertThrows(StoreException.class, () -> store.read("gone", (c, t) -> 1));
    assertTrue(e.getMessage().contains("gone"), e.getMessage());
    assertEquals(begun.get(), ended.get(), "snapshots begun and ended");
    assertEquals(10L, (long) store.read("points", (c, t) -> t.layer().featureCount()));
    assertEquals(begun.get(), ended.get(), "snapshots begun and ended");
  }

  @Test
  void aReadThatFailsIsReportedEvenWhenItsEndFailsToo() {
    StoreException e = assertThrows(StoreException.class, () -> store.read("points", (c, t) -> {
      // The connection is gone, so ending the read fails as well.
      c.close();
      throw new SQLException("the read's own failure");
    }));
    assertTrue(e.getMessage().contains("the read's own failure"), e.getMessage());
    assertEquals(1, e.getCause().getSuppressed().length, "the failure to end the read, kept beside it");
    assertEquals(10L, (long) store.read("points", (c, t) -> t.layer().featureCount()), "the store reads on");
  }
}
