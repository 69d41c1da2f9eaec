package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.StoredFeature;
import org.junit.jupiter.api.Test;

/**
 * Features sent as stored are written without the JSON generator: the bytes must be exactly the
 * generator's, whatever the id holds and however the features fall across the writer's buffer.
 */
class FeatureCollectionWriterTest {
  private static final String GEOMETRY = "{\"type\":\"Point\",\"coordinates\":[45.5,40.9]}";

  @Test
  void featuresAsStoredAreTheGeneratorsBytes() throws Exception {
    List<StoredFeature> features = new ArrayList<>();
    String[] ids = {"INC-1", "a\"b", "back\\slash", "tab\tnew\nline\u0001", "Ağdam", "Ашхабад", "日本", "emoji 😀",
        "\u2028", "del\u007f", "", null, "x".repeat(70_000)};
    for (int i = 0; i < ids.length; i++) {
      features.add(feature(ids[i], "{\"n\":" + i + ",\"name\":\"Tovuz – Tavush\"}"));
    }
    // Properties larger than the buffer, and enough features to fill it many times over.
    features.add(feature("large", "{\"text\":\"" + "ü".repeat(100_000) + "\"}"));
    for (int i = 0; i < 2_000; i++) {
      features.add(feature("INC-" + i, "{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i % 300) + "\"}"));
    }
    assertSame(byGenerator(features), written(features, null));
    assertSame(byGenerator(List.of()), written(List.of(), null));
  }

  /**
   * Features handed over where an engine read them, several to one array with other bytes around
   * them, are written exactly as the same features handed over on their own; also where only some
   * properties are asked for.
   */
  @Test
  void featuresHandedOverInsideALargerArrayAreWrittenTheSame() throws Exception {
    List<StoredFeature> features = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      features.add(feature(i == 7 ? "a\"b" : "INC-" + i, "{\"n\":" + i + ",\"pad\":\"" + "ü".repeat(i % 500) + "\"}"));
    }
    features.add(feature("large", "{\"n\":0,\"text\":\"" + "x".repeat(100_000) + "\"}"));
    for (Set<String> properties : java.util.Arrays.asList(null, Set.of("n"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (FeatureCollectionWriter writer = new FeatureCollectionWriter(out, properties, ServedCrs.CRS84)) {
        writer.begin(head(features.size()));
        for (int from = 0; from < features.size(); from += 64) {
          List<StoredFeature> block = features.subList(from, Math.min(features.size(), from + 64));
          ByteArrayOutputStream packed = new ByteArrayOutputStream();
          List<int[]> at = new ArrayList<>();
          for (StoredFeature f : block) {
            packed.write(0x5B);
            int g = packed.size();
            packed.write(f.geometry());
            packed.write(0x2C);
            int p = packed.size();
            packed.write(f.properties());
            packed.write(0x5D);
            at.add(new int[] {g, f.geometry().length, p, f.properties().length});
          }
          byte[] bytes = packed.toByteArray();
          for (int i = 0; i < block.size(); i++) {
            int[] a = at.get(i);
            writer.accept(block.get(i).id(), bytes, a[0], a[1], a[2], a[3]);
          }
        }
        writer.end(Map.of("numberReturned", writer.written()));
      }
      assertSame(written(features, properties), out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void selectedPropertiesStillGoThroughTheGenerator() throws Exception {
    List<StoredFeature> features = List.of(feature("a", "{\"n\":1,\"m\":2}"), feature("b", "{\"n\":3}"));
    assertEquals(written(features, null).replace(",\"m\":2", ""), written(features, Set.of("n")));
  }

  /** Equal, or where they first differ: the documents are megabytes long. */
  private static void assertSame(String expected, String actual) {
    int at = 0;
    while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
      at++;
    }
    if (at < expected.length() || at < actual.length()) {
      fail("differ at " + at + ": expected ..." + expected.substring(Math.max(0, at - 40), Math.min(expected.length(), at + 40))
          + "... but wrote ..." + actual.substring(Math.max(0, at - 40), Math.min(actual.length(), at + 40)) + "...");
    }
  }

  private static StoredFeature feature(String id, String properties) {
    return new StoredFeature(id, GEOMETRY.getBytes(StandardCharsets.UTF_8), properties.getBytes(StandardCharsets.UTF_8));
  }

  private static String written(List<StoredFeature> features, Set<String> properties) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FeatureCollectionWriter writer = new FeatureCollectionWriter(out, properties, ServedCrs.CRS84)) {
      writer.begin(head(features.size()));
      for (StoredFeature f : features) {
        writer.feature(f);
      }
      writer.end(Map.of("numberReturned", writer.written()));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The collection as the generator writes every feature. */
  private static String byGenerator(List<StoredFeature> features) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = FeatureCollectionWriter.generator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "FeatureCollection");
      json.writeStringField("name", "incidents");
      json.writeNumberField("numberMatched", features.size());
      json.writeArrayFieldStart("features");
      for (StoredFeature f : features) {
        FeatureCollectionWriter.writeFeature(json, f, null, new GeometryOutput(ServedCrs.CRS84), null);
      }
      json.writeEndArray();
      json.writeNumberField("numberReturned", features.size());
      json.writeEndObject();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> head(int matched) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "incidents");
    m.put("numberMatched", matched);
    return m;
  }
}
