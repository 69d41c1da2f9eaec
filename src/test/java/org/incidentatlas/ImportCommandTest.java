package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.records.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import command on the committed ACLED-, UCDP- and GeoJSON-format files, as a user runs it. */
class ImportCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/imports");

  @TempDir
  Path dir;

  private CommandRun run(String... args) {
    Map<String, String> env = new HashMap<>(Map.of("ATLAS_DATA_DIR", dir.resolve("data").toString(),
        "ATLAS_GEODATA_DIR", TestAtlas.GEODATA.toString()));
    List<String> database = TestAtlas.databaseOptions(dir.resolve("data"));
    if (!database.isEmpty()) {
      env.put("ATLAS_DATABASE", database.get(1));
    }
    return CommandRun.of(List.of(args), env);
  }

  private List<RecordVersion> records() {
    try (RecordsDb db = TestAtlas.records(TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA))) {
      return new IncidentRecords(db).list(List.of(Status.values()), null, 100_000);
    }
  }

  private static List<CSVRecord> rows(Path csv) throws IOException {
    try (var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(Files.newBufferedReader(csv))) {
      return parser.getRecords();
    }
  }

  @Test
  void anAcledFileBecomesDraftsAndASecondImportChangesNothing() throws IOException {
    Path file = FIXTURES.resolve("acled-tovuz-2020.csv");
    List<CSVRecord> rows = rows(file);
    CommandRun first = run("import", file.toString());
    assertEquals(0, first.status(), first.err());
    assertTrue(first.out().contains(rows.size() + " new, 0 changed, 0 unchanged"), first.out());
    List<RecordVersion> stored = records();
    assertEquals(rows.size(), stored.size());
    assertTrue(stored.stream().allMatch(v -> v.status() == Status.DRAFT));
    Set<String> ids = new HashSet<>();
    stored.forEach(v -> ids.add(v.incidentId()));
    for (CSVRecord row : rows) {
      assertTrue(ids.contains("ACLED-" + row.get("event_id_cnty")), ids.toString());
    }

    CommandRun again = run("import", file.toString());
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("0 new, 0 changed, " + rows.size() + " unchanged"), again.out());
    assertEquals(rows.size(), records().size());
  }

  @Test
  void aFileWithBadRowsStoresNothingAndNamesEveryBadRow() throws IOException {
    Path file = FIXTURES.resolve("acled-broken.csv");
    CommandRun r = run("import", file.toString());
    assertEquals(1, r.status());
    List<String> reported = r.err().lines().filter(l -> l.startsWith(file.toString() + ":")).toList();
    assertTrue(reported.size() >= 4, r.err());
    assertTrue(r.err().contains("nothing was imported"), r.err());
    assertEquals(List.of(), records());

    CommandRun skipping = run("import", file.toString(), "--skip-bad-rows");
    assertEquals(0, skipping.status(), skipping.err());
    int good = rows(file).size() - reported.size();
    assertEquals(good, records().size(), skipping.out() + skipping.err());
    assertEquals(reported.size(), skipping.err().lines().filter(l -> l.startsWith("skipped " + file + ":")).count(),
        skipping.err());
  }

  @Test
  void ucdpRowsCanBePublishedAtOnceAndCarryTheirFigures() throws IOException {
    Path file = FIXTURES.resolve("ucdp-ged-tovuz-2020.csv");
    List<CSVRecord> rows = rows(file);
    CommandRun r = run("import", file.toString(), "--publish");
    assertEquals(0, r.status(), r.err());
    List<RecordVersion> stored = records();
    assertEquals(rows.size(), stored.size());
    assertTrue(stored.stream().allMatch(v -> v.status() == Status.PUBLISHED));
    for (CSVRecord row : rows) {
      RecordVersion v = stored.stream().filter(s -> s.incidentId().equals("UCDP-" + row.get("id"))).findFirst().orElseThrow();
      JsonNode p = TestAtlas.JSON.readTree(v.record()).get("properties");
      int sum = 0;
      for (JsonNode c : p.get("fatalities")) {
        sum += c.get("count").asInt();
      }
      assertEquals(Integer.parseInt(row.get("best")), sum, "figures of UCDP " + row.get("id"));
    }
  }

  @Test
  void ucdpBadRowsAreReportedWithTheirLines() {
    Path file = FIXTURES.resolve("ucdp-broken.csv");
    CommandRun r = run("import", file.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().lines().anyMatch(l -> l.matches(".*ucdp-broken\\.csv:\\d+: .+")), r.err());
    assertEquals(List.of(), records());
  }

  @Test
  void aLongImportShowsProgress() throws IOException {
    JsonNode fixture = TestAtlas.JSON.readTree(FIXTURES.resolve("incidents-import.geojson").toFile());
    ObjectNode template = (ObjectNode) fixture.get("features").get(0);
    ObjectNode collection = TestAtlas.JSON.createObjectNode().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    for (int i = 0; i < 2500; i++) {
      ObjectNode f = template.deepCopy();
      ((ObjectNode) f.get("properties")).put("external_id", "test:" + i);
      features.add(f);
    }
    Path file = dir.resolve("many.geojson");
    TestAtlas.JSON.writeValue(file.toFile(), collection);
    CommandRun r = run("import", file.toString());
    assertEquals(0, r.status(), r.err());
    List<String> progress = new ArrayList<>(r.out().lines().filter(l -> l.contains("rows read")).toList());
    assertEquals(2, progress.size(), r.out());
    assertTrue(progress.get(1).contains("2,000 rows read (2,000 new, 0 changed, 0 bad)"), progress.get(1));
    assertEquals(2500, records().size());
  }

  @Test
  void anUnknownFileOrFormatIsAUsageError() {
    CommandRun missing = run("import", dir.resolve("nope.csv").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("no file at"), missing.err());
    CommandRun badFormat = run("import", FIXTURES.resolve("acled-tovuz-2020.csv").toString(), "--format", "shapefile");
    assertEquals(1, badFormat.status());
    assertTrue(badFormat.err().contains("shapefile"), badFormat.err());
  }

  @Test
  void publishedImportsReachTheLayersOfABuildAndOfARunningServer() throws Exception {
    Path ucdp = FIXTURES.resolve("ucdp-ged-tovuz-2020.csv");
    assertEquals(0, run("import", ucdp.toString(), "--publish").status());
    TestAtlas atlas = TestAtlas.of(TestAtlas.GEODATA, dir.resolve("data"));
    try {
      Set<String> served = servedIds(atlas);
      for (CSVRecord row : rows(ucdp)) {
        assertTrue(served.contains("UCDP-" + row.get("id")), "a build includes the published records");
      }
      Path acled = FIXTURES.resolve("acled-tovuz-2020.csv");
      assertEquals(0, run("import", acled.toString(), "--publish").status());
      List<String> expected = rows(acled).stream().map(r -> "ACLED-" + r.get("event_id_cnty")).toList();
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!servedIds(atlas).containsAll(expected) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(servedIds(atlas).containsAll(expected), "the running server takes in an import made beside it");
    } finally {
      atlas.app.stop();
    }
  }

  @Test
  void rowsWithValuesThatCannotBeTrueAreReportedWithTheirLineAndFieldAndNothingIsStored() throws IOException {
    JsonNode fixture = TestAtlas.JSON.readTree(FIXTURES.resolve("incidents-import.geojson").toFile());
    ObjectNode good = (ObjectNode) fixture.get("features").get(0);
    double lon = good.at("/geometry/coordinates/0").asDouble();
    double lat = good.at("/geometry/coordinates/1").asDouble();
    // One feature a line, each with one thing wrong; the fixture's Aygepar is in Armenia, Tovuz in Azerbaijan.
    Map<String, Consumer<ObjectNode>> wrong = new LinkedHashMap<>();
    wrong.put("properties.date", f -> props(f).put("date", "0000-07-14").put("date_end", "0000-07-14"));
    wrong.put("properties.sources[0].date", f -> ((ObjectNode) props(f).at("/sources/0")).put("date", "1899-12"));
    wrong.put("properties.date_end", f -> props(f).put("date_end", "2999-01-01"));
    wrong.put("geometry.coordinates", f -> point(f, 0, 0));
    wrong.put("geometry", f -> point(f, lon + 10, lat));
    wrong.put("properties.country", f -> {
      point(f, 45.62838, 40.99249);
      props(f).put("uncertainty_m", 200_000);
    });
    StringBuilder file = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [\n");
    int n = 0;
    for (var e : wrong.entrySet()) {
      ObjectNode f = good.deepCopy();
      props(f).put("external_id", "test:" + n);
      e.getValue().accept(f);
      file.append(n++ == 0 ? "" : ",\n").append(f);
    }
    Path path = dir.resolve("impossible.geojson");
    Files.writeString(path, file.append("\n]}\n").toString());

    CommandRun r = run("import", path.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    List<String> reported = r.err().lines().filter(l -> l.startsWith(path + ":")).toList();
    int line = 2;
    for (String field : wrong.keySet()) {
      String prefix = path + ":" + line++ + ": ";
      assertTrue(reported.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(field + ": ")), field + " at " + prefix + "\n" + r.err());
    }
    assertEquals(wrong.size(), reported.size(), r.err());
    assertEquals(List.of(), records());
  }

  @Test
  void anAcledRowOfYearZeroOrAtNullIslandOrCodedInTheFutureIsReported() throws IOException {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("acled-tovuz-2020.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    CSVRecord first = rows(FIXTURES.resolve("acled-tovuz-2020.csv")).get(0);
    StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
    List<Map<String, String>> changes = List.of(Map.of("event_date", "0000-07-12"), Map.of("latitude", "0", "longitude", "0"),
        Map.of("timestamp", "99999999999"));
    for (int i = 0; i < changes.size(); i++) {
      Map<String, String> row = new LinkedHashMap<>(first.toMap());
      row.putAll(changes.get(i));
      row.put("event_id_cnty", "AZE" + (8000 + i));
      csv.append(String.join(",", header.stream().map(c -> csvCell(row.get(c))).toList())).append('\n');
    }
    Path path = dir.resolve("impossible.csv");
    Files.writeString(path, csv.toString());
    CommandRun r = run("import", path.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains(path + ":2: properties.date: 0000-07-12 is before 1900-01-01"), r.err());
    assertTrue(r.err().contains(path + ":3: geometry.coordinates: [0, 0] is \"null island\""), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.startsWith(path + ":4: ") && l.contains("lies in the future")), r.err());
    assertEquals(List.of(), records());
  }

  private static ObjectNode props(ObjectNode feature) {
    return (ObjectNode) feature.get("properties");
  }

  private static void point(ObjectNode feature, double lon, double lat) {
    ((ObjectNode) feature.get("geometry")).putArray("coordinates").add(lon).add(lat);
  }

  /** A CSV cell, quoted when it must be. */
  private static String csvCell(String v) {
    return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  private static Set<String> servedIds(TestAtlas atlas) {
    Set<String> ids = new HashSet<>();
    atlas.json("/api/collections/incidents/items?limit=10000").get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }
}
