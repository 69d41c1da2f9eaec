package org.incidentatlas;

import io.javalin.Javalin;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.build.AtlasBuild;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.store.AtlasStore;

/** The command line: {@code serve} (building first when needed) or {@code build}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> argList = Arrays.asList(args);
    try {
      AtlasConfig config = AtlasConfig.parse(argList, System.getenv());
      List<String> commands = AtlasConfig.positional(argList);
      String command = commands.isEmpty() ? "help" : commands.get(0);
      switch (command) {
        case "serve" -> serve(config);
        case "build" -> build(config, "requested");
        case "help", "--help", "-h" -> System.out.println(usage());
        default -> throw new AtlasConfig.UsageException("unknown command '" + command + "'");
      }
    } catch (AtlasConfig.UsageException e) {
      System.err.println("incident-atlas: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
    } catch (SourceException e) {
      System.err.println("incident-atlas: build failed: " + e.getMessage());
      System.err.println("The database was left as it was.");
      System.exit(1);
    }
  }

  /** Starts the server; builds the layers first when the database is empty or older than geodata/. */
  public static Javalin serve(AtlasConfig config) {
    String current = AtlasBuild.fingerprint(config.geodataDir());
    Optional<String> built;
    try (AtlasStore store = AtlasStore.open(config.dataDir())) {
      built = store.fingerprint();
    }
    if (built.isEmpty()) {
      build(config, "the database in " + config.dataDir() + " is empty");
    } else if (!built.get().equals(current)) {
      build(config, "the files in " + config.geodataDir() + " or the database layout changed since the last build");
    }
    AtlasStore store = AtlasStore.open(config.dataDir());
    Javalin app = AtlasServer.create(config, store);
    app.start();
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    System.out.printf("Incident Atlas: map at http://%s:%d/  API at http://%s:%d/api%n",
        config.bind(), app.port(), config.bind(), app.port());
    return app;
  }

  static void build(AtlasConfig config, String reason) {
    System.out.println("Building layers from " + config.geodataDir() + " (" + reason + ") ...");
    long t0 = System.nanoTime();
    SourceReport report = AtlasBuild.run(config.geodataDir(), config.dataDir());
    System.out.println(report.summary());
    System.out.printf("Build finished in %.1f s into %s%n", (System.nanoTime() - t0) / 1e9, config.dataDir());
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("""
        usage: java -jar target/incident-atlas.jar <command> [options]
          serve   serve the map and the API (builds the layers first if the database is empty or stale)
          build   rebuild the layers from the geodata directory without serving
        options (or environment variables):
        """);
    for (AtlasConfig.Option o : AtlasConfig.OPTIONS) {
      sb.append(String.format("  %-14s %-18s %s (default %s)%n", o.flag(), o.env(), o.description(), o.defaultValue()));
    }
    return sb.toString();
  }
}
