package org.incidentatlas.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's documents checked by validators independent of the server: every GeoJSON response
 * against RFC 7946 (@placemarkio/check-geojson), the API definition against OpenAPI 3.0
 * (@apidevtools/swagger-parser).
 */
@Tag("validator")
class StandardsValidationTest {
  private final TestAtlas atlas = TestAtlas.shared();

  @TempDir
  Path tmp;

  private Path save(String name, String pathAndQuery) throws Exception {
    HttpResponse<String> r = atlas.get(pathAndQuery);
    assertEquals(200, r.statusCode(), pathAndQuery + " -> " + r.body());
    Path file = tmp.resolve(name + ".json");
    Files.writeString(file, r.body());
    return file;
  }

  @Test
  void theApiDefinitionIsValidOpenApi30() throws Exception {
    NodeValidators.Result result = NodeValidators.validateOpenApi(save("openapi", "/api/openapi"));
    assertTrue(result.ok(), result.output());
  }

  @Test
  void aBrokenDefinitionIsRefused() throws Exception {
    // The validator must be able to fail: a reference to nothing.
    Path file = tmp.resolve("broken.json");
    Files.writeString(file, atlas.get("/api/openapi").body().replace("#/components/parameters/limit", "#/components/parameters/nothing"));
    assertTrue(!NodeValidators.validateOpenApi(file).ok(), "a dangling $ref passed");
  }

  @Test
  void everyGeoJsonResponseIsRfc7946() throws Exception {
    List<Path> files = new ArrayList<>();
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String id = c.get("id").asText();
      String items = "/api/collections/" + id + "/items";
      files.add(save(id + "-items", items + "?limit=10000"));
      files.add(save(id + "-page", items + "?limit=1&offset=1"));
      files.add(save(id + "-bbox", items + "?bbox=45.3,40.8,45.7,41.05"));
      files.add(save(id + "-download", "/download/" + id + ".geojson"));
      files.add(save(id + "-properties", items + "?properties=id,name&limit=5"));
      String first = atlas.json(items + "?limit=1").get("features").get(0).get("id").asText();
      files.add(save(id + "-feature", items + "/" + URLEncoder.encode(first, StandardCharsets.UTF_8)));
      for (JsonNode f : c.get("filterParameters")) {
        String parameter = f.get("parameter").asText();
        String value = parameter.equals("min_fatalities") ? "1" : parameter.equals("country") ? "AM" : null;
        if (value != null) {
          files.add(save(id + "-" + parameter, items + "?" + parameter + "=" + value));
        }
      }
    }
    NodeValidators.Result result = NodeValidators.checkGeoJson(files);
    assertTrue(result.ok(), result.output());
    assertEquals(files.size(), result.output().lines().filter(l -> l.contains("\"ok\":true")).count(), result.output());
  }

  @Test
  void theCheckerRefusesBrokenGeoJson() throws Exception {
    Path file = tmp.resolve("unclosed.json");
    Files.writeString(file, """
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[45, 40], [46, 40], [46, 41]]]}, "properties": {}}""");
    assertTrue(!NodeValidators.checkGeoJson(List.of(file)).ok(), "an unclosed ring passed");
  }
}
