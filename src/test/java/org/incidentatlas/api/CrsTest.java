package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

/**
 * OGC API Features Part 2 over HTTP: every offered system in responses (with Content-Crs) and for
 * bbox. Expected coordinates are computed here from the CRS84 response, with GeoTools' EPSG
 * definitions directly.
 */
class CrsTest {
  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
  static final String EPSG3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
  static final String UTM38N = "http://www.opengis.net/def/crs/EPSG/0/32638";

  private final TestAtlas atlas = TestAtlas.shared();

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Coordinate project(String epsg, double lon, double lat) throws Exception {
    MathTransform t = CRS.findMathTransform(DefaultGeographicCRS.WGS84, CRS.decode(epsg, true), true);
    return JTS.transform(new Coordinate(lon, lat), null, t);
  }

  @Test
  void collectionsOfferEveryCrsAndStoreInCrs84() {
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      List<String> crs = new ArrayList<>();
      c.get("crs").forEach(v -> crs.add(v.asText()));
      assertEquals(List.of(CRS84, EPSG4326, EPSG3857, UTM38N), crs);
      assertEquals(CRS84, c.get("storageCrs").asText());
    }
    List<String> conformance = new ArrayList<>();
    atlas.json("/api/conformance").get("conformsTo").forEach(v -> conformance.add(v.asText()));
    assertTrue(conformance.contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"), conformance.toString());
  }

  @Test
  void pointsComeInTheAskedSystemWithItsAxisOrder() throws Exception {
    JsonNode plain = atlas.json("/api/collections/incidents/items?limit=10000").get("features");
    for (String[] c : new String[][] {{EPSG3857, "EPSG:3857"}, {UTM38N, "EPSG:32638"}}) {
      HttpResponse<String> r = atlas.get("/api/collections/incidents/items?limit=10000&crs=" + enc(c[0]));
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("<" + c[0] + ">", r.headers().firstValue("Content-Crs").orElse(""));
      JsonNode projected = TestAtlas.JSON.readTree(r.body()).get("features");
      assertEquals(plain.size(), projected.size());
      for (int i = 0; i < plain.size(); i++) {
        JsonNode ll = plain.get(i).get("geometry").get("coordinates");
        Coordinate expected = project(c[1], ll.get(0).asDouble(), ll.get(1).asDouble());
        JsonNode xy = projected.get(i).get("geometry").get("coordinates");
        assertEquals(expected.x, xy.get(0).asDouble(), 0.01, c[1] + " x of " + plain.get(i).get("id"));
        assertEquals(expected.y, xy.get(1).asDouble(), 0.01, c[1] + " y of " + plain.get(i).get("id"));
      }
    }
    JsonNode latLon = atlas.json("/api/collections/incidents/items?limit=10000&crs=" + enc(EPSG4326)).get("features");
    for (int i = 0; i < plain.size(); i++) {
      JsonNode ll = plain.get(i).get("geometry").get("coordinates");
      JsonNode swapped = latLon.get(i).get("geometry").get("coordinates");
      assertEquals(ll.get(1).asDouble(), swapped.get(0).asDouble(), 0);
      assertEquals(ll.get(0).asDouble(), swapped.get(1).asDouble(), 0);
    }
    HttpResponse<String> crs84 = atlas.get("/api/collections/incidents/items?limit=1");
    assertEquals("<" + CRS84 + ">", crs84.headers().firstValue("Content-Crs").orElse(""));
  }

  @Test
  void polygonsAndSingleFeaturesAreReprojectedToo() throws Exception {
    JsonNode plain = atlas.json("/api/collections/exposure_zones/items?limit=1").get("features").get(0);
    String id = plain.get("id").asText();
    HttpResponse<String> r = atlas.get("/api/collections/exposure_zones/items/" + enc(id) + "?crs=" + enc(UTM38N));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("<" + UTM38N + ">", r.headers().firstValue("Content-Crs").orElse(""));
    JsonNode ll = plain.get("geometry").get("coordinates").get(0).get(0).get(0);
    JsonNode xy = TestAtlas.JSON.readTree(r.body()).get("geometry").get("coordinates").get(0).get(0).get(0);
    Coordinate expected = project("EPSG:32638", ll.get(0).asDouble(), ll.get(1).asDouble());
    assertEquals(expected.x, xy.get(0).asDouble(), 0.01);
    assertEquals(expected.y, xy.get(1).asDouble(), 0.01);
  }

  private Set<String> ids(String query) {
    Set<String> ids = new TreeSet<>();
    atlas.json("/api/collections/incidents/items?limit=10000" + (query.isEmpty() ? "" : "&" + query)).get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  @Test
  void aBoxInAnotherSystemSelectsWhatItCovers() throws Exception {
    // A box around the middle of the incidents, given in each system; the CRS84 box that covers
    // its reprojection selects the same incidents, and it selects some but not all.
    double w = 45.45;
    double s = 40.86;
    double e = 45.60;
    double n = 40.96;
    Set<String> crs84 = ids("bbox=" + w + "," + s + "," + e + "," + n);
    assertTrue(!crs84.isEmpty() && crs84.size() < ids("").size(), "box selects " + crs84);
    assertEquals(crs84, ids("bbox-crs=" + enc(EPSG4326) + "&bbox=" + s + "," + w + "," + n + "," + e));
    for (String[] c : new String[][] {{EPSG3857, "EPSG:3857"}, {UTM38N, "EPSG:32638"}}) {
      Coordinate a = project(c[1], w, s);
      Coordinate b = project(c[1], e, n);
      Set<String> got = ids("bbox-crs=" + enc(c[0]) + "&bbox=" + Math.min(a.x, b.x) + "," + Math.min(a.y, b.y) + ","
          + Math.max(a.x, b.x) + "," + Math.max(a.y, b.y));
      // The projected box covers at least the CRS84 one's points near its middle; here all of them.
      assertTrue(got.containsAll(crs84), c[1] + ": " + got + " vs " + crs84);
    }
  }

  /**
   * filter-crs: the geometries of a filter in another offered system select what the same
   * geometries in CRS84 select. A box in Web Mercator is a box in CRS84 too, and a point is a
   * point in any system, so those must agree exactly.
   */
  @Test
  void aFilterInAnotherSystemSelectsWhatItsGeometriesCover() throws Exception {
    String triangle = "POLYGON((45.40 40.80, 45.70 40.85, 45.50 41.05, 45.40 40.80))";
    String swapped = "POLYGON((40.80 45.40, 40.85 45.70, 41.05 45.50, 40.80 45.40))";
    Set<String> crs84 = ids("filter=" + enc("S_INTERSECTS(geometry, " + triangle + ")"));
    assertTrue(!crs84.isEmpty() && crs84.size() < ids("").size(), "triangle selects " + crs84);
    assertEquals(crs84, ids("filter-crs=" + enc(EPSG4326) + "&filter=" + enc("S_INTERSECTS(geometry, " + swapped + ")")));
    assertEquals(crs84, ids("filter-crs=" + enc(EPSG4326) + "&filter-lang=cql2-json&filter=" + enc(
        "{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geometry\"}, {\"type\": \"Polygon\", \"coordinates\":"
            + " [[[40.80, 45.40], [40.85, 45.70], [41.05, 45.50], [40.80, 45.40]]]}]}")));

    Set<String> box = ids("filter=" + enc("S_INTERSECTS(geometry, BBOX(45.45, 40.86, 45.60, 40.96))"));
    assertTrue(!box.isEmpty() && box.size() < ids("").size(), "box selects " + box);
    Coordinate a = project("EPSG:3857", 45.45, 40.86);
    Coordinate b = project("EPSG:3857", 45.60, 40.96);
    assertEquals(box, ids("filter-crs=" + enc(EPSG3857) + "&filter=" + enc("S_INTERSECTS(geometry, BBOX("
        + a.x + ", " + a.y + ", " + b.x + ", " + b.y + "))")));
    assertEquals(box, ids("filter-crs=" + enc(EPSG4326) + "&filter=" + enc("S_INTERSECTS(geometry, BBOX(40.86, 45.45, 40.96, 45.60))")));

    Coordinate centre = project("EPSG:32638", 45.55, 40.93);
    Set<String> near = ids("filter=" + enc("S_DWITHIN(geometry, POINT(45.55 40.93), 8, kilometers)"));
    assertTrue(!near.isEmpty() && near.size() < ids("").size(), "near selects " + near);
    assertEquals(near, ids("filter-crs=" + enc(UTM38N) + "&filter=" + enc("S_DWITHIN(geometry, POINT(" + centre.x + " "
        + centre.y + "), 8, kilometers)")));

    // Once in CRS84 a geometry must lie on the globe; the filter's own system is checked on the way.
    for (String q : List.of(
        "filter-crs=" + enc(EPSG4326) + "&filter=" + enc("S_INTERSECTS(geometry, POINT(45 200))"),
        "filter-crs=" + enc(EPSG3857) + "&filter=" + enc("S_INTERSECTS(geometry, BBOX(5000000, 5000000, 4000000, 6000000))"),
        "filter-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/2154") + "&filter=" + enc("S_INTERSECTS(geometry, POINT(1 2))"))) {
      HttpResponse<String> r = atlas.get("/api/collections/incidents/items?" + q);
      assertEquals(400, r.statusCode(), q + " -> " + r.body());
    }
  }

  @Test
  void unknownSystemsAndStrayBoxSystemsAreA400() throws Exception {
    for (String q : List.of(
        "/api/collections/incidents/items?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/2154"),
        "/api/collections/incidents/items?crs=EPSG:3857",
        "/api/collections/incidents/items?bbox-crs=" + enc(EPSG3857),
        "/api/collections/incidents/items?bbox-crs=" + enc(UTM38N) + "&bbox=600000,4600000,500000,4500000",
        "/api/collections/incidents/items/TT2020-0001?crs=" + enc("urn:ogc:def:crs:EPSG::3857"),
        "/api/collections/incidents/items/TT2020-0001?bbox=1,2,3,4")) {
      HttpResponse<String> r = atlas.get(q);
      assertEquals(400, r.statusCode(), q + " -> " + r.body());
      assertEquals("InvalidParameterValue", TestAtlas.JSON.readTree(r.body()).get("code").asText(), q);
    }
  }
}
