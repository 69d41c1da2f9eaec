package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDAL's OAPIF driver is an independent OGC API Features client: if it can list, filter, page
 * through and convert our layers, real GIS tools can too. These tests only talk to the server
 * over HTTP, as any outside client would.
 */
@Tag("gdal")
class OgrInfoTest {
  private static final Pattern LAYER_LINE = Pattern.compile("(?m)^\\d+: (\\S+)");

  // Around Aygepar, Chinari and Ağdam: holds some incidents but not all of them.
  private static final double MIN_LON = 45.45;
  private static final double MIN_LAT = 40.85;
  private static final double MAX_LON = 45.65;
  private static final double MAX_LAT = 40.98;

  private static TestAtlas atlas;
  private static String oapif;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startAtlas() {
    assertTrue(onPath("ogrinfo") && onPath("ogr2ogr"), "GDAL (ogrinfo, ogr2ogr) is not installed");
    atlas = TestAtlas.shared();
    oapif = "OAPIF:" + atlas.url("/api");
  }

  @Test
  void ogrinfoListsEveryCollection() throws Exception {
    Set<String> expected = new TreeSet<>();
    atlas.json("/api/collections").get("collections").forEach(c -> expected.add(c.get("id").asText()));

    Gdal r = gdal("ogrinfo", "-ro", oapif);

    r.assertSucceeded();
    Set<String> listed = new TreeSet<>();
    Matcher m = LAYER_LINE.matcher(r.stdout());
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertEquals(expected, listed, r.describe());
    r.assertNoWarnings();
  }

  @Test
  void ogrinfoReportsTheShelledVillagesCountAndFields() throws Exception {
    long matched = numberMatched("/api/collections/shelled_villages/items?limit=1");

    Gdal r = gdal("ogrinfo", "-ro", "-al", "-so", oapif, "shelled_villages");

    r.assertSucceeded();
    assertEquals(List.of(matched), r.featureCounts(), r.describe());
    for (String field : List.of("name: String", "shelling_incidents: Integer", "first_date: Date", "border_distance_km: Real")) {
      assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith(field + " ")), "no field '" + field + "'\n" + r.describe());
    }
    r.assertNoWarnings();
  }

  @Test
  void ogrinfoReadsAllShelledVillagesFeatureByFeature() throws Exception {
    long matched = numberMatched("/api/collections/shelled_villages/items?limit=1");

    Gdal r = gdal("ogrinfo", "-ro", "-al", oapif, "shelled_villages");

    r.assertSucceeded();
    assertEquals(matched, featuresRead(r, "shelled_villages"), r.describe());
    r.assertNoWarnings();
  }

  @Test
  void ogrinfoWithASpatialFilterReadsTheSameIncidentsAsTheApiBbox() throws Exception {
    long total = numberMatched("/api/collections/incidents/items?limit=1");
    String bbox = String.format(Locale.ROOT, "%s,%s,%s,%s", MIN_LON, MIN_LAT, MAX_LON, MAX_LAT);
    long inBox = numberMatched("/api/collections/incidents/items?limit=1&bbox=" + bbox);
    assertTrue(inBox > 0 && inBox < total, "the box should hold some but not all of the " + total + " incidents, holds " + inBox);

    Gdal r = gdal("ogrinfo", "-ro", "-al", "-spat", num(MIN_LON), num(MIN_LAT), num(MAX_LON), num(MAX_LAT), oapif, "incidents");

    r.assertSucceeded();
    assertEquals(inBox, featuresRead(r, "incidents"), r.describe());
    r.assertNoWarnings();
  }

  @Test
  void ogrinfoFollowsNextLinksWithASmallPageSize() throws Exception {
    int pageSize = 3;
    long total = numberMatched("/api/collections/incidents/items?limit=1");
    assertTrue(total > 2 * pageSize, "too few incidents (" + total + ") to need several pages");

    // --debug on makes GDAL log each HTTP fetch, so the pages it requested can be counted.
    Gdal r = gdal("ogrinfo", "--debug", "on", "-ro", "-al", "-oo", "PAGE_SIZE=" + pageSize, oapif, "incidents");

    r.assertSucceeded();
    assertEquals(total, featuresRead(r, "incidents"), r.describe());
    long pagesAfterFirst = r.stderr().lines()
        .filter(l -> l.contains("Fetch(") && l.contains("/collections/incidents/items") && l.contains("offset="))
        .count();
    long expectedPages = (total + pageSize - 1) / pageSize;
    assertTrue(pagesAfterFirst >= expectedPages - 1,
        "expected at least " + (expectedPages - 1) + " follow-up page requests, saw " + pagesAfterFirst + "\n" + r.describe());
    r.assertNoWarnings();
  }

  /**
   * GDAL 3.6 (Debian 12) sends a -where on queryables to the server as a filter in the
   * pre-standard cql-text language, which the server takes as CQL2 text. What it reads must be
   * what the server's own CQL2 filter selects.
   */
  @Test
  void ogrinfoPassesAWhereToTheServerAndAgreesWithTheCql2Filter() throws Exception {
    String where = "event_type = 'shelling' AND fatalities_high >= 1";
    long matched = numberMatched("/api/collections/incidents/items?limit=1&filter=" + encode(where));
    assertTrue(matched > 0, where + " selects nothing");

    Gdal r = gdal("ogrinfo", "--debug", "on", "-ro", "-al", "-where", where, oapif, "incidents");

    r.assertSucceeded();
    assertEquals(matched, featuresRead(r, "incidents"), r.describe());
    assertTrue(itemRequests(r).stream().allMatch(l -> l.contains("filter-lang=cql-text") && l.contains("fatalities_high")),
        r.describe());
    r.assertNoWarnings();
  }

  /** OGR SQL's ILIKE reaches the server too, where it compares as CASEI does. */
  @Test
  void ogrinfoPassesIlikeToTheServer() throws Exception {
    long matched = numberMatched("/api/collections/incidents/items?limit=1&filter="
        + encode("CASEI(place_name) LIKE CASEI('aygep%')"));
    assertTrue(matched > 0, "no incident at Aygepar");

    Gdal r = gdal("ogrinfo", "--debug", "on", "-ro", "-al", "-where", "place_name ILIKE 'aygep%'", oapif, "incidents");

    r.assertSucceeded();
    assertEquals(matched, featuresRead(r, "incidents"), r.describe());
    assertTrue(itemRequests(r).stream().allMatch(l -> l.contains("ILIKE")), r.describe());
    r.assertNoWarnings();
  }

  /**
   * A -where on the date selects by that date. GDAL 3.6 would turn it into datetime, which selects
   * the incidents whose days overlap, those that began earlier included; with the filter language
   * it looks for offered, it sends the comparison itself.
   */
  @Test
  void ogrinfoWhereOnTheDateSelectsByThatDate() throws Exception {
    List<JsonNode> features = new java.util.ArrayList<>();
    atlas.json("/api/collections/incidents/items?limit=10000").get("features").forEach(features::add);
    // A day on which an incident that began earlier still goes on: there the two readings differ.
    String day = features.stream().filter(f -> f.at("/properties/date").asText().compareTo(f.at("/properties/date_end").asText()) < 0)
        .map(f -> f.at("/properties/date_end").asText()).findFirst().orElseThrow(() -> new AssertionError("no incident spans several days"));
    for (String op : List.of(">=", ">", "=", "<=", "<")) {
      String where = "date " + op + " '" + day + "'";
      long expected = 0;
      for (JsonNode f : features) {
        int c = f.at("/properties/date").asText().compareTo(day);
        boolean keep = switch (op) {
          case ">=" -> c >= 0;
          case ">" -> c > 0;
          case "=" -> c == 0;
          case "<=" -> c <= 0;
          default -> c < 0;
        };
        expected += keep ? 1 : 0;
      }
      Gdal r = gdal("ogrinfo", "--debug", "on", "-ro", "-al", "-where", where, oapif, "incidents");
      r.assertSucceeded();
      assertEquals(expected, featuresRead(r, "incidents"), where + "\n" + r.describe());
      assertTrue(itemRequests(r).stream().noneMatch(l -> l.contains("datetime=")), r.describe());
      r.assertNoWarnings();
    }
    long overlapping = numberMatched("/api/collections/incidents/items?limit=1&datetime=" + day + "/..");
    long starting = features.stream().filter(f -> f.at("/properties/date").asText().compareTo(day) >= 0).count();
    assertTrue(overlapping > starting, "datetime=" + day + "/.. selects as many as date >= " + day);
  }

  @Test
  void ogrinfoPagesThroughASpatialAndAttributeFilterLikeTheCql2Filter() throws Exception {
    String filter = String.format(Locale.ROOT, "S_INTERSECTS(geometry, BBOX(%s, %s, %s, %s)) AND event_type = 'shelling'",
        MIN_LON, MIN_LAT, MAX_LON, MAX_LAT);
    long matched = numberMatched("/api/collections/incidents/items?limit=1&filter=" + encode(filter));
    int pageSize = 2;
    assertTrue(matched > pageSize, "needs several pages: " + matched);

    Gdal r = gdal("ogrinfo", "--debug", "on", "-ro", "-al", "-oo", "PAGE_SIZE=" + pageSize,
        "-spat", num(MIN_LON), num(MIN_LAT), num(MAX_LON), num(MAX_LAT), "-where", "event_type = 'shelling'", oapif, "incidents");

    r.assertSucceeded();
    assertEquals(matched, featuresRead(r, "incidents"), r.describe());
    assertTrue(itemRequests(r).stream().anyMatch(l -> l.contains("offset=" + pageSize)), r.describe());
    r.assertNoWarnings();
  }

  private static List<String> itemRequests(Gdal r) {
    return r.stderr().lines().filter(l -> l.contains("Fetch(") && l.contains("/collections/incidents/items")
        && !l.contains("items?limit=10)")).toList();
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void ogr2ogrConvertsTheIncidentsDownloadToGeoPackage() throws Exception {
    long matched = numberMatched("/api/collections/incidents/items?limit=1");
    Path gpkg = tmp.resolve("incidents.gpkg");

    // A bare http:// URL goes through GDAL's HTTP driver, which downloads the file with a GET.
    Gdal convert = gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), atlas.url("/download/incidents.geojson"));

    convert.assertSucceeded();
    assertTrue(Files.isRegularFile(gpkg), "no GeoPackage written\n" + convert.describe());
    Gdal info = gdal("ogrinfo", "-ro", "-al", "-so", gpkg.toString());
    info.assertSucceeded();
    assertEquals(List.of(matched), info.featureCounts(), info.describe() + "\nconversion:\n" + convert.describe());
    assertTrue(info.stdout().contains("Geometry: Point"), info.describe());
  }

  private static long numberMatched(String pathAndQuery) {
    JsonNode page = atlas.json(pathAndQuery);
    assertTrue(page.hasNonNull("numberMatched"), "no numberMatched in " + pathAndQuery);
    return page.get("numberMatched").asLong();
  }

  /** Features ogrinfo actually printed, as opposed to the count the server announced. */
  private static long featuresRead(Gdal r, String layer) {
    String prefix = "OGRFeature(" + layer + "):";
    return r.stdout().lines().filter(l -> l.startsWith(prefix)).count();
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private Gdal gdal(String... command) throws IOException, InterruptedException {
    return Gdal.run(tmp, command);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
