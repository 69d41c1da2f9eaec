package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestDownload;
import org.incidentatlas.export.ExportFormats;
import org.incidentatlas.export.shapefile.DbfFieldNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every download format of every layer, whole and filtered, opened with GDAL's ogrinfo as a GIS
 * user would open it: the feature count and the fields must be those of the API, and GDAL must
 * not complain. GeoPackages are also checked with GDAL's own GeoPackage validator.
 */
@Tag("gdal")
class DownloadOgrInfoTest {
  private static final Pattern FIELD = Pattern.compile("(?m)^(\\S[^:\\n]*): \\w+(?:\\(\\w+\\))? \\(\\d+\\.\\d+\\)$");
  /** Fields GDAL's LIBKML driver makes of a Placemark's own elements. */
  private static final Set<String> KML_OWN_FIELDS = Set.of("Name", "description", "timestamp", "begin", "end", "altitudeMode",
      "tessellate", "extrude", "visibility", "drawOrder", "icon");
  private static final Path VALIDATE_GPKG = Path.of("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py");

  private static TestAtlas atlas;

  /** Around Aygepar, Chinari and Ağdam: some features of most layers, not all. */
  private static final String[] BOX = {"45.45", "40.85", "45.65", "40.98"};

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  /** Each layer whole, and the layers with time or filters also narrowed by them. */
  static Stream<Arguments> downloads() {
    List<String> queries = new ArrayList<>();
    TestAtlas.shared().json("/api/collections").get("collections").forEach(c -> queries.add(c.get("id").asText() + "?"));
    queries.addAll(List.of(
        "incidents?bbox=45.45,40.85,45.65,40.98",
        "incidents?datetime=2020-07-12/2020-07-14&event_type=shelling",
        "incidents?country=AM&min_fatalities=0&location_precision=exact,near",
        "incidents?datetime=2021-01-01/2021-01-31",
        "border_clashes?datetime=2020-07-12",
        "shelled_villages?country=AZ",
        "settlements?bbox=45.0,40.6,46.0,41.3",
        "exposure_zones?bbox=45.45,40.85,45.65,40.98"));
    List<Arguments> out = new ArrayList<>();
    for (String q : queries) {
      for (String extension : ExportFormats.extensions()) {
        out.add(Arguments.of(q.substring(0, q.indexOf('?')), extension, q.substring(q.indexOf('?') + 1)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}.{1}?{2}")
  @MethodSource("downloads")
  void ogrinfoOpensEveryDownloadWithTheApisFeaturesAndFields(String layer, String extension, String query) throws Exception {
    String q = query.isEmpty() ? "" : "&" + query;
    JsonNode page = atlas.json("/api/collections/" + layer + "/items?limit=10000" + q);
    long expected = page.get("numberMatched").asLong();
    Set<String> keys = new LinkedHashSet<>();
    atlas.json("/api/collections/" + layer + "/items?limit=1").get("features").get(0).get("properties").fieldNames()
        .forEachRemaining(keys::add);

    TestDownload d = TestDownload.get(atlas, "/download/" + layer + "." + extension + (query.isEmpty() ? "" : "?" + query));
    assertEquals(200, d.status(), d.text());
    Path file = d.saveIn(tmp);
    String source = extension.equals("zip") ? "/vsizip/" + file : file.toString();

    Gdal r = run("ogrinfo", "-ro", "-so", "-al", source);
    r.assertClean();
    assertEquals(List.of(expected), r.featureCounts(), r.describe());
    List<String> fields = fields(r.stdout());
    Set<String> properties = new LinkedHashSet<>(keys);
    properties.remove("id");
    switch (extension) {
      // GeoJSON declares no fields: GDAL finds them in the features, so an empty file has none.
      case "geojson" -> assertTrue(expected == 0 || fields.containsAll(keys), "missing fields\n" + r.describe());
      case "csv" -> {
        List<String> want = new ArrayList<>(layer.equals("border") || layer.equals("exposure_zones") || layer.equals("countries")
            || layer.equals("control_areas")
            ? List.of("id", "wkt") : List.of("id", "longitude", "latitude"));
        want.addAll(properties);
        assertEquals(want, fields, r.describe());
      }
      case "kml" -> {
        if (expected > 0) {
          List<String> own = fields.stream().filter(f -> !KML_OWN_FIELDS.contains(f)).toList();
          List<String> want = new ArrayList<>(List.of("id"));
          properties.stream().filter(p -> !p.equals("name")).forEach(want::add);
          assertEquals(want, own, r.describe());
        }
      }
      case "gpkg" -> {
        List<String> want = new ArrayList<>(List.of("id"));
        want.addAll(properties);
        assertEquals(want, fields, r.describe());
        assertTrue(r.stdout().contains("CITATION=" + d.header("X-Atlas-Citation")), r.describe());
        Gdal valid = run("/usr/bin/python3", VALIDATE_GPKG.toString(), file.toString());
        assertEquals(0, valid.exitCode(), valid.describe());
        // The file carries its R-tree, and a box read through it finds what the API's bbox finds.
        Gdal indexed = run("ogrinfo", "-ro", "-q", file.toString(), "-sql", "SELECT HasSpatialIndex('" + layer + "', 'geom')");
        assertTrue(indexed.stdout().contains("= 1"), indexed.describe());
        // Points: GDAL counts what the index's boxes meet, which for a point is the point.
        if (!query.contains("bbox") && atlas.json("/api/collections/" + layer).path("geometryType").asText().equals("Point")) {
          long inBox = atlas.json("/api/collections/" + layer + "/items?limit=1&bbox=" + String.join(",", BOX) + q)
              .get("numberMatched").asLong();
          Gdal spatial = run("ogrinfo", "-ro", "-so", "-al", "-spat", BOX[0], BOX[1], BOX[2], BOX[3], file.toString());
          assertEquals(List.of(inBox), spatial.featureCounts(), spatial.describe());
        }
      }
      case "zip" -> {
        List<String> want = new ArrayList<>(List.of("id"));
        want.addAll(DbfFieldNames.of(List.copyOf(properties), List.of("id")));
        assertEquals(want, fields, r.describe());
      }
      default -> throw new AssertionError(extension);
    }
    if (expected > 0) {
      Gdal all = run("ogrinfo", "-ro", "-al", "-q", source);
      all.assertClean();
    }
  }

  /** The field names ogrinfo -so lists ("name: Type (width.precision)"), in order. */
  private static List<String> fields(String out) {
    String afterSrs = out.substring(Math.max(0, out.indexOf("Data axis to CRS axis mapping")));
    List<String> names = new ArrayList<>();
    Matcher m = FIELD.matcher(afterSrs.isEmpty() ? out : afterSrs);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private Gdal run(String... command) throws Exception {
    return Gdal.run(tmp, command);
  }
}
