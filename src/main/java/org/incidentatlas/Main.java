package org.incidentatlas;

import io.javalin.Javalin;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.incidentatlas.access.UserCommands;
import org.incidentatlas.access.UserException;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.database.Database;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.config.CommandLine;
import org.incidentatlas.editing.ImportCommand;
import org.incidentatlas.importer.ImportException;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.recovery.Backup;
import org.incidentatlas.recovery.BackupException;
import org.incidentatlas.recovery.Migrate;
import org.incidentatlas.recovery.Recovery;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoreException;

/**
 * The command line: {@code serve} (building first when needed), {@code build}, {@code user},
 * {@code import}, {@code backup}, {@code restore} and {@code migrate}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    // A started server keeps the JVM alive on its own threads; only a failure ends it here.
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command of {@code args}, with {@code env} as the environment, and returns the exit
   * status: 0, 1 when the command failed, 2 for a usage error.
   */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      CommandLine line = CommandLine.parse(args, env);
      switch (line.command()) {
        case "serve" -> serve(line.config());
        case "build" -> build(line.config(), "requested");
        case "user" -> UserCommands.run(line, out);
        case "backup", "restore" -> Backup.run(line, out);
        case "migrate" -> Migrate.run(line, env, out);
        case "import" -> {
          return ImportCommand.run(line, out, err);
        }
        case "help", "--help", "-h" -> out.println(usage());
        default -> throw new AtlasConfig.UsageException("unknown command '" + line.command() + "'");
      }
      return 0;
    } catch (AtlasConfig.UsageException e) {
      err.println("incident-atlas: " + e.getMessage());
      err.println(usage());
      return 2;
    } catch (SourceException e) {
      err.println("incident-atlas: build failed: " + e.getMessage());
      err.println("The database was left as it was.");
      return 1;
    } catch (UserException | StoreException | ImportException | BackupException e) {
      err.println("incident-atlas: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Starts the server; first sets right what a crash left in the records and builds the layers
   * when they are missing, older than geodata/, damaged or ahead of the records ({@link Recovery}).
   */
  public static Javalin serve(AtlasConfig config) {
    Recovery.check(config, System.out).ifPresent(reason -> build(config, reason));
    AtlasStore store = AtlasStore.open(config);
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
    Database database = Database.of(config);
    SourceReport report = AtlasBuild.run(config.geodataDir(), database);
    System.out.println(report.summary());
    System.out.printf("Build finished in %.1f s into %s%n", (System.nanoTime() - t0) / 1e9, database.describe());
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("""
        usage: java -jar target/incident-atlas.jar <command> [options]
          serve                       serve the map and the API (builds the layers first if the database is empty or stale)
          build                       rebuild the layers from the geodata directory without serving
        """);
    sb.append(UserCommands.USAGE);
    sb.append(Backup.USAGE);
    sb.append(Migrate.USAGE);
    sb.append(String.format("  %s%n  %-27s %s%n", ImportCommand.USAGE, "",
        "add the incidents of an ACLED, UCDP GED or GeoJSON file to the records"));
    sb.append("options (or environment variables):\n");
    for (AtlasConfig.Option o : AtlasConfig.OPTIONS) {
      sb.append(String.format("  %-14s %-18s %s (default %s)%n", o.flag(), o.env(), o.description(), o.defaultValue()));
    }
    sb.append("options of one command:\n");
    for (CommandLine.CommandOption o : CommandLine.COMMAND_OPTIONS) {
      String option = o.takesValue() ? o.flag() + " " + o.value() : o.flag();
      sb.append(String.format("  %-24s %-10s %s%n", option, o.command(), o.description()));
    }
    return sb.toString();
  }
}
