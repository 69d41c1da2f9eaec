package org.incidentatlas.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.incidentatlas.Main;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/** The build as a whole: what it writes, and that a failed build never harms the served data. */
class AtlasBuildTest {
  @TempDir
  Path tmp;

  private Path copyOfGeodata() throws IOException {
    return TestAtlas.copyGeodata(tmp.resolve("geodata"));
  }

  private static void appendRow(Path geodata, String file, String row) throws IOException {
    Files.writeString(geodata.resolve(file), row + "\n", StandardOpenOption.APPEND);
  }

  @Test
  void aBadRowIsReportedAndSkippedWhileTheRestIsWritten() throws IOException {
    Path geodata = copyOfGeodata();
    appendRow(geodata, "settlements_supplement.csv",
        "supplement:broken,Broken,Broken,,123,45.5,PPL,AZ,58,Tovuz District,,,,test row");
    SourceReport report = AtlasBuild.run(geodata, tmp.resolve("data"));
    assertEquals(1, report.totalSkipped());
    assertTrue(report.problems().get(0).toString().startsWith("settlements_supplement.csv:line "), report.problems().toString());
    assertTrue(report.summary().contains("1 rows skipped"));
    try (AtlasStore store = AtlasStore.open(tmp.resolve("data"))) {
      long settlements = store.layer("settlements").orElseThrow().featureCount();
      assertEquals(report.readCount("settlements.csv") + report.readCount("settlements_supplement.csv") - 1, settlements);
    }
  }

  @Test
  void aGazetteerCountryThatPointInPolygonContradictsIsReported() throws IOException {
    Path geodata = copyOfGeodata();
    // Armenian by the gazetteer, but placed at Tovuz, well inside Azerbaijan.
    appendRow(geodata, "settlements_supplement.csv",
        "supplement:misplaced,Misplaced,Misplaced,,40.99249,45.62838,PPL,AM,09,Tavush,,,,test row");
    SourceReport report = AtlasBuild.run(geodata, tmp.resolve("data"));
    assertTrue(report.warnings().stream().anyMatch(w -> w.contains("supplement:misplaced") && w.contains("gazetteer country AM")
        && w.contains("lies in AZ")), report.warnings().toString());
    assertEquals(0, report.totalSkipped());
  }

  @Test
  void aFailedBuildLeavesTheServedDatabaseAsItWas() throws IOException {
    Path geodata = copyOfGeodata();
    Path data = tmp.resolve("data");
    AtlasBuild.run(geodata, data);
    long before;
    String fingerprint;
    try (AtlasStore store = AtlasStore.open(data)) {
      before = store.count(store.layer("incidents").orElseThrow(), FeatureQuery.all());
      fingerprint = store.fingerprint().orElseThrow();
    }
    Files.writeString(geodata.resolve("incidents.geojson"), "{\"type\": \"FeatureCollection\", \"features\": [");
    SourceException e = assertThrows(SourceException.class, () -> AtlasBuild.run(geodata, data));
    assertTrue(e.getMessage().startsWith("incidents.geojson:line 1"), e.getMessage());
    try (AtlasStore store = AtlasStore.open(data)) {
      assertEquals(before, store.count(store.layer("incidents").orElseThrow(), FeatureQuery.all()));
      assertEquals(fingerprint, store.fingerprint().orElseThrow());
    }
  }

  @Test
  void countriesThatShareAnExclaveStopTheBuildWithWhereTheyOverlap() throws IOException {
    Path geodata = copyOfGeodata();
    // Armenia drawn over the Azerbaijani exclave of Barxudarlı, as the source outlines had it.
    ObjectMapper json = new ObjectMapper();
    JsonNode countries = json.readTree(geodata.resolve("countries.geojson").toFile());
    GeoJsonReader reader = new GeoJsonReader();
    Map<String, ObjectNode> byId = new HashMap<>();
    countries.get("features").forEach(f -> byId.put(f.get("id").asText(), (ObjectNode) f));
    try {
      Geometry am = reader.read(byId.get("ARM").get("geometry").toString());
      Geometry az = reader.read(byId.get("AZE").get("geometry").toString());
      Geometry barxudarli = az.getFactory().createPoint(new Coordinate(45.22528, 40.99333));
      for (int i = 0; i < az.getNumGeometries(); i++) {
        if (az.getGeometryN(i).covers(barxudarli)) {
          am = am.union(az.getGeometryN(i));
        }
      }
      byId.get("ARM").set("geometry", json.readTree(new GeoJsonWriter().write(am)));
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
    json.writeValue(geodata.resolve("countries.geojson").toFile(), countries);
    SourceException e = assertThrows(SourceException.class, () -> AtlasBuild.run(geodata, tmp.resolve("data")));
    assertTrue(e.getMessage().startsWith("countries.geojson: Armenia and Azerbaijan overlap by"), e.getMessage());
    assertTrue(e.getMessage().contains("40.9"), e.getMessage());
  }

  @Test
  void serveBuildsAnEmptyDatabaseAndRebuildsWhenGeodataChanges() throws IOException {
    Path geodata = copyOfGeodata();
    Path data = tmp.resolve("data");
    AtlasConfig config = AtlasConfig.local(0, data, geodata);
    String first = serveAndReadFingerprint(config);
    assertEquals(AtlasBuild.fingerprint(geodata), first);
    appendRow(geodata, "settlement_names.csv", "supplement:aygepar,Aygepar (test spelling),en,Latn,");
    String second = serveAndReadFingerprint(config);
    assertNotEquals(first, second);
    assertEquals(AtlasBuild.fingerprint(geodata), second);
  }

  @Test
  void serveRebuildsADatabaseOfAnEarlierLayoutFromUnchangedGeodata() throws Exception {
    Path geodata = copyOfGeodata();
    Path data = tmp.resolve("data");
    AtlasBuild.run(geodata, data);
    // What the release before filterable attributes left behind: no attributes in the catalogue,
    // and a fingerprint of the geodata files alone.
    Map<String, String> sums = new TreeMap<>();
    for (String f : Geodata.FILES) {
      sums.put(f, HexFormat.of().formatHex(sha256(Files.readAllBytes(geodata.resolve(f)))));
    }
    StringBuilder lines = new StringBuilder();
    sums.forEach((f, sum) -> lines.append(f).append('=').append(sum).append('\n'));
    String earlier = HexFormat.of().formatHex(sha256(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("atlas").toAbsolutePath(), "", "");
         Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("UPDATE build SET fingerprint = ?")) {
      st.execute("ALTER TABLE catalogue DROP COLUMN attributes");
      ps.setString(1, earlier);
      assertEquals(1, ps.executeUpdate());
    } catch (SQLException e) {
      throw new AssertionError("cannot turn the database into an earlier one", e);
    }
    assertNotEquals(earlier, AtlasBuild.fingerprint(geodata));
    assertEquals(AtlasBuild.fingerprint(geodata), serveAndReadFingerprint(AtlasConfig.local(0, data, geodata)));
    try (AtlasStore store = AtlasStore.open(data)) {
      assertEquals(EnrichedIncident.ATTRIBUTES, store.layer("incidents").orElseThrow().attributes());
    }
  }

  private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static String serveAndReadFingerprint(AtlasConfig config) {
    Javalin app = Main.serve(config);
    app.stop();
    try (AtlasStore store = AtlasStore.open(config.dataDir())) {
      return store.fingerprint().orElseThrow();
    }
  }
}
