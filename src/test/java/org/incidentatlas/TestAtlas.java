package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.store.AtlasStore;

/**
 * The real atlas for tests: the layers built from the project's geodata/ into an H2 file in a
 * temporary directory, served over HTTP on a free port of 127.0.0.1. Built once per test JVM.
 */
public final class TestAtlas {
  public static final Path GEODATA = Path.of("geodata");
  public static final ObjectMapper JSON = new ObjectMapper();
  private static TestAtlas shared;

  public final Path dataDir;
  public final AtlasStore store;
  public final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestAtlas(AtlasConfig config) {
    this.dataDir = config.dataDir();
    AtlasBuild.run(config.geodataDir(), dataDir);
    this.store = AtlasStore.open(dataDir);
    this.app = AtlasServer.create(config, store).start();
  }

  /**
   * An atlas of its own, built from {@code geodataDir} into {@code dataDir}, for tests that need
   * data the project's geodata does not have. The caller stops it ({@code app.stop()}).
   */
  public static TestAtlas of(Path geodataDir, Path dataDir) {
    return new TestAtlas(AtlasConfig.local(0, dataDir, geodataDir));
  }

  /** The same with the page's street-map tiles taken from {@code tiles}. */
  public static TestAtlas of(Path geodataDir, Path dataDir, AtlasConfig.Tiles tiles) {
    AtlasConfig local = AtlasConfig.local(0, dataDir, geodataDir);
    return new TestAtlas(new AtlasConfig(local.port(), local.bind(), dataDir, geodataDir, local.webDir(), tiles));
  }

  public static synchronized TestAtlas shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("atlas-test");
        shared = new TestAtlas(AtlasConfig.local(0, dir, GEODATA));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          shared.app.stop();
          deleteTree(dir);
        }));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  public int port() {
    return app.port();
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  public HttpResponse<String> get(String pathAndQuery) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
    }
  }

  public HttpResponse<String> head(String pathAndQuery) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("HEAD " + pathAndQuery + " failed", e);
    }
  }

  /** A request to the atlas, for tests that choose the method, headers or body. */
  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(built.method() + " " + built.uri() + " failed", e);
    }
  }

  /** GET and parse as JSON; fails the test when the status is not 200. */
  public JsonNode json(String pathAndQuery) {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** A copy of the project's geodata files in {@code dir}, for tests that change them. */
  public static Path copyGeodata(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : Geodata.FILES) {
      Files.copy(GEODATA.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  public static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files: the OS cleans up what is left
    }
  }
}
