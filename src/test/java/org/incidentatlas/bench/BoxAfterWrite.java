package org.incidentatlas.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.IncludedChange;
import org.incidentatlas.store.LayerChange;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.store.LayerInfo;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The time of a small box on the incidents of an H2 data directory (as {@link SyntheticLayer}
 * writes it) after start and after each of a few writes of one incident, as a request reads it:
 * count and page of 100 in one snapshot.
 *   java -cp ... org.incidentatlas.bench.BoxAfterWrite DATA_DIR [writes=5] [seconds before the writes=15]
 * Changes the layers of DATA_DIR: run it on a copy.
 */
public final class BoxAfterWrite {
  private BoxAfterWrite() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int writes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Bbox box = new Bbox(45.5, 40.9, 45.52, 40.92);
    try (AtlasStore store = AtlasStore.open(data)) {
      System.out.printf(Locale.ROOT, "first box after start: %.1f ms%n", box(store, box));
      // Long enough for an index read in the background, had the first box begun one.
      Thread.sleep(seconds * 1000L);
      System.out.printf(Locale.ROOT, "box %d s later: %.1f ms%n", seconds, box(store, box));
      long seq = store.includedChange().seq();
      GeometryFactory gf = new GeometryFactory();
      for (int i = 1; i <= writes; i++) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", "box-after-write-" + i);
        LayerFeature f = new LayerFeature("box-after-write-" + i, gf.createPoint(new Coordinate(45.51, 40.91)), null, null, p);
        long t0 = System.nanoTime();
        store.apply(List.of(new LayerChange("incidents", List.of(), List.of(f))), new IncludedChange(seq + i, f.id(), 1));
        double applied = (System.nanoTime() - t0) / 1e6;
        double first = box(store, box);
        double second = box(store, box);
        System.out.printf(Locale.ROOT, "write %d: apply %.1f ms, first box after it %.1f ms, second %.1f ms%n",
            i, applied, first, second);
      }
    }
  }

  /** Milliseconds for a count and a page of 100 of {@code box}. */
  private static double box(AtlasStore store, Bbox box) throws Exception {
    LayerInfo layer = store.layer("incidents").orElseThrow();
    long t0 = System.nanoTime();
    List<String> ids = new ArrayList<>();
    store.page(layer, new FeatureQuery(box, null, List.of(), null, List.of(), 100, 0), n -> { }, f -> ids.add(f.id()));
    return (System.nanoTime() - t0) / 1e6;
  }
}
