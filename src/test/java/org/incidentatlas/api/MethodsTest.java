package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The methods each resource takes: another method on a resource that exists is refused with 405
 * and the ones it takes in {@code Allow}; OPTIONS names them; HEAD answers what GET would.
 */
class MethodsTest {
  static final TestAtlas ATLAS = TestAtlas.shared();

  private static HttpResponse<String> send(String method, String path) {
    return ATLAS.send(ATLAS.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aMethodAResourceDoesNotTakeIs405WithWhatItTakes() throws Exception {
    Map<String, List<String>> cases = Map.of(
        "/api/collections", List.of("GET, HEAD, OPTIONS", "DELETE", "POST", "PUT"),
        "/api/collections/incidents", List.of("GET, HEAD, OPTIONS", "POST", "PATCH"),
        ITEMS, List.of("GET, HEAD, POST, OPTIONS", "PUT", "DELETE"),
        ITEMS + "/some-id", List.of("GET, HEAD, PUT, PATCH, DELETE, OPTIONS", "POST"),
        "/api/users", List.of("GET, HEAD, POST, OPTIONS", "DELETE"),
        "/download/incidents.geojson", List.of("GET, HEAD, OPTIONS", "POST"));
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      String allow = c.getValue().get(0);
      for (String method : c.getValue().subList(1, c.getValue().size())) {
        HttpResponse<String> r = send(method, c.getKey());
        assertEquals(405, r.statusCode(), method + " " + c.getKey() + ": " + r.body());
        assertEquals(allow, r.headers().firstValue("Allow").orElse(null), method + " " + c.getKey());
        JsonNode body = TestAtlas.JSON.readTree(r.body());
        assertEquals("MethodNotAllowed", body.get("code").asText());
        assertTrue(body.get("description").asText().contains(method), body.toString());
      }
    }
  }

  @Test
  void aPathThatIsNotThereStaysNotFoundWhateverTheMethod() {
    for (String method : List.of("GET", "DELETE", "POST", "OPTIONS")) {
      assertEquals(404, send(method, "/api/collections/incidents/nothing").statusCode(), method);
    }
  }

  @Test
  void optionsNamesTheMethods() {
    HttpResponse<String> r = send("OPTIONS", ITEMS);
    assertEquals(204, r.statusCode());
    assertEquals("GET, HEAD, POST, OPTIONS", r.headers().firstValue("Allow").orElse(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api", "/api/conformance", "/api/collections", "/api/collections/incidents",
      ITEMS + "?limit=3", ITEMS + "?limit=3&f=html", "/api/collections/incidents/queryables", "/api/collections/incidents/schema", "/download/incidents.geojson",
      "/download/incidents.csv", "/map-settings.json", "/embed", "/api/openapi"})
  void headAnswersTheHeadersOfGet(String path) {
    HttpResponse<String> get = ATLAS.get(path);
    HttpResponse<String> head = ATLAS.head(path);
    assertEquals(get.statusCode(), head.statusCode(), path);
    assertEquals("", head.body());
    for (String name : List.of("Content-Type", "ETag", "Content-Crs", "Content-Disposition", "Link")) {
      assertEquals(get.headers().firstValue(name), head.headers().firstValue(name), name + " of " + path);
    }
    // A length, where HEAD gives one, is that of GET's body; a streamed answer may give none.
    Optional<String> length = head.headers().firstValue("Content-Length");
    length.ifPresent(l -> assertEquals(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
        Long.parseLong(l), "Content-Length of HEAD " + path));
  }
}
