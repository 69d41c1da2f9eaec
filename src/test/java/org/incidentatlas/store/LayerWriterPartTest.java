package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A layer written from the pass of another ({@link LayerWriter.Part}) is the layer a pass of its
 * own writes: the same features in the same order, the same bytes, the same catalogue entry. On
 * the engine of the run.
 */
class LayerWriterPartTest {
  private static final GeometryFactory GF = new GeometryFactory();
  private static final List<Attribute> ATTRIBUTES = List.of(Attribute.of("kind", Attribute.Type.TEXT, "Kind", "test"));
  private static final Predicate<LayerFeature> CLASH = f -> "clash".equals(f.properties().get("kind"));

  @TempDir
  Path dir;

  /** Features spread over a box, in no spatial order, a third of them clashes. */
  private static Iterable<LayerFeature> features(int n) {
    return () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public LayerFeature next() {
        int k = i++;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", "f" + k);
        p.put("kind", k % 3 == 0 ? "clash" : "shelling");
        LocalDate day = LocalDate.of(2020, 7, 12).plusDays(k % 10);
        return new LayerFeature("f" + k, GF.createPoint(new Coordinate(45 + (k * 7919 % 1000) * 0.001,
            40.6 + (k * 104729 % 700) * 0.001)), day, day, p);
      }
    };
  }

  private static Layer layer(String id, Iterable<LayerFeature> features) {
    return new Layer(id, id, "test", "Point", List.of(), ATTRIBUTES, FeatureProperty.of(ATTRIBUTES, List.of(), null, null), features);
  }

  private static Iterable<LayerFeature> unread() {
    return () -> {
      throw new AssertionError("the part's own features are read");
    };
  }

  private static List<String> served(AtlasStore store, String layerId) throws IOException {
    List<String> out = new ArrayList<>();
    store.stream(store.layer(layerId).orElseThrow(), FeatureQuery.all(),
        f -> out.add(f.id() + " " + f.geometryJson() + " " + new String(f.properties(), java.nio.charset.StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void aPartIsTheLayerAPassOfItsOwnWrites() throws IOException {
    int n = 3000;
    AtlasConfig together = TestAtlas.configFor(dir.resolve("together"), TestAtlas.GEODATA);
    try (LayerWriter writer = LayerWriter.begin(Database.of(together))) {
      long[] counts = writer.write(layer("all", features(n)), List.of(),
          List.of(new LayerWriter.Part(layer("clashes", unread()), List.of(), CLASH)));
      assertArrayEquals(new long[] {n, n / 3}, counts);
      writer.commit("test", "together", IncludedChange.NONE);
    }
    AtlasConfig apart = TestAtlas.configFor(dir.resolve("apart"), TestAtlas.GEODATA);
    try (LayerWriter writer = LayerWriter.begin(Database.of(apart))) {
      writer.write(layer("all", features(n)), List.of());
      writer.write(layer("clashes", () -> StreamSupport.stream(features(n).spliterator(), false).filter(CLASH).iterator()),
          List.of());
      writer.commit("test", "apart", IncludedChange.NONE);
    }
    try (AtlasStore a = AtlasStore.open(together); AtlasStore b = AtlasStore.open(apart)) {
      for (String id : List.of("all", "clashes")) {
        List<String> expected = served(b, id);
        assertEquals(expected, served(a, id), id);
        LayerInfo x = a.layer(id).orElseThrow();
        LayerInfo y = b.layer(id).orElseThrow();
        assertEquals(y.featureCount(), x.featureCount(), id);
        assertEquals(y.bbox(), x.bbox(), id);
        assertEquals(y.start(), x.start(), id);
        assertEquals(y.end(), x.end(), id);
      }
      assertEquals(List.of("all", "clashes"), a.layers().stream().map(LayerInfo::id).toList(), "catalogue order");
    }
  }

  @Test
  void whatTheFeaturesThrowReachesTheCallerAndTheBuildLeavesNothing() throws IOException {
    RuntimeException thrown = new IllegalStateException("no more incidents");
    Iterable<LayerFeature> failing = () -> {
      Iterator<LayerFeature> in = features(5000).iterator();
      return new Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public LayerFeature next() {
          if (++i == 4000) {
            throw thrown;
          }
          return in.next();
        }
      };
    };
    Path data = dir.resolve("failing");
    try (LayerWriter writer = LayerWriter.begin(new H2Database(data))) {
      assertSame(thrown, assertThrows(IllegalStateException.class, () -> writer.write(layer("all", failing), List.of(),
          List.of(new LayerWriter.Part(layer("clashes", unread()), List.of(), CLASH)))));
    }
    try (var files = Files.list(data)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(H2Database.LAYERS + "-building"))
          .toList(), "what the build left");
    }
    assertFalse(Files.exists(H2Database.layersFile(data)), "no layers are served");
  }
}
