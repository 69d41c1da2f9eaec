package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.filter.Cql2Text;
import org.incidentatlas.filter.Expr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests built to break the server are refused with a 4xx in the API's error shape. */
class HostileInputTest {
  static final String[] FORMATS = {"geojson", "csv", "kml", "gpkg", "zip"};
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

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

  static JsonNode refused(HttpResponse<String> r) throws Exception {
    String where = r.request().uri() + " -> " + r.statusCode() + " " + r.body();
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, where);
    JsonNode e = TestAtlas.JSON.readTree(r.body());
    assertTrue(e.get("code").isTextual() && e.get("description").isTextual(), where);
    return e;
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
    JsonNode e = refused(atlas.get(path + "?q=" + "x".repeat(AtlasServer.REQUEST_HEADER_BYTES)));
    assertEquals("URITooLong", e.get("code").asText());
  }

  /**
   * A 400 naming the limit (or the filter's length limit, which is checked first), or, for an
   * address longer than the server reads at all, the 414 or 431 Jetty answers.
   */
  static void refusedWithItsLimit(HttpResponse<String> r, String limit) throws Exception {
    JsonNode e = refused(r);
    if (r.statusCode() == 414 || r.statusCode() == 431) {
      assertTrue(e.get("description").asText().contains("8 kB"), e.toString());
      return;
    }
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("InvalidParameterValue", e.get("code").asText());
    String description = e.get("description").asText();
    assertTrue(description.contains(limit) || description.contains("at most " + Cql2Text.MAX_LENGTH), e.toString());
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
}
