package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts on other web pages: they may read everything public, and write only from the origins the
 * operator lists, as a browser enforces it through the answers here (CORS). Frames on other web
 * pages: they may show the embedded map, and nothing else of the atlas.
 */
class CrossOriginTest {
  static final String NEWSROOM = "https://newsroom.example";
  static final String ELSEWHERE = "https://elsewhere.example";

  @TempDir
  static Path dir;
  static TestAtlas atlas;
  static String editor;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.of(TestAtlas.configFor(dir.resolve("data"), TestAtlas.GEODATA).withCorsWriteOrigins(List.of(NEWSROOM)));
    editor = atlas.addUser("erin", Role.EDITOR);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  private static HttpResponse<String> send(String method, String path, String origin, String... headers) {
    HttpRequest.Builder r = atlas.request(path).method(method, HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      r.header("Origin", origin);
    }
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return atlas.send(r);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void anyPageReadsWhatIsPublicAndTheHeadersItNeeds() {
    for (String path : List.of("/api", "/api/collections", ITEMS + "?limit=2", "/api/collections/incidents/queryables",
        "/download/incidents.geojson", "/api/search?q=Tovuz")) {
      for (String method : List.of("GET", "HEAD")) {
        HttpResponse<String> r = send(method, path, ELSEWHERE);
        assertEquals(200, r.statusCode(), method + " " + path);
        assertEquals("*", header(r, "Access-Control-Allow-Origin"), method + " " + path);
        List<String> exposed = List.of(header(r, "Access-Control-Expose-Headers").split(", "));
        assertTrue(exposed.containsAll(List.of("ETag", "Link", "Content-Crs", "Content-Disposition")), exposed.toString());
      }
    }
    // A request that names no origin is no cross-origin one.
    assertEquals(null, header(send("GET", "/api", null), "Access-Control-Allow-Origin"));
  }

  @Test
  void aPreflightForAReadIsAnsweredForAnyOrigin() {
    HttpResponse<String> r = send("OPTIONS", ITEMS, ELSEWHERE,
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "accept, accept-crs");
    assertEquals(204, r.statusCode(), r.body());
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertEquals("GET, HEAD", header(r, "Access-Control-Allow-Methods"));
    assertEquals("accept, accept-crs", header(r, "Access-Control-Allow-Headers"));
    assertTrue(Integer.parseInt(header(r, "Access-Control-Max-Age")) > 0);
    assertEquals("", r.body());
  }

  @Test
  void onlyTheListedOriginsMayWrite() throws Exception {
    HttpResponse<String> refused = send("OPTIONS", ITEMS, ELSEWHERE,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
    assertEquals(403, refused.statusCode());
    assertEquals(null, header(refused, "Access-Control-Allow-Origin"));
    assertEquals("Forbidden", TestAtlas.JSON.readTree(refused.body()).get("code").asText());
    assertTrue(refused.body().contains("--cors-write-origins"), refused.body());

    HttpResponse<String> allowed = send("OPTIONS", ITEMS, NEWSROOM,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
    assertEquals(204, allowed.statusCode(), allowed.body());
    assertEquals(NEWSROOM, header(allowed, "Access-Control-Allow-Origin"));
    assertEquals("Origin", header(allowed, "Vary"));
    assertEquals("POST", header(allowed, "Access-Control-Allow-Methods"));
    assertEquals("authorization, content-type", header(allowed, "Access-Control-Allow-Headers"));

    HttpResponse<String> item = send("OPTIONS", ITEMS + "/some-id", NEWSROOM, "Access-Control-Request-Method", "PATCH");
    assertEquals(204, item.statusCode(), item.body());
    assertEquals("PUT, PATCH, DELETE", header(item, "Access-Control-Allow-Methods"));

    // A method the path does not take is refused whoever asks.
    HttpResponse<String> wrong = send("OPTIONS", "/api/collections", NEWSROOM, "Access-Control-Request-Method", "POST");
    assertEquals(405, wrong.statusCode());
    assertEquals("GET, HEAD, OPTIONS", header(wrong, "Allow"));

    // The write itself: the listed page is shown the answer, another page is not.
    HttpResponse<String> created = atlas.send(atlas.request(ITEMS).header("Origin", NEWSROOM)
        .header("Authorization", "Bearer " + editor).header("Content-Type", "application/geo+json")
        .POST(HttpRequest.BodyPublishers.ofString(TestRecords.clash("2020-07-14", "from the newsroom").toString())));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(NEWSROOM, header(created, "Access-Control-Allow-Origin"));
    assertTrue(header(created, "Access-Control-Expose-Headers").contains("Location"));
    HttpResponse<String> other = atlas.send(atlas.request(ITEMS).header("Origin", ELSEWHERE)
        .header("Authorization", "Bearer " + editor).header("Content-Type", "application/geo+json")
        .POST(HttpRequest.BodyPublishers.ofString(TestRecords.clash("2020-07-14", "from elsewhere").toString())));
    assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  @Test
  void aPreflightOnAPathThatIsNotThereIsNotFound() {
    HttpResponse<String> r = send("OPTIONS", "/api/nothing-here", ELSEWHERE, "Access-Control-Request-Method", "GET");
    assertEquals(404, r.statusCode());
    assertEquals(null, header(r, "Access-Control-Allow-Origin"));
  }

  @Test
  void onlyTheEmbeddedMapMayBeFramedByOtherSites() {
    for (String path : List.of("/", "/index.html", "/api", "/api/collections?f=html", ITEMS + "?limit=1", "/nowhere")) {
      assertEquals("frame-ancestors 'self'", header(send("GET", path, null), "Content-Security-Policy"), path);
    }
    String embed = header(send("GET", "/embed", null), "Content-Security-Policy");
    assertTrue(embed.contains("frame-ancestors *"), embed);
  }
}
