package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestDownload;
import org.incidentatlas.export.ExportFormat;
import org.incidentatlas.export.ExportFormats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Downloads in every format against the real server: what each file holds, how it is named, the
 * citation in its headers and inside it, and that the files written on the way are gone
 * afterwards. Expected values come from the API. GDAL's view of the same files is tested in
 * e2e/DownloadOgrInfoTest.
 */
class DownloadFormatsTest {
  static final String FILTERED = "datetime=2020-07-12/2020-07-14&event_type=shelling,armed_clash&bbox=" + FilterTest.BOX;
  static final List<String> UTF8_NAMES = List.of("Ağdam", "Մովսես", "Агдам");
  static TestAtlas atlas;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  static Stream<String> formats() {
    return ExportFormats.extensions().stream();
  }

  static Stream<Arguments> everyLayerInEveryFormat() {
    List<Arguments> out = new ArrayList<>();
    TestAtlas.shared().json("/api/collections").get("collections")
        .forEach(c -> formats().forEach(f -> out.add(Arguments.of(c.get("id").asText(), f))));
    return out.stream();
  }

  static String query(String q) {
    Map<String, String> params = FilterTest.parse(q);
    return FilterTest.encode(params);
  }

  static ExportFormat format(String extension) {
    return ExportFormats.byExtension(extension).orElseThrow();
  }

  static Path scratch() {
    return atlas.dataDir.resolve("download-scratch");
  }

  static List<Path> scratchEntries() throws Exception {
    try (Stream<Path> s = Files.list(scratch())) {
      return s.toList();
    }
  }

  /** What X-Atlas-Checksum must be: the SHA-256 of the sources as sha256sum lists them, sorted by name. */
  static String expectedChecksum(JsonNode collection) throws Exception {
    List<JsonNode> sources = new ArrayList<>();
    collection.get("sources").forEach(sources::add);
    sources.sort(Comparator.comparing(s -> s.get("file").asText()));
    StringBuilder lines = new StringBuilder();
    sources.forEach(s -> lines.append(s.get("sha256").asText()).append("  ").append(s.get("file").asText()).append('\n'));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(digest);
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("everyLayerInEveryFormat")
  void everyLayerDownloadsInEveryFormatWithItsCitationInTheHeaders(String layer, String extension) throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    TestDownload d = TestDownload.get(atlas, "/download/" + layer + "." + extension);
    JsonNode collection = atlas.json("/api/collections/" + layer);

    assertEquals(200, d.status(), d.text());
    assertEquals(format(extension).mediaType(), d.raw("Content-Type"));
    assertEquals("incident-atlas_" + layer + "." + extension, d.fileName());
    assertTrue(d.body().length > 0);

    String title = collection.get("title").asText();
    assertEquals(title, d.header("X-Atlas-Title"));
    assertEquals(collection.get("buildId").asText(), d.header("X-Atlas-Build"));
    assertEquals(collection.get("builtAt").asText(), d.header("X-Atlas-Built-At"));
    assertEquals(expectedChecksum(collection), d.header("X-Atlas-Checksum"));
    assertEquals("", d.header("X-Atlas-Query"));
    Instant exported = Instant.parse(d.header("X-Atlas-Exported-At"));
    assertFalse(exported.isBefore(before) || exported.isAfter(Instant.now()), exported.toString());
    String url = atlas.url("/download/" + layer + "." + extension);
    assertEquals("Incident Atlas (" + exported.atZone(ZoneOffset.UTC).getYear() + "). " + title + ", build "
        + collection.get("buildId").asText() + ", exported " + exported + ". " + url, d.header("X-Atlas-Citation"));
    List<String> files = new ArrayList<>();
    collection.get("sources").forEach(s -> files.add(s.get("file").asText()));
    String licence = d.header("X-Atlas-Licence");
    String attribution = d.header("X-Atlas-Attribution");
    if (files.contains("countries.geojson")) {
      assertTrue(licence.contains("ODbL-1.0 (OpenStreetMap)") && licence.contains("public domain (Natural Earth)"), licence);
      assertTrue(attribution.contains("© OpenStreetMap contributors"), attribution);
    }
    if (files.contains("settlements.csv")) {
      assertTrue(licence.contains("CC-BY-4.0 (GeoNames)"), licence);
      assertTrue(attribution.contains("© GeoNames (geonames.org)"), attribution);
    }
    if (files.contains("incidents.geojson")) {
      assertTrue(attribution.contains("each record's sources"), attribution);
    }
    String link = d.raw("Link");
    assertTrue(link.contains("<" + atlas.url("/api/collections/" + layer) + ">; rel=\"describedby\""), link);
    assertTrue(link.contains("<" + url + ">; rel=\"cite-as\""), link);
    d.headers().map().forEach((name, values) -> values.forEach(
        v -> assertTrue(v.chars().allMatch(c -> c >= 0x20 && c < 0x7F), name + " is not ASCII: " + v)));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void headAnswersWithTheHeadersOfGetAndWritesNothing(String extension) throws Exception {
    String path = "/download/incidents." + extension + "?" + query(FILTERED);
    TestDownload head = TestDownload.head(atlas, path);
    TestDownload get = TestDownload.get(atlas, path);
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
    for (String name : List.of("Content-Type", "Content-Disposition", "Link", "X-Atlas-Title", "X-Atlas-Licence",
        "X-Atlas-Attribution", "X-Atlas-Query", "X-Atlas-Build", "X-Atlas-Built-At", "X-Atlas-Checksum")) {
      assertEquals(get.raw(name), head.raw(name), name);
    }
    assertEquals(query(FILTERED), head.header("X-Atlas-Query"));
    assertTrue(head.header("X-Atlas-Citation").endsWith(atlas.url(path)), head.header("X-Atlas-Citation"));
    assertEquals(List.of(), scratchEntries());
  }

  @Test
  void headOfATitleWithAnEnDashSendsItAsAnRfc8187Value() {
    TestDownload head = TestDownload.head(atlas, "/download/border.kml");
    assertEquals("UTF-8''Armenia%E2%80%93Azerbaijan%20border", head.raw("X-Atlas-Title"));
    assertEquals("Armenia–Azerbaijan border", head.header("X-Atlas-Title"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/download/incidents.xlsx", "/download/incidents", "/download/incidents.GEOJSON", "/download/.csv"})
  void anUnknownFormatIsAJson404ThatListsTheOfferedOnes(String path) throws Exception {
    TestDownload d = TestDownload.get(atlas, path);
    assertEquals(404, d.status());
    JsonNode error = TestAtlas.JSON.readTree(d.body());
    assertEquals("NotFound", error.get("code").asText());
    if (!path.endsWith("/.csv")) {
      for (String extension : ExportFormats.extensions()) {
        assertTrue(error.get("description").asText().contains("." + extension), error.toString());
      }
    }
    assertEquals(404, TestDownload.head(atlas, path).status());
  }

  @ParameterizedTest
  @MethodSource("formats")
  void aBadParameterIsA400InEveryFormat(String extension) {
    assertEquals(400, TestDownload.get(atlas, "/download/incidents." + extension + "?limit=5").status());
    assertEquals(400, TestDownload.get(atlas, "/download/border." + extension + "?country=AM").status());
  }

  @ParameterizedTest
  @MethodSource("formats")
  void aFilteredDownloadHoldsTheFeaturesItemsReturnsNamedByTheQuery(String extension) throws Exception {
    String q = query(FILTERED);
    List<String> expected = FilterTest.ids(atlas.json("/api/collections/incidents/items?limit=10000&" + q));
    assertTrue(expected.size() > 0 && expected.size() < atlas.json("/api/collections/incidents").get("featureCount").asInt());

    TestDownload d = TestDownload.get(atlas, "/download/incidents." + extension + "?" + q);
    assertEquals(200, d.status(), d.text());
    assertEquals("incident-atlas_incidents_2020-07-12_to_2020-07-14_event_type-shelling+armed-clash_bbox-45.45_40.85_45.65_40.98."
        + extension, d.fileName());
    assertEquals(expected, idsIn(extension, d));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void aQueryThatSelectsNothingGivesAnEmptyButWellFormedFile(String extension) throws Exception {
    TestDownload d = TestDownload.get(atlas, "/download/incidents." + extension + "?datetime=2021-01-01/2021-01-31");
    assertEquals(200, d.status(), d.text());
    assertEquals(List.of(), idsIn(extension, d));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void theCitationIsInsideEveryFileThatHasRoomForIt(String extension) throws Exception {
    TestDownload d = TestDownload.get(atlas, "/download/incidents." + extension + "?" + query(FILTERED));
    String citation = d.header("X-Atlas-Citation");
    switch (extension) {
      case "geojson" -> {
        JsonNode file = TestAtlas.JSON.readTree(d.body());
        assertEquals(citation, file.get("citation").asText());
        assertEquals(d.header("X-Atlas-Licence"), file.get("licence").asText());
        assertEquals(d.header("X-Atlas-Attribution"), file.get("attribution").asText());
        assertEquals(d.header("X-Atlas-Checksum"), file.get("checksum").asText());
        assertEquals(d.header("X-Atlas-Query"), file.get("query").asText());
        assertEquals(d.header("X-Atlas-Exported-At"), file.get("exportedAt").asText());
      }
      case "kml" -> {
        Element document = (Element) xml(d.body()).getElementsByTagName("Document").item(0);
        String description = document.getElementsByTagName("description").item(0).getTextContent();
        assertTrue(description.startsWith(citation), description);
        assertTrue(description.contains(d.header("X-Atlas-Attribution")), description);
        Map<String, String> data = new LinkedHashMap<>();
        var items = document.getElementsByTagName("Data");
        for (int i = 0; i < items.getLength(); i++) {
          Element e = (Element) items.item(i);
          data.put(e.getAttribute("name"), e.getElementsByTagName("value").item(0).getTextContent());
        }
        assertEquals(citation, data.get("citation"));
        assertEquals(d.header("X-Atlas-Licence"), data.get("licence"));
        assertEquals(d.header("X-Atlas-Checksum"), data.get("checksum"));
      }
      case "gpkg" -> {
        try (Connection db = sqlite(d.saveIn(tmp)); Statement st = db.createStatement()) {
          ResultSet md = st.executeQuery("SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r"
              + " ON r.md_file_id = m.id WHERE r.reference_scope = 'table' AND r.table_name = 'incidents'");
          assertTrue(md.next());
          String metadata = md.getString(1);
          assertTrue(metadata.contains("<MDI key=\"CITATION\">" + citation.replace("&", "&amp;") + "</MDI>"), metadata);
          assertTrue(metadata.contains("<MDI key=\"CHECKSUM\">" + d.header("X-Atlas-Checksum") + "</MDI>"), metadata);
          ResultSet contents = st.executeQuery("SELECT identifier FROM gpkg_contents WHERE table_name = 'incidents'");
          assertTrue(contents.next());
          assertEquals(d.header("X-Atlas-Title"), contents.getString(1));
        }
      }
      case "zip" -> {
        Map<String, byte[]> entries = unzip(d.body());
        String base = d.fileName().replaceAll("\\.zip$", "");
        assertEquals(List.of(base + ".shp", base + ".shx", base + ".dbf", base + ".prj", base + ".cpg", "README.txt"),
            List.copyOf(entries.keySet()));
        assertEquals("UTF-8", new String(entries.get(base + ".cpg"), StandardCharsets.US_ASCII));
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(citation), readme);
        assertTrue(readme.contains(d.header("X-Atlas-Checksum")), readme);
        assertTrue(readme.contains("Query: " + d.header("X-Atlas-Query")), readme);
        assertTrue(readme.contains("loc_prec    location_precision"), readme);
        assertTrue(readme.contains("254 bytes"), readme);
      }
      case "csv" -> {
        // Spreadsheets need the first row to be the header: the citation travels in the headers only.
        String text = d.text();
        assertTrue(text.startsWith("\uFEFFid,longitude,latitude,"), text.substring(0, 40));
        assertFalse(text.contains(citation));
      }
      default -> throw new AssertionError("untested format " + extension);
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void namesInEveryScriptSurviveInEveryFormat(String extension) throws Exception {
    String api = TestAtlas.JSON.writeValueAsString(atlas.json("/api/collections/incidents/items?limit=10000"));
    UTF8_NAMES.forEach(n -> assertTrue(api.contains(n), "the data should name " + n));

    TestDownload d = TestDownload.get(atlas, "/download/incidents." + extension);
    String text = switch (extension) {
      case "gpkg" -> gpkgText(d.saveIn(tmp));
      case "zip" -> {
        Map<String, byte[]> entries = unzip(d.body());
        yield new String(entries.get(d.fileName().replaceAll("\\.zip$", ".dbf")), StandardCharsets.UTF_8);
      }
      default -> d.text();
    };
    for (String name : UTF8_NAMES) {
      assertTrue(text.contains(name), name + " is missing from the ." + extension);
    }
  }

  @Test
  void theCsvHasOneRowPerFeatureWithItsCoordinatesAndReadableClaims() throws Exception {
    JsonNode items = atlas.json("/api/collections/incidents/items?limit=10000");
    TestDownload d = TestDownload.get(atlas, "/download/incidents.csv");
    List<CSVRecord> rows = csv(d.text());
    assertEquals(items.get("features").size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode f = items.get("features").get(i);
      CSVRecord row = rows.get(i);
      assertEquals(f.get("id").asText(), row.get("id"));
      assertEquals(f.at("/geometry/coordinates/0").asDouble(), Double.parseDouble(row.get("longitude")));
      assertEquals(f.at("/geometry/coordinates/1").asDouble(), Double.parseDouble(row.get("latitude")));
      JsonNode claims = f.at("/properties/fatalities");
      List<String> expected = new ArrayList<>();
      claims.forEach(c -> expected.add(c.get("count").asInt() + " (" + c.get("side").asText() + " " + c.get("group").asText()
          + ") claimed by " + c.get("claimed_by").asText() + " [" + c.get("source").asText() + "]"));
      assertEquals(String.join("; ", expected), row.get("fatalities"));
      assertEquals(String.join(" | ", texts(f.at("/properties/place_names"))), row.get("place_names"));
      assertEquals(f.at("/properties/notes").asText(), row.get("notes"));
      assertFalse(row.isMapped("id_2"), "the id property is the id column, not a second one");
    }
  }

  @Test
  void layersWithoutPointsHaveTheirGeometryAsWktInTheCsv() throws Exception {
    List<CSVRecord> rows = csv(TestDownload.get(atlas, "/download/border.csv").text());
    assertEquals(1, rows.size());
    assertTrue(rows.get(0).get("wkt").startsWith("MULTILINESTRING (("), rows.get(0).get("wkt").substring(0, 30));
  }

  @Test
  void filesWrittenOnTheWayAreGoneAfterCompleteAndAbandonedDownloads() throws Exception {
    for (String extension : List.of("gpkg", "zip")) {
      assertEquals(200, TestDownload.get(atlas, "/download/countries." + extension).status());
    }
    assertEquals(List.of(), scratchEntries());

    HttpClient client = HttpClient.newHttpClient();
    for (String extension : List.of("gpkg", "zip")) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(atlas.url("/download/countries." + extension))).build();
      HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        assertEquals(200, r.statusCode());
        assertTrue(in.read(new byte[64]) > 0);
      }
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!scratchEntries().isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), scratchEntries());
  }

  // --- reading the files ---

  /** Feature ids in file order, read from the file itself. */
  List<String> idsIn(String extension, TestDownload d) throws Exception {
    List<String> ids = new ArrayList<>();
    switch (extension) {
      case "geojson" -> TestAtlas.JSON.readTree(d.body()).get("features").forEach(f -> ids.add(f.get("id").asText()));
      case "csv" -> csv(d.text()).forEach(r -> ids.add(r.get("id")));
      case "kml" -> {
        var data = xml(d.body()).getElementsByTagName("SimpleData");
        for (int i = 0; i < data.getLength(); i++) {
          Element e = (Element) data.item(i);
          if (e.getAttribute("name").equals("id")) {
            ids.add(e.getTextContent());
          }
        }
      }
      case "gpkg" -> {
        try (Connection db = sqlite(d.saveIn(tmp)); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM incidents ORDER BY fid")) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      case "zip" -> {
        byte[] dbf = unzip(d.body()).get(d.fileName().replaceAll("\\.zip$", ".dbf"));
        ByteBuffer b = ByteBuffer.wrap(dbf).order(ByteOrder.LITTLE_ENDIAN);
        int records = b.getInt(4);
        int header = b.getShort(8);
        int length = b.getShort(10);
        int idWidth = dbf[32 + 16] & 0xFF; // the first field is the id
        for (int r = 0; r < records; r++) {
          ids.add(new String(dbf, header + r * length + 1, idWidth, StandardCharsets.UTF_8).trim());
        }
      }
      default -> throw new AssertionError(extension);
    }
    return ids;
  }

  static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(v -> out.add(v.asText()));
    return out;
  }

  static List<CSVRecord> csv(String text) throws Exception {
    assertTrue(text.startsWith("\uFEFF"), "no byte order mark");
    return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(text.substring(1))).getRecords();
  }

  static Document xml(byte[] body) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
  }

  static Connection sqlite(Path file) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** Every text of the feature table, concatenated. */
  static String gpkgText(Path file) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection db = sqlite(file); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT * FROM incidents")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          if (rs.getObject(i) instanceof String s) {
            all.append(s).append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
