package org.incidentatlas.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.incidentatlas.build.AtlasBuild;
import org.incidentatlas.build.EnrichedIncident;
import org.incidentatlas.store.Layer;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.LayerWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Writes a database holding one generated {@code incidents} layer of N point features, for the
 * benchmarks. Features are produced lazily, so even the generator never holds the layer.
 * Its fingerprint is the real geodata's, so {@code serve} takes it as current and does not rebuild.
 *
 *   java -cp ... org.incidentatlas.bench.SyntheticLayer DATA_DIR N
 */
public final class SyntheticLayer {
  private SyntheticLayer() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    GeometryFactory gf = new GeometryFactory();
    Random random = new Random(42);
    LocalDate first = LocalDate.of(2020, 7, 12);
    Iterable<LayerFeature> features = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public LayerFeature next() {
        int k = i++;
        LocalDate day = first.plusDays(random.nextInt(10));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", "SYN-" + k);
        p.put("date", day.toString());
        p.put("event_type", List.of("armed_clash", "shelling", "drone_strike").get(k % 3));
        p.put("fatalities", List.of(Map.of("group", "military", "side", k % 2 == 0 ? "AZ" : "AM", "count", k % 5,
            "claimed_by", "synthetic", "source", "S1")));
        p.put("notes", "generated for benchmarks");
        return new LayerFeature("SYN-" + k, gf.createPoint(new Coordinate(44.5 + random.nextDouble() * 2, 40 + random.nextDouble() * 1.5)),
            day, day, p);
      }
    };
    try (LayerWriter writer = LayerWriter.begin(dataDir)) {
      writer.write(new Layer("incidents", "Synthetic incidents", "Generated for benchmarks", "Point", List.of(), EnrichedIncident.ATTRIBUTES, features),
          List.<LayerInfo.SourceFile>of());
      writer.commit(AtlasBuild.fingerprint(Path.of("geodata")), "synthetic layer of " + n + " features");
    }
  }
}
