package org.incidentatlas.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.database.DatabaseUrl;

/**
 * Every setting of the atlas, in one place. Defaults live here; each can be overridden by an
 * environment variable and, with precedence, by a command-line option.
 *
 * @param port       HTTP port ({@code --port}, {@code ATLAS_PORT}); 0 picks a free port
 * @param bind       address to listen on ({@code --bind}, {@code ATLAS_BIND})
 * @param dataDir    directory of the H2 database ({@code --data-dir}, {@code ATLAS_DATA_DIR})
 * @param geodataDir source files the layers are built from ({@code --geodata-dir}, {@code ATLAS_GEODATA_DIR})
 * @param webDir     static files of the map page ({@code --web-dir}, {@code ATLAS_WEB_DIR})
 * @param tiles      the optional tiled base map of the page ({@code --tile-url}, {@code --tile-attribution})
 * @param database   the PostgreSQL database of records and layers ({@code --database}, {@code ATLAS_DATABASE});
 *                   null for the embedded H2 files in {@code dataDir}
 * @param databasePasswordFile where the PostgreSQL password is kept ({@code --database-password-file}); null if nowhere
 * @param corsWriteOrigins the web origins whose pages may write through the API from a browser
 *                   ({@code --cors-write-origins}, {@code ATLAS_CORS_WRITE_ORIGINS}); reads are open to every origin
 */
public record AtlasConfig(int port, String bind, Path dataDir, Path geodataDir, Path webDir, Tiles tiles,
    DatabaseUrl database, Path databasePasswordFile, List<String> corsWriteOrigins) {

  public AtlasConfig {
    corsWriteOrigins = List.copyOf(corsWriteOrigins);
  }

  /**
   * A slippy-map tile source, switched on by the user only: the page never waits on it.
   *
   * @param url         template with {z}, {x} and {y}
   * @param attribution HTML shown in the map's attribution line
   */
  public record Tiles(String url, String attribution) {
    public static final Tiles OPENSTREETMAP = new Tiles("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors");

    public Tiles {
      if (!url.matches("(https?://|/).*") || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}")) {
        throw new UsageException("--tile-url must be an http(s) or root-relative URL with {z}, {x} and {y}, got '" + url + "'");
      }
    }
  }

  /** A server on loopback with the project's web files, as tests and benchmarks run it. */
  public static AtlasConfig local(int port, Path dataDir, Path geodataDir) {
    return new AtlasConfig(port, "127.0.0.1", dataDir, geodataDir, Path.of("web"), Tiles.OPENSTREETMAP, null, null, List.of());
  }

  /** The same settings on another database (null: the embedded one). */
  public AtlasConfig withDatabase(DatabaseUrl database) {
    return new AtlasConfig(port, bind, dataDir, geodataDir, webDir, tiles, database, databasePasswordFile, corsWriteOrigins);
  }

  /** The same settings with another data directory. */
  public AtlasConfig withDataDir(Path dataDir) {
    return new AtlasConfig(port, bind, dataDir, geodataDir, webDir, tiles, database, databasePasswordFile, corsWriteOrigins);
  }

  /** The same settings with pages of {@code origins} allowed to write. */
  public AtlasConfig withCorsWriteOrigins(List<String> origins) {
    return new AtlasConfig(port, bind, dataDir, geodataDir, webDir, tiles, database, databasePasswordFile, origins);
  }

  /** One option: its command-line name, environment variable, default and description. */
  public record Option(String flag, String env, String defaultValue, String description) {}

  /** The PostgreSQL password, read from the environment only: never an option, which the command line would show. */
  public static final String PASSWORD_ENV = "ATLAS_DATABASE_PASSWORD";

  public static final List<Option> OPTIONS = List.of(
      new Option("--port", "ATLAS_PORT", "7070", "HTTP port; 0 picks a free one"),
      new Option("--bind", "ATLAS_BIND", "localhost", "address the server listens on (0.0.0.0 for all)"),
      new Option("--data-dir", "ATLAS_DATA_DIR", "./data", "directory of the embedded H2 database files and download scratch"),
      new Option("--database", "ATLAS_DATABASE", "",
          "postgresql://[user@]host[:port]/database to keep records and layers in PostgreSQL/PostGIS; empty: embedded H2"),
      new Option("--database-password-file", "ATLAS_DATABASE_PASSWORD_FILE", "",
          "file holding the PostgreSQL password (or set ATLAS_DATABASE_PASSWORD, or use ~/.pgpass)"),
      new Option("--geodata-dir", "ATLAS_GEODATA_DIR", "./geodata", "source data the layers are built from"),
      new Option("--web-dir", "ATLAS_WEB_DIR", "./web", "static files of the map page"),
      new Option("--tile-url", "ATLAS_TILE_URL", Tiles.OPENSTREETMAP.url(),
          "tile URL template of the switchable street-map base layer"),
      new Option("--tile-attribution", "ATLAS_TILE_ATTRIBUTION", Tiles.OPENSTREETMAP.attribution(),
          "attribution (HTML) shown with those tiles"),
      new Option("--cors-write-origins", "ATLAS_CORS_WRITE_ORIGINS", "",
          "comma-separated origins (https://host[:port]) whose pages may write through the API; reads are open to all"));

  /** Thrown for an unknown option or a value that does not parse; the message is for the user. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  public static AtlasConfig defaults() {
    return parse(List.of(), Map.of());
  }

  /**
   * Reads the options from {@code args} (as {@code --name value} or {@code --name=value}) over
   * {@code env} over the defaults. Arguments that are not options are returned untouched by
   * {@link #positional(List)}; a command's own options are read by {@link CommandLine}.
   */
  public static AtlasConfig parse(List<String> args, Map<String, String> env) {
    return CommandLine.parse(args, env).config();
  }

  /** The settings {@code given} on the command line, by flag, over {@code env} over the defaults. */
  static AtlasConfig from(Map<String, String> given, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : OPTIONS) {
      values.put(o.flag(), given.getOrDefault(o.flag(), env.getOrDefault(o.env(), o.defaultValue())));
    }
    int port;
    try {
      port = Integer.parseInt(values.get("--port"));
    } catch (NumberFormatException e) {
      throw new UsageException("--port must be a number, got '" + values.get("--port") + "'");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be between 0 and 65535, got " + port);
    }
    String database = values.get("--database");
    Path passwordFile = values.get("--database-password-file").isBlank() ? null : Path.of(values.get("--database-password-file"));
    return new AtlasConfig(port, values.get("--bind"), Path.of(values.get("--data-dir")),
        Path.of(values.get("--geodata-dir")), Path.of(values.get("--web-dir")),
        new Tiles(values.get("--tile-url"), values.get("--tile-attribution")),
        database.isBlank() ? null : DatabaseUrl.parse(database.strip(), given.containsKey("--database"),
            env.get(PASSWORD_ENV), passwordFile), passwordFile, origins(values.get("--cors-write-origins")));
  }

  /**
   * Origins as a browser sends them in {@code Origin}: scheme, host and a port only where it is
   * not the scheme's own, no path, lower case (a browser sends them so).
   */
  private static List<String> origins(String list) {
    List<String> origins = new ArrayList<>();
    for (String item : list.split(",")) {
      String origin = item.strip();
      if (origin.isEmpty()) {
        continue;
      }
      if (!origin.matches("https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
        throw new UsageException("--cors-write-origins takes origins such as https://newsroom.example or"
            + " http://localhost:8080 (scheme, host, port; no path, lower case), got '" + origin + "'");
      }
      origins.add(origin);
    }
    return origins;
  }

  /** The arguments that are neither options nor option values, such as the command name. */
  public static List<String> positional(List<String> args) {
    return CommandLine.parse(args, Map.of()).words();
  }
}
