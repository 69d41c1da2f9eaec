package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Python users: GeoPandas reads every layer through its items and each download format, pandas
 * each CSV, and OWSLib's OGC API Features client each collection, with Debian's own packages
 * ({@code python3-geopandas}, {@code python3-owslib}) under Debian's {@code /usr/bin/python3}, as
 * {@code src/test/python/read_layers.py} does. Every read holds every feature of the layer, and
 * the reads that keep property names have exactly the layer's properties.
 */
@Tag("gdal")
class PythonClientsTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT = Path.of("src/test/python/read_layers.py");

  @Test
  void geoPandasPandasAndOwsLibReadEveryLayerWhole() throws Exception {
    assertTrue(Files.isExecutable(PYTHON), "Debian's python3 is not installed");
    TestAtlas atlas = TestAtlas.shared();
    Map<String, Map<String, JsonNode>> reads = read(atlas.url(""));

    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String layer = c.get("id").asText();
      long count = c.get("featureCount").asLong();
      Map<String, JsonNode> of = reads.get(layer);
      assertTrue(of != null, "no read of " + layer + ": " + reads.keySet());
      assertEquals(Set.of("items", "geojson", "gpkg", "shapefile", "kml", "csv", "owslib", "json"), of.keySet(), layer);
      Set<String> properties = columns(of.get("json"));
      for (Map.Entry<String, JsonNode> read : of.entrySet()) {
        assertEquals(count, read.getValue().get("count").asLong(), layer + " read as " + read.getKey());
        Set<String> columns = columns(read.getValue());
        // GDAL makes a column of a feature's id where the properties have none.
        columns.remove("id");
        Set<String> expected = new TreeSet<>(properties);
        expected.remove("id");
        switch (read.getKey()) {
          case "items", "geojson", "gpkg", "owslib" -> assertEquals(expected, columns, layer + " read as " + read.getKey());
          // A DBF field name has at most ten characters; the file's README names them.
          case "shapefile" -> assertEquals(expected.size(), columns.size(), layer + " as a shapefile: " + columns);
          // CSV adds the geometry as text.
          case "csv" -> assertTrue(columns.containsAll(expected), layer + " as CSV: " + columns);
          // KML adds its own elements beside the data, and a feature's name is its <name>.
          case "kml" -> {
            if (expected.remove("name")) {
              expected.add("Name");
            }
            assertTrue(columns.containsAll(expected), layer + " as KML: " + columns);
          }
          default -> { }
        }
      }
    }
  }

  private static Set<String> columns(JsonNode read) {
    Set<String> columns = new TreeSet<>();
    read.get("columns").forEach(c -> columns.add(c.asText()));
    return columns;
  }

  /** Runs the script against the server at {@code base}; its reads by layer, then by kind. */
  private static Map<String, Map<String, JsonNode>> read(String base) throws IOException, InterruptedException {
    Path err = Files.createTempFile("python-clients", ".log");
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), base.replaceAll("/$", ""))
          .redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the Python clients did not finish");
      // A client that dies in its native code (exit 139) names the layer it was reading last.
      assertEquals(0, p.exitValue(), "read_layers.py failed:\n" + Files.readString(err));
      Map<String, Map<String, JsonNode>> reads = new HashMap<>();
      List<String> lines = new ArrayList<>(out.lines().toList());
      for (String line : lines) {
        JsonNode r = TestAtlas.JSON.readTree(line);
        reads.computeIfAbsent(r.get("layer").asText(), k -> new HashMap<>()).put(r.get("read").asText(), r);
      }
      return reads;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
