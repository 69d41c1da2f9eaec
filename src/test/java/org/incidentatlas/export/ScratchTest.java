package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files a GeoPackage or Shapefile download writes on the way are gone however it ends. */
class ScratchTest {
  @TempDir
  Path tmp;

  private static Export export(LayerInfo layer, FeatureSource features, Scratch scratch) {
    Citation c = Citation.of(layer, "", "http://test/download/" + layer.id(), "http://test/api/collections/" + layer.id(), Instant.now());
    return new Export(layer, c, features, "incident-atlas_" + layer.id(), scratch);
  }

  private List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpkg", "zip"})
  void aClientThatGoesAwayLeavesNoFiles(String extension) throws Exception {
    TestAtlas atlas = TestAtlas.shared();
    LayerInfo layer = atlas.store.layer("countries").orElseThrow();
    Scratch scratch = new Scratch(tmp.resolve("scratch"));
    OutputStream gone = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("client went away");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("client went away");
      }
    };
    ExportFormat format = ExportFormats.byExtension(extension).orElseThrow();
    Export export = export(layer, FeatureSource.of(atlas.store, layer, FeatureQuery.all()), scratch);
    assertThrows(IOException.class, () -> format.write(export, gone));
    assertEquals(List.of(), entries(scratch.root()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpkg", "zip"})
  void aReadThatFailsHalfwayLeavesNoFiles(String extension) throws Exception {
    TestAtlas atlas = TestAtlas.shared();
    LayerInfo layer = atlas.store.layer("settlements").orElseThrow();
    Scratch scratch = new Scratch(tmp.resolve("scratch"));
    FeatureSource all = FeatureSource.of(atlas.store, layer, FeatureQuery.all());
    FeatureSource failing = new FeatureSource() {
      @Override
      public void forEach(AtlasStore.FeatureSink sink) throws IOException {
        int[] n = {0};
        all.forEach(f -> {
          if (++n[0] > 100) {
            throw new IOException("database went away");
          }
          sink.accept(f);
        });
      }

      @Override
      public void sample(int n, AtlasStore.FeatureSink sink) throws IOException {
        all.sample(n, sink);
      }
    };
    ExportFormat format = ExportFormats.byExtension(extension).orElseThrow();
    assertThrows(IOException.class, () -> format.write(export(layer, failing, scratch), OutputStream.nullOutputStream()));
    assertEquals(List.of(), entries(scratch.root()));
    // The next read on this thread gets the same pooled connection back, if it is still pooled.
    long[] readAfter = {0};
    all.forEach(f -> readAfter[0]++);
    assertEquals(layer.featureCount(), readAfter[0]);
  }

  @Test
  void directoriesLeftByAKilledServerAreRemovedOnTheNextStart() throws Exception {
    Path root = tmp.resolve("scratch");
    Files.createDirectories(root.resolve("download-123"));
    Files.writeString(root.resolve("download-123").resolve("incidents.gpkg"), "half a file");
    Files.writeString(root.resolve("keep.txt"), "not ours");
    new Scratch(root);
    assertEquals(List.of(root.resolve("keep.txt")), entries(root));
    assertTrue(Files.exists(root.resolve("keep.txt")));
  }
}
