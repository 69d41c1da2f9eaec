package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.DataChecksum;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.incidentatlas.filter.Cql2Text;
import org.incidentatlas.filter.Expr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests built to break the server, on every endpoint: each is refused with a 4xx in the API's
 * error shape ({@code code}, {@code description}), never a 5xx, and none changes anything stored:
 * the last test compares every table of the records and of the served layers with what they held
 * before the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
  static final String[] FORMATS = {"geojson", "csv", "kml", "gpkg", "zip"};

  static TestAtlas atlas;
  static String admin;
  /** Incidents of geodata that the writes below aim at. */
  static String incident;
  static String other;
  /** A new record that would be accepted as it is; the corpus sends it only spoiled. */
  static ObjectNode record;
  static Map<String, String> before;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-hostile");
    admin = atlas.addUser("ada", Role.ADMIN);
    atlas.addUser("ed", Role.EDITOR);
    JsonNode incidents = atlas.json(ITEMS + "?limit=2").get("features");
    incident = incidents.get(0).get("id").asText();
    other = incidents.get(1).get("id").asText();
    JsonNode village = atlas.json("/api/collections/settlements/items/" + incidents.get(0).at("/properties/place_id").asText());
    record = TestAtlas.JSON.createObjectNode().put("type", "Feature");
    record.putObject("geometry").put("type", "Point").set("coordinates", village.at("/geometry/coordinates").deepCopy());
    ObjectNode p = record.putObject("properties").put("date", "2020-07-15").put("event_type", "shelling")
        .put("place_id", village.get("id").asText()).put("uncertainty_m", 2000).put("notes", "a note");
    p.putArray("sources").addObject().put("id", "S1").put("publisher", "Example Agency").put("date", "2020-07-15")
        .put("language", "en");
    before = DataChecksum.of(atlas.config());
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void nothingStoredChangedThroughTheWholeCorpus() {
    assertEquals(before, DataChecksum.of(atlas.config()));
  }

  // --- answers ---------------------------------------------------------------------------------------

  /** A 4xx with {@code code} and {@code description}; its body. */
  static JsonNode refused(HttpResponse<String> r) throws Exception {
    String where = r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + " " + r.body();
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, where);
    JsonNode e = TestAtlas.JSON.readTree(r.body());
    assertTrue(e.path("code").isTextual() && e.path("description").isTextual(), where);
    return e;
  }

  /** The same with this status, the description holding {@code says} (case aside). */
  static JsonNode refused(HttpResponse<String> r, int status, String says) throws Exception {
    JsonNode e = refused(r);
    String where = r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + " " + r.body();
    assertEquals(status, r.statusCode(), where);
    assertTrue(e.get("description").asText().toLowerCase(Locale.ROOT).contains(says.toLowerCase(Locale.ROOT)), where);
    return e;
  }

  /** A request of the admin, who may make every write, at any version. */
  static HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
    return atlas.api().sendBytes(method, path, admin, body, contentType, "*").raw();
  }

  // --- filters: size and nesting -------------------------------------------------------------------

  static String nestedCollections(int depth) {
    return "GEOMETRYCOLLECTION(".repeat(depth) + "POINT(45 41)" + ")".repeat(depth);
  }

  static String ors(int terms) {
    StringBuilder f = new StringBuilder("name='a0'");
    for (int i = 1; i < terms; i++) {
      f.append(" OR name='a").append(i).append("'");
    }
    return f.toString();
  }

  /**
   * A 400 naming the limit (or the filter's length limit, which is checked first), or, for an
   * address longer than the server reads at all, the 414 or 431 Jetty answers.
   */
  static void refusedWithItsLimit(HttpResponse<String> r, String limit) throws Exception {
    JsonNode e = refused(r);
    if (r.statusCode() == 414 || r.statusCode() == 431) {
      assertTrue(e.get("description").asText().contains("8 kB"), e.toString());
      closesTheConnection(r);
      return;
    }
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("InvalidParameterValue", e.get("code").asText());
    String description = e.get("description").asText();
    assertTrue(description.contains(limit) || description.contains("at most " + Cql2Text.MAX_LENGTH), e.toString());
  }

  /**
   * Jetty closes the connection after a request it could not read; unless the answer says so, a
   * client sends its next request on that connection and gets nothing back.
   */
  static void closesTheConnection(HttpResponse<String> r) {
    assertEquals("close", r.headers().firstValue("Connection").orElse(null), r.headers().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"geojson", "csv", "kml", "gpkg", "zip"})
  void aDownloadCitesAQueryUpToItsLimitAndRefusesALongerOneBeforeSendingAnything(String format) throws Exception {
    String prefix = "filter=" + URLEncoder.encode("name = ''", StandardCharsets.UTF_8);
    String longest = prefix.substring(0, prefix.length() - 3) + "x".repeat(Downloads.MAX_CITED_QUERY - prefix.length()) + "%27";
    assertEquals(Downloads.MAX_CITED_QUERY, longest.length());
    HttpResponse<String> fits = atlas.get("/download/settlements." + format + "?" + longest);
    assertEquals(200, fits.statusCode(), fits.body());
    assertEquals(longest, fits.headers().firstValue(CitationHeaders.QUERY).orElseThrow());
    assertTrue(fits.headers().firstValue(CitationHeaders.CITATION).orElseThrow().endsWith(longest));

    JsonNode e = refused(atlas.get("/download/settlements." + format + "?" + longest.substring(0, longest.length() - 3) + "x%27"));
    assertEquals("URITooLong", e.get("code").asText());
    assertTrue(e.get("description").asText().contains("at most " + Downloads.MAX_CITED_QUERY + " characters"), e.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/download/incidents.csv", "/api/collections/incidents/items", "/api/search", "/nowhere"})
  void anAddressLongerThanTheServerReadsIsA414InTheApiShape(String path) throws Exception {
    HttpResponse<String> r = atlas.get(path + "?q=" + "x".repeat(AtlasServer.REQUEST_HEADER_BYTES));
    JsonNode e = refused(r);
    assertEquals("URITooLong", e.get("code").asText());
    closesTheConnection(r);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 200, 300, 1000})
  void aFilterOfNestedGeometryCollectionsIsRefusedOnItemsAndDownloads(int depth) throws Exception {
    String f = URLEncoder.encode("S_INTERSECTS(geometry, " + nestedCollections(depth) + ")", StandardCharsets.UTF_8);
    String says = "nested more than " + Cql2Text.MAX_COLLECTION_DEPTH + " deep";
    refusedWithItsLimit(atlas.get("/api/collections/incidents/items?filter=" + f), says);
    for (String format : FORMATS) {
      refusedWithItsLimit(atlas.get("/download/incidents." + format + "?filter=" + f), says);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {101, 300, 450, 2000})
  void aFilterOfHundredsOfOrsIsRefusedOnItemsAndDownloads(int terms) throws Exception {
    String f = URLEncoder.encode("name='a'" + " OR name='a'".repeat(terms - 1), StandardCharsets.UTF_8);
    String says = "at most " + Cql2Text.MAX_TERMS;
    refusedWithItsLimit(atlas.get("/api/collections/settlements/items?filter=" + f), says);
    for (String format : FORMATS) {
      refusedWithItsLimit(atlas.get("/download/settlements." + format + "?filter=" + f), says);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 2000})
  void aFilterOfManyLongTermsIsRefusedForItsLength(int terms) throws Exception {
    String f = URLEncoder.encode(ors(terms), StandardCharsets.UTF_8);
    refusedWithItsLimit(atlas.get("/api/collections/settlements/items?filter=" + f), "at most " + Cql2Text.MAX_LENGTH);
  }

  @ParameterizedTest
  @EnumSource(Expr.SpatialRelation.class)
  void everySpatialFunctionTakesAGeometryCollectionOnLinesAndPolygonsToo(Expr.SpatialRelation relation) {
    String collection = "GEOMETRYCOLLECTION(POINT(45.5 41), LINESTRING(45 40.5, 46 41.5),"
        + " POLYGON((45 40.5, 46 40.5, 46 41.5, 45 40.5)), POLYGON((45.2 40.6, 45.9 40.6, 45.9 41.3, 45.2 40.6)))";
    for (String filter : List.of("S_" + relation + "(geometry, " + collection + ")", "S_" + relation + "(" + collection + ", geometry)")) {
      String f = URLEncoder.encode(filter, StandardCharsets.UTF_8);
      for (String layer : List.of("border", "countries", "exposure_zones", "incidents")) {
        HttpResponse<String> items = atlas.get("/api/collections/" + layer + "/items?filter=" + f);
        assertEquals(200, items.statusCode(), filter + " on " + layer + ": " + items.body());
        HttpResponse<String> download = atlas.get("/download/" + layer + ".geojson?filter=" + f);
        assertEquals(200, download.statusCode(), filter + " on " + layer + ": " + download.body());
        assertEquals(items.body().contains("\"numberMatched\":0,"), !download.body().contains("\"Feature\""), filter + " on " + layer);
      }
    }
  }

  // --- every read ------------------------------------------------------------------------------------

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Query strings that no items request or download may answer with data, let alone a 5xx. */
  static List<String> hostileQueries() {
    List<String> q = new ArrayList<>(List.of("filter=%00", "filter=%FF", "filter=%C0%AF", "filter=", "filter=a&filter=b",
        "filter-lang=cql2-json&filter=" + enc("{\"op\":"), "filter-lang=cql2-json&filter=%00",
        "filter-lang=cql2-json&filter=" + enc("[".repeat(5000)), "filter-lang=cql2-json&filter=" + enc("{\"op\": \"and\", \"args\": ["
            + "{\"op\": \"not\", \"args\": [".repeat(200) + "true" + "]}".repeat(200) + ", true]}"),
        "filter-lang=cql2-json&filter=" + enc("{\"op\": \"=\", \"args\": [{\"property\": \"id\"}, \"" + "x".repeat(20000) + "\"]}"),
        "filter-crs=EPSG:3857", "bbox=1,2,3", "bbox=NaN,0,1,1", "bbox=1e999,0,0,0", "bbox=200,0,210,1",
        "bbox=1,2,3,4&bbox-crs=junk", "bbox=1e300,1e300,1e301,1e301&bbox-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/32638"),
        "datetime=" + enc("+999999999-12-31T23:59:59-18:00"), "datetime=" + enc("-999999999-01-01T00:00:00+18:00"),
        "datetime=2020-13-45", "datetime=2020-07-14/2020-07-12", "datetime=a/b/c", "fatalities_high=NaN",
        "fatalities_high=Infinity", "date=0000-00-00", "min_fatalities=99999999999999999999", "event_type=,,", "unknown=1",
        "bbox=%00"));
    for (String filter : List.of("date > TIMESTAMP('+999999999-12-31T23:59:59-18:00')",
        "T_INTERSECTS(datetime, INTERVAL('-999999999-01-01T00:00:00+18:00', '..'))",
        "S_DWITHIN(geometry, GEOMETRYCOLLECTION(POINT EMPTY, LINESTRING(45 41, 46 42)), 10, meters)",
        "S_INTERSECTS(geometry, MULTIPOINT((45 41), EMPTY))", "S_INTERSECTS(geometry, POINT(1))",
        "S_INTERSECTS(geometry, LINESTRING(1 1))", "S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))",
        "S_INTERSECTS(geometry, POINT(NaN 1))", "S_INTERSECTS(geometry, POINT(1e999 1))", "S_INTERSECTS(geometry, POINT(200 0))",
        "S_INTERSECTS(geometry, " + nestedCollections(Cql2Text.MAX_COLLECTION_DEPTH + 1) + ")",
        "S_INTERSECTS(geometry, MULTIPOINT(" + "1 1,".repeat(Cql2Text.MAX_COORDINATES) + "1 1))",
        "id IN (" + "1,".repeat(Cql2Text.MAX_OPERANDS) + "1)", "id = 'x'" + " OR id = 'x'".repeat(Cql2Text.MAX_TERMS),
        "(".repeat(65) + "id = 'x'" + ")".repeat(65), "NOT ".repeat(65) + "id = 'x'",
        "(".repeat(70) + "fatalities_high + 1" + ")".repeat(70) + " > 2", "2" + " ^ 2".repeat(70) + " > 1",
        "(".repeat(60) + "fatalities_high + 1" + ")".repeat(60) + " > 2 +", "id = '" + "x".repeat(Cql2Text.MAX_LENGTH) + "'",
        "id = 'x' -- comment", "id = 'x'; DROP TABLE layer_incidents", "S_DWITHIN(geometry, POINT(45 41), -1, meters)",
        "S_DWITHIN(geometry, POINT(45 41), 1e999, meters)", "fatalities_high > 1e999", "date > DATE('0000-00-00')")) {
      q.add("filter=" + enc(filter));
    }
    return q;
  }

  static Stream<String> hostileReads() {
    List<String> paths = new ArrayList<>();
    for (String q : hostileQueries()) {
      paths.add(ITEMS + "?" + q);
      paths.add("/api/collections/incidents/summary?" + q);
      paths.add("/api/collections/incidents/daily?" + q);
      paths.add("/feeds/incidents.atom?" + q);
      for (String format : FORMATS) {
        paths.add("/download/incidents." + format + "?" + q);
      }
    }
    for (String q : List.of("limit=-1", "limit=0", "limit=abc", "limit=%00", "offset=-1", "offset=99999999999999999999",
        "sortby=%00", "sortby=seq", "sortby=properties_json", "properties=%00", "properties=a,,b", "crs=junk", "f=xml", "f=%00")) {
      paths.add(ITEMS + "?" + q);
      paths.add("/api/collections/settlements/items?" + q);
    }
    paths.addAll(List.of("/api/collections/nope/items", "/api/collections/nope", "/api/collections/%00/items",
        "/api/collections/incidents/queryables?f=xml", "/api/collections/incidents/queryables?x=1", "/api/collections/nope/queryables",
        "/api/search", "/api/search?q=%00", "/api/search?q=" + "x".repeat(4000), "/api/search?q=a&limit=-1",
        "/api/search?q=a&limit=99999", "/api/search?q=a&q=b", "/api/search?q=%FF", "/api/search?q=x&f=xml",
        ITEMS + "/%00", ITEMS + "/nope", ITEMS + "/" + "x".repeat(3000), ITEMS + "/..%2F..%2Fetc", ITEMS + "/nope/history",
        ITEMS + "/" + "%C0%AF", ITEMS + "/TT2020-0005/history/abc", ITEMS + "/TT2020-0005/history/99999999999",
        ITEMS + "/TT2020-0005/history/-1", ITEMS + "/TT2020-0005/history/1/x", ITEMS + "/TT2020-0005/history?x=1",
        "/api/records?status=junk", "/api/records?limit=0", "/api/records?limit=abc", "/api/records?x=1", "/api/users?limit=3",
        "/api/me?f=xml", "/api/openapi?f=xml", "/api/conformance?x=1", "/api/nope", "/api/%2e%2e/%2e%2e/etc/passwd",
        "/download/nope.csv", "/download/incidents.exe", "/download/incidents", "/download/%00.csv", "/download/.csv",
        "/download/incidents.csv?limit=1", "/download/incidents.csv?sortby=date"));
    return paths.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileReads")
  void everyReadRefusesAHostileQueryWithA4xxInTheApiShape(String path) throws Exception {
    refused(atlas.api().get(path, admin).raw());
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "POST", "PATCH", "TRACE", "FOO"})
  void aMethodAReadDoesNotTakeIsA4xxInTheApiShape(String method) throws Exception {
    for (String path : List.of("/api/collections", "/api/collections/incidents/queryables", "/api/search?q=x",
        "/download/incidents.csv", ITEMS + "/" + incident + "/history", "/api/me", "/api/records")) {
      refused(send(method, path, null, null));
    }
  }

  // --- request bodies ----------------------------------------------------------------------------------

  /**
   * A write and a body it would accept: the corpus sends that body only spoiled. {@code text}
   * names a member whose string the spoiling may replace.
   */
  record Write(String name, String method, String path, String mediaType, ObjectNode body, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Write> writes() {
    ObjectNode patch = TestRecords.notes("changed");
    return List.of(
        new Write("a new record", "POST", ITEMS, Formats.GEOJSON, record, "notes"),
        new Write("a record replaced", "PUT", ITEMS + "/" + incident, Formats.GEOJSON, record, "notes"),
        new Write("a record patched", "PATCH", ITEMS + "/" + incident, "application/merge-patch+json", patch, "notes"),
        new Write("a move through review", "POST", ITEMS + "/" + incident + "/status", Formats.JSON,
            TestAtlas.JSON.createObjectNode().put("status", "in_review").put("reason", "check it"), "reason"),
        new Write("a merge", "POST", ITEMS + "/" + incident + "/merge", Formats.JSON,
            TestAtlas.JSON.createObjectNode().put("from", other).put("reason", "the same"), "reason"),
        new Write("an archiving with its reason in the body", "DELETE", ITEMS + "/" + incident, Formats.JSON,
            TestAtlas.JSON.createObjectNode().put("reason", "a duplicate"), "reason"),
        new Write("a new user", "POST", "/api/users", Formats.JSON,
            TestAtlas.JSON.createObjectNode().put("name", "newcomer").put("role", "editor"), "name"),
        new Write("a new role", "PATCH", "/api/users/ed", Formats.JSON, TestAtlas.JSON.createObjectNode().put("role", "reviewer"),
            "role"));
  }

  /** A way to spoil a body, and what the refusal must say. */
  record Spoiled(String name, String says, Function<Write, byte[]> body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The body as JSON text, its text member's string replaced by {@code jsonValue} as written (escapes and all). */
  static String withText(Write w, String jsonValue) {
    String json = w.body().toString();
    String field = "\"" + w.text() + "\":";
    int at = json.indexOf(field) + field.length();
    int end = json.indexOf('"', at + 1);
    return json.substring(0, at) + jsonValue + json.substring(end + 1);
  }

  /** The body with raw bytes inside its text member's string. */
  static byte[] withBytes(Write w, byte... raw) {
    String[] parts = withText(w, "\"@@\"").split("@@");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(parts[0]));
    out.writeBytes(raw);
    out.writeBytes(utf8(parts[1]));
    return out.toByteArray();
  }

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static final List<Spoiled> SPOILED = List.of(
      new Spoiled("trailing data after the object", "more after", w -> utf8(w.body() + " x")),
      new Spoiled("two JSON objects", "more after", w -> utf8(w.body() + "" + w.body())),
      new Spoiled("a key twice at the top", "duplicate field", w -> {
        String json = w.body().toString();
        int comma = json.indexOf(",\"");
        String first = json.substring(1, comma > 0 ? comma : json.length() - 1);
        return utf8("{" + first + "," + json.substring(1));
      }),
      new Spoiled("a key twice inside a nested object", "duplicate field",
          w -> utf8(w.body().toString().replaceFirst("\\{", "{\"x\":{\"y\":[{\"z\":1,\"z\":2}]},"))),
      new Spoiled("a raw NUL byte in a string", "NUL", w -> withBytes(w, (byte) 'a', (byte) 0, (byte) 'b')),
      new Spoiled("an escaped NUL in a string", "NUL", w -> utf8(withText(w, "\"a\\u0000b\""))),
      new Spoiled("an escaped NUL in a key", "NUL", w -> utf8(w.body().toString().replaceFirst("\\{", "{\"no\\\\u0000te\":\"x\","))),
      new Spoiled("half of a surrogate pair", "surrogate", w -> utf8(withText(w, "\"a\\ud800b\""))),
      new Spoiled("a byte that is not UTF-8", "not valid UTF-8", w -> withBytes(w, (byte) 'a', (byte) 0xC3, (byte) 0x28)),
      new Spoiled("Latin-1 sent as UTF-8", "not valid UTF-8", w -> withBytes(w, (byte) 'A', (byte) 0xE9)),
      new Spoiled("an overlong UTF-8 encoding", "not valid UTF-8", w -> withBytes(w, (byte) 0xC0, (byte) 0xAF)),
      new Spoiled("an encoded surrogate", "not valid UTF-8", w -> withBytes(w, (byte) 0xED, (byte) 0xA0, (byte) 0x80)),
      new Spoiled("UTF-16", "NUL", w -> w.body().toString().getBytes(StandardCharsets.UTF_16LE)),
      new Spoiled("a byte order mark", "byte order mark",
          w -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(w.body().toString()))),
      new Spoiled("nesting just past the limit", "nested deeper than " + JsonBody.MAX_DEPTH,
          w -> utf8(withText(w, nested(JsonBody.MAX_DEPTH)))),
      new Spoiled("nesting five thousand deep", "nested deeper", w -> utf8(withText(w, nested(5000)))),
      new Spoiled("a number of two hundred digits", "more than " + JsonBody.MAX_DIGITS + " digits",
          w -> utf8(withText(w, "1".repeat(200)))),
      new Spoiled("NaN", "not JSON", w -> utf8(withText(w, "NaN"))),
      new Spoiled("a comment", "not JSON", w -> utf8("/* hi */" + w.body())),
      new Spoiled("single quotes", "not JSON", w -> utf8(w.body().toString().replace('"', '\''))),
      new Spoiled("a truncated object", "not JSON", w -> {
        String json = w.body().toString();
        return utf8(json.substring(0, json.length() - 1));
      }),
      new Spoiled("an array of the object", "is a JSON array", w -> utf8("[" + w.body() + "]")),
      new Spoiled("a string", "is a JSON string", w -> utf8("\"" + w.name() + "\"")),
      new Spoiled("null", "is a JSON null", w -> utf8("null")),
      new Spoiled("whitespace", "is empty", w -> utf8(" \r\n\t ")),
      new Spoiled("an unknown member", "evil", w -> utf8(w.body().toString().replaceFirst("\\{", "{\"evil\":1,"))));

  static Stream<Arguments> spoiledBodies() {
    List<Arguments> all = new ArrayList<>();
    for (Write w : writes()) {
      for (Spoiled s : SPOILED) {
        all.add(Arguments.of(w, s));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("spoiledBodies")
  void aBodyThatIsNotExactlyOneUtf8JsonObjectIsRefusedNamingTheProblem(Write write, Spoiled spoiled) throws Exception {
    refused(send(write.method(), write.path(), write.mediaType(), spoiled.body().apply(write)), 400, spoiled.says());
  }

  static Stream<Arguments> wrongMediaTypes() {
    List<Arguments> all = new ArrayList<>();
    for (Write w : writes()) {
      for (String type : new String[] {w.mediaType() + "; charset=latin1", w.mediaType() + ";charset=UTF-16",
          w.mediaType() + "; charset=\"iso-8859-1\"", w.mediaType() + "; charset=", "text/plain", "application/xml",
          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""}) {
        all.add(Arguments.of(w, type));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} as ''{1}''")
  @MethodSource("wrongMediaTypes")
  void aBodyOfAnotherMediaTypeOrCharsetIsA415(Write write, String type) throws Exception {
    JsonNode e = refused(send(write.method(), write.path(), type.isEmpty() ? null : type, utf8(write.body().toString())), 415,
        "in UTF-8");
    assertEquals("UnsupportedMediaType", e.get("code").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE"})
  void aTokenRequestTakesNoBody(String method) throws Exception {
    for (String body : List.of("{}", "{\"name\": \"ed\"}", "x", "\u0000")) {
      refused(send(method, "/api/users/ed/tokens", Formats.JSON, utf8(body)), 400, "takes no body");
    }
  }

  // --- values that cannot be true ----------------------------------------------------------------------

  /** A record spoiled by a merge patch, and the field the refusal must name. */
  record Impossible(String name, String field, ObjectNode patch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Impossible> impossible() {
    JsonNode[] pair = BorderSettlements.acrossTheBorder(atlas);
    String country = atlas.json("/api/collections/settlements/items/" + record.at("/properties/place_id").asText())
        .at("/properties/country").asText();
    String otherCountry = country.equals("AZ") ? "AM" : "AZ";
    ObjectNode across = patch(p -> p.put("place_id", pair[0].get("id").asText()).put("country", "AZ").put("uncertainty_m", 20_000)
        .putNull("place_name").putNull("admin1").putNull("admin2"));
    across.putObject("geometry").put("type", "Point").set("coordinates", pair[1].at("/geometry/coordinates").deepCopy());
    ObjectNode nullIsland = TestAtlas.JSON.createObjectNode();
    nullIsland.putObject("geometry").put("type", "Point").putArray("coordinates").add(0).add(0);
    ObjectNode far = TestAtlas.JSON.createObjectNode();
    far.putObject("geometry").put("type", "Point").putArray("coordinates")
        .add(record.at("/geometry/coordinates/0").asDouble() + 0.5).add(record.at("/geometry/coordinates/1").asDouble());
    return List.of(
        new Impossible("a date in year 0", "properties.date", patch(p -> p.put("date", "0000-07-14").put("date_end", "0000-07-14"))),
        new Impossible("a date before 1900", "properties.date", patch(p -> p.put("date", "1899-12-31").put("date_end", "1899-12-31"))),
        new Impossible("a date in the future", "properties.date_end", patch(p -> p.put("date_end", "2999-12-31"))),
        new Impossible("a source dated before 1900", "properties.sources[0].date", patch(p -> p.putArray("sources").addObject()
            .put("id", "S1").put("publisher", "Example Agency").put("date", "1899-12").put("language", "en"))),
        new Impossible("a claim made in year 1", "properties.claims[0].made_at", patch(p -> p.putArray("claims").addObject()
            .put("about", "responsibility").put("value", "someone").put("claimed_by", "someone").put("source", "S1")
            .put("made_at", "0001-01-01"))),
        new Impossible("a claimed date in year 0", "properties.claims[0].value", patch(p -> p.putArray("claims").addObject()
            .put("about", "date").put("value", "0000-01-01").put("claimed_by", "someone").put("source", "S1"))),
        new Impossible("a point at null island", "geometry.coordinates", nullIsland),
        new Impossible("a point 40 km from its named place", "geometry", far),
        new Impossible("a point in another country than the record says", "properties.country",
            patch(p -> p.putNull("place_id").put("country", otherCountry).put("uncertainty_m", 200_000).putNull("place_name")
                .putNull("admin1").putNull("admin2"))),
        new Impossible("a point across the border from its named place and country", "geometry", across));
  }

  static ObjectNode patch(Consumer<ObjectNode> properties) {
    ObjectNode patch = TestAtlas.JSON.createObjectNode();
    properties.accept(patch.putObject("properties"));
    return patch;
  }

  static Stream<Arguments> impossibleWrites() {
    List<Arguments> all = new ArrayList<>();
    for (Impossible i : impossible()) {
      all.add(Arguments.of("a new record with " + i.name(), "POST", ITEMS, Formats.GEOJSON, merged(record, i.patch()), i.field()));
      all.add(Arguments.of("a record replaced by one with " + i.name(), "PUT", ITEMS + "/" + incident, Formats.GEOJSON,
          merged(record, i.patch()), i.field()));
      all.add(Arguments.of("a record patched to " + i.name(), "PATCH", ITEMS + "/" + incident, "application/merge-patch+json",
          i.patch(), i.field()));
    }
    return all.stream();
  }

  /** RFC 7396, as the server applies it: objects merge member by member, null removes. */
  static JsonNode merged(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = ((ObjectNode) target).deepCopy();
    patch.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), out.has(e.getKey()) ? merged(out.get(e.getKey()), e.getValue()) : e.getValue().deepCopy());
      }
    });
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impossibleWrites")
  void aValueThatCannotBeTrueIsAFieldError(String name, String method, String path, String type, JsonNode body, String field)
      throws Exception {
    JsonNode e = refused(send(method, path, type, utf8(body.toString())), 400, field);
    assertEquals("InvalidRecord", e.get("code").asText());
    List<String> fields = new ArrayList<>();
    e.get("errors").forEach(f -> fields.add(f.get("field").asText()));
    assertTrue(fields.contains(field), name + ": " + e);
  }
}
