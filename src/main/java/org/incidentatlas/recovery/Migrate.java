package org.incidentatlas.recovery;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.config.AtlasConfig.UsageException;
import org.incidentatlas.config.CommandLine;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.database.PostgresDatabase;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.RecordsCopy;
import org.incidentatlas.records.RecordsDb;

/**
 * The {@code migrate --to postgresql://...} command: moves an atlas from the embedded store of
 * {@code --data-dir} to PostgreSQL. It copies the records (every record with every version, users,
 * tokens, the ids of imported rows), prints what each side holds, and builds the layers there. The
 * embedded files are left as they were.
 */
public final class Migrate {
  public static final String USAGE = """
        migrate --to URL            copy the records, their history, users and tokens of --data-dir into PostgreSQL and build the layers there
      """;

  private Migrate() {}

  public static void run(CommandLine line, Map<String, String> env, PrintStream out) {
    if (line.words().size() != 1) {
      throw new UsageException("usage: migrate --to postgresql://[user@]host[:port]/database");
    }
    String to = line.option("--to").orElseThrow(() ->
        new UsageException("migrate needs --to postgresql://[user@]host[:port]/database"));
    AtlasConfig config = line.config();
    if (config.database() != null) {
      throw new UsageException("migrate copies the embedded store of --data-dir; leave --database and ATLAS_DATABASE unset");
    }
    DatabaseUrl target = DatabaseUrl.parse(to, true, env.get(AtlasConfig.PASSWORD_ENV),
        line.config().databasePasswordFile());
    Path dataDir = config.dataDir();
    if (!Files.isRegularFile(H2Database.recordsFile(dataDir))) {
      throw new BackupException("there are no records in " + dataDir + " to migrate");
    }
    PostgresDatabase postgres = new PostgresDatabase(target);
    RecordsCopy.Result result;
    try (RecordsDb from = RecordsDb.open(new H2Database(dataDir)); RecordsDb into = RecordsDb.open(postgres)) {
      try {
        result = RecordsCopy.copy(from, into);
      } catch (IllegalStateException e) {
        throw new BackupException(e.getMessage());
      }
    }
    out.println("Copied the records of " + dataDir + " into " + target + ":");
    out.printf("  %-14s %12s  %-16s  %12s  %-16s%n", "table", "rows here", "checksum", "rows there", "checksum");
    List<RecordsCopy.Contents> there = result.target();
    for (int i = 0; i < result.source().size(); i++) {
      RecordsCopy.Contents a = result.source().get(i);
      RecordsCopy.Contents b = there.get(i);
      out.printf("  %-14s %12d  %-16s  %12d  %-16s%n", a.table(), a.rows(), a.checksum(), b.rows(), b.checksum());
    }
    out.println("Every table has the same rows on both sides. Building the layers there ...");
    SourceReport report = AtlasBuild.run(config.geodataDir(), postgres);
    out.println(report.summary());
    out.println("Done. Serve from PostgreSQL with: java -jar target/incident-atlas.jar serve --database " + target);
  }
}
