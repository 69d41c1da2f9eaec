package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.incidentatlas.database.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Builds of the embedded store that fail on the disk: they say which file failed and leave no
 * file of theirs behind.
 */
class FailedBuildTest {
  private static final GeometryFactory GF = new GeometryFactory();

  @TempDir
  Path dir;

  private static LayerFeature feature(int i, String notes) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", "f" + i);
    p.put("notes", notes);
    return new LayerFeature("f" + i, GF.createPoint(new Coordinate(45 + i * 0.001, 40.5)), null, null, p);
  }

  private static Layer layer(Iterable<LayerFeature> features) {
    return new Layer("points", "Points", "test", "Point", List.of(), List.of(), List.of(), features);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRunFileThatCannotBeReadBackIsNamed() {
    // Rows enough to fill one run on disk; while the last is taken, the run is cut short.
    String notes = "x".repeat(1 << 20);
    int count = Math.toIntExact(FeatureSort.RUN_BYTES / notes.length()) + 2;
    Path run = H2Database.layersFile(dir).resolveSibling("atlas-building-rows").resolve("points-0.run");
    Iterable<LayerFeature> features = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public LayerFeature next() {
        if (i == count - 1) {
          try (FileChannel ch = FileChannel.open(run, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return feature(i++, notes);
      }
    };
    try (LayerWriter writer = LayerWriter.begin(new H2Database(dir))) {
      StoreException e = assertThrows(StoreException.class, () -> writer.write(layer(features), List.of()));
      assertTrue(e.getMessage().contains("points-0.run"), e.getMessage());
    }
  }

  @Test
  void aBuildWhoseCompactionFailsLeavesNoFileBehind() throws IOException {
    try (LayerWriter writer = LayerWriter.begin(new H2Database(dir))) {
      writer.write(layer(List.of(feature(1, "a"), feature(2, "b"))), List.of());
      writer.commit("first", "served", IncludedChange.NONE);
    }
    List<String> served = files();
    Path building = dir.resolve("atlas-building.mv.db");
    Path temp = building.resolveSibling(building.getFileName() + ".tempFile");
    try (LayerWriter writer = LayerWriter.begin(new H2Database(dir))) {
      writer.write(layer(List.of(feature(3, "c"))), List.of());
      // The compacted copy cannot be written where it goes: a directory that H2 cannot delete.
      Files.createDirectories(temp.resolve("in-the-way"));
      StoreException e = assertThrows(StoreException.class, () -> writer.commit("second", "failed", IncludedChange.NONE));
      assertTrue(e.getMessage().contains("cannot finish the build"), e.getMessage());
      // What stays where the copy goes is now as a failed copy would leave it: a name to delete.
      Files.delete(temp.resolve("in-the-way"));
    }
    assertFalse(Files.exists(building), "the building file is left");
    assertFalse(Files.exists(temp), "the compacted copy is left");
    assertEquals(served, files());
    try (AtlasStore store = AtlasStore.open(dir)) {
      assertEquals("first", store.fingerprint().orElseThrow(), "the served layers are those of the first build");
    }
  }
}
