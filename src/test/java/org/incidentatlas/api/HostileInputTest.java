package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests built to break the server are refused with a 4xx in the API's error shape. */
class HostileInputTest {
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

  @ParameterizedTest
  @ValueSource(ints = {200, 300, 1000})
  void aFilterOfNestedGeometryCollectionsIsRefusedOnDownloads(int depth) throws Exception {
    String f = URLEncoder.encode("S_INTERSECTS(geometry, " + nestedCollections(depth) + ")", StandardCharsets.UTF_8);
    refused(atlas.get("/download/incidents.gpkg?filter=" + f));
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 450, 2000})
  void aFilterOfHundredsOfOrsIsRefusedOnDownloads(int terms) throws Exception {
    String f = URLEncoder.encode(ors(terms), StandardCharsets.UTF_8);
    for (String format : new String[] {"kml", "csv", "geojson", "gpkg", "zip"}) {
      refused(atlas.get("/download/settlements." + format + "?filter=" + f));
    }
  }
}
