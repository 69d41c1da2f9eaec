package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings the map page reads from the server. */
class MapSettingsTest {
  @TempDir
  Path tmp;

  @Test
  void theSharedAtlasSendsTheDefaultTiles() throws Exception {
    TestAtlas atlas = TestAtlas.shared();
    HttpResponse<String> r = atlas.get("/map-settings.json");
    assertEquals(200, r.statusCode());
    assertEquals(Formats.JSON, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode settings = TestAtlas.JSON.readTree(r.body());
    assertEquals(AtlasConfig.Tiles.OPENSTREETMAP.url(), settings.get("tileUrl").asText());
    assertEquals(AtlasConfig.Tiles.OPENSTREETMAP.attribution(), settings.get("tileAttribution").asText());
    assertEquals(200, atlas.head("/map-settings.json").statusCode());
  }

  @Test
  void theTilesComeFromTheConfiguration() throws Exception {
    String url = "https://tiles.example.org/{z}/{x}/{y}.png?style=\"plain\"&lang=hy";
    String attribution = "&copy; <a href=\"https://tiles.example.org/\">Example</a> — Ağdam, Մովսես";
    AtlasConfig config = AtlasConfig.parse(List.of("--port", "0", "--bind", "127.0.0.1", "--data-dir", tmp.toString(),
        "--tile-url", url), Map.of("ATLAS_TILE_ATTRIBUTION", attribution));
    // An empty database is enough: the settings do not depend on the layers.
    Javalin app = AtlasServer.create(config, AtlasStore.open(tmp)).start();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/map-settings.json")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      JsonNode settings = TestAtlas.JSON.readTree(r.body());
      assertEquals(url, settings.get("tileUrl").asText());
      assertEquals(attribution, settings.get("tileAttribution").asText());
      assertEquals(2, settings.size());
    } finally {
      app.stop();
    }
  }
}
