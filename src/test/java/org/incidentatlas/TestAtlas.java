package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Users;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;

/**
 * The real atlas for tests: the layers built from the project's geodata/ into an H2 file in a
 * temporary directory, served over HTTP on a free port of 127.0.0.1. Built once per test JVM
 * ({@link #shared()}), or once per test class that writes ({@link #temporary(String)}), with the
 * users it adds ({@link #addUser(String, Role)}) and a client to call it as them ({@link #api()}).
 *
 * <p>With {@code -Datlas.test.database=postgresql} every data directory is paired with a new
 * database of {@link TestPostgres}'s cluster ({@link #configFor(Path, Path)}), which holds the
 * records and layers; the directory still holds the download scratch.
 */
public final class TestAtlas implements AutoCloseable {
  public static final Path GEODATA = Path.of("geodata");
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String ENGINE_PROPERTY = "atlas.test.database";
  private static final Map<Path, DatabaseUrl> DATABASES = new ConcurrentHashMap<>();
  private static TestAtlas shared;

  public final Path dataDir;
  private final AtlasConfig config;
  public final AtlasStore store;
  public final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ApiClient api;
  /** The directory {@link #close()} deletes: only that of a {@link #temporary(String)} atlas. */
  private final Path ownDir;

  private TestAtlas(AtlasConfig config, Path ownDir) {
    this(config, ownDir, true);
  }

  private TestAtlas(AtlasConfig config, Path ownDir, boolean build) {
    this.dataDir = config.dataDir();
    this.config = config;
    this.ownDir = ownDir;
    if (build) {
      AtlasBuild.run(config.geodataDir(), Database.of(config));
    }
    this.store = AtlasStore.open(config);
    this.app = AtlasServer.create(config, store).start();
    this.api = new ApiClient(http, url(""));
  }

  private TestAtlas(AtlasConfig config) {
    this(config, null);
  }

  /**
   * An atlas of its own built from the project's geodata into a new temporary directory named
   * after {@code prefix}, for a test class that writes: {@link #close()} stops it and deletes the
   * directory.
   */
  public static TestAtlas temporary(String prefix) {
    Path dir;
    try {
      dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return new TestAtlas(configFor(dir.resolve("data"), GEODATA), dir);
    } catch (RuntimeException | Error e) {
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * An atlas of its own, built from {@code geodataDir} into {@code dataDir}, for tests that need
   * data the project's geodata does not have. The caller stops it ({@code app.stop()}).
   */
  public static TestAtlas of(Path geodataDir, Path dataDir) {
    return new TestAtlas(configFor(dataDir, geodataDir));
  }

  /** An atlas built and served as {@code config} says; the caller closes it. */
  public static TestAtlas of(AtlasConfig config) {
    return new TestAtlas(config);
  }

  /** A server on data that is built already, as {@code config} says; the caller closes it. */
  public static TestAtlas serving(AtlasConfig config) {
    return new TestAtlas(config, null, false);
  }

  /**
   * A second server on this atlas's database, with a data directory of its own under
   * {@code dataDir}, as another machine behind the same proxy would run: it builds nothing.
   */
  public TestAtlas alongside(Path dataDir) {
    return new TestAtlas(config.withDataDir(dataDir), null, false);
  }

  /** The same with the page's street-map tiles taken from {@code tiles}. */
  public static TestAtlas of(Path geodataDir, Path dataDir, AtlasConfig.Tiles tiles) {
    AtlasConfig local = configFor(dataDir, geodataDir);
    return new TestAtlas(new AtlasConfig(local.port(), local.bind(), dataDir, geodataDir, local.webDir(), tiles,
        local.database(), null, List.of()));
  }

  public static synchronized TestAtlas shared() {
    if (shared == null) {
      shared = temporary("atlas-test");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Whether this run keeps the atlas in PostgreSQL ({@code -Datlas.test.database=postgresql}) rather than H2. */
  public static boolean onPostgres() {
    String engine = System.getProperty(ENGINE_PROPERTY, "h2");
    return switch (engine) {
      case "h2", "" -> false;
      case "postgresql" -> true;
      default -> throw new IllegalArgumentException("-D" + ENGINE_PROPERTY + " is h2 or postgresql, got " + engine);
    };
  }

  /**
   * The database the atlas of {@code dataDir} keeps its records and layers in: null for the H2
   * files in the directory, or on PostgreSQL a database of its own, made the first time.
   */
  public static DatabaseUrl database(Path dataDir) {
    if (!onPostgres()) {
      return null;
    }
    Path key = dataDir.toAbsolutePath().normalize();
    return DATABASES.computeIfAbsent(key, d -> TestPostgres.newDatabase("atlas_" + d.getParent().getFileName()));
  }

  /** A server on loopback (free port) for {@code dataDir}, on the engine of this run. */
  public static AtlasConfig configFor(Path dataDir, Path geodataDir) {
    return AtlasConfig.local(0, dataDir, geodataDir).withDatabase(database(dataDir));
  }

  /** The command-line options that put a command on the database of {@code dataDir}, as {@code --data-dir} does on H2. */
  public static List<String> databaseOptions(Path dataDir) {
    DatabaseUrl db = database(dataDir);
    return db == null ? List.of() : List.of("--database", db.shown());
  }

  /** The settings this atlas was started with: another server started with them serves the same data. */
  public AtlasConfig config() {
    return config;
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
    return api.json(pathAndQuery, null);
  }

  /** The ids of every feature {@code collection} serves to anyone. */
  public Set<String> ids(String collection) {
    Set<String> out = new HashSet<>();
    json("/api/collections/" + collection + "/items?limit=10000").get("features").forEach(f -> out.add(f.get("id").asText()));
    return out;
  }

  /** Requests to this atlas with a token, a body and If-Match, each answered with a {@link Reply}. */
  public ApiClient api() {
    return api;
  }

  /** Adds a user to the records this atlas serves, as an operator does beside it; the user's token. */
  public String addUser(String name, Role role) {
    return addUser(config, name, role);
  }

  /** Adds a user to the records in the H2 files of {@code dataDir}, served or not (yet); the user's token. */
  public static String addUser(Path dataDir, String name, Role role) {
    return addUser(AtlasConfig.local(0, dataDir, GEODATA), name, role);
  }

  /** Adds a user to the records of {@code config}, served or not (yet); the user's token. */
  public static String addUser(AtlasConfig config, String name, Role role) {
    try (RecordsDb db = records(config)) {
      return new Users(db).add(name, role).token();
    }
  }

  /** The records this atlas serves, opened beside the server as an operator's command opens them. */
  public RecordsDb records() {
    return records(config);
  }

  /** The records of {@code config}, on its engine. */
  public static RecordsDb records(AtlasConfig config) {
    return RecordsDb.open(config);
  }

  /** A copy of the project's geodata files in {@code dir}, for tests that change them. */
  public static Path copyGeodata(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : Geodata.FILES) {
      Files.copy(GEODATA.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  /** Stops the server, and deletes the directory of a {@link #temporary(String)} atlas. Never for the shared one. */
  @Override
  public void close() {
    app.stop();
    if (ownDir != null) {
      deleteTree(ownDir);
    }
  }

  public static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files: the OS cleans up what is left
    }
  }
}
