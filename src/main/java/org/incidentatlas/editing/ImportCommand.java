package org.incidentatlas.editing;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.config.AtlasConfig.UsageException;
import org.incidentatlas.config.CommandLine;
import org.incidentatlas.importer.ImportFormat;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordsDb;

/**
 * {@code import FILE [--format F] [--publish] [--skip-bad-rows]}: loads a file of another dataset
 * into the records. A running server on the same data directory takes the published ones into
 * its layers within seconds; otherwise the next {@code serve} does.
 */
public final class ImportCommand {
  public static final String USAGE = "import FILE [--format acled|ucdp|geojson] [--publish] [--skip-bad-rows]";

  private ImportCommand() {}

  /** Returns the exit status: 0 when the file was stored, 1 when bad rows stopped it. */
  public static int run(CommandLine line, PrintStream out, PrintStream err) {
    if (line.words().size() != 2) {
      throw new UsageException("usage: " + USAGE);
    }
    Path file = Path.of(line.words().get(1));
    if (!Files.isRegularFile(file)) {
      throw new UsageException("import: no file at " + file.toAbsolutePath());
    }
    ImportFormat format = ImportFormat.of(file, line.option("--format").orElse(null));
    boolean publish = line.flag("--publish");
    boolean skipBadRows = line.flag("--skip-bad-rows");
    out.printf("Importing %s as %s%s ...%n", file, format.option(), publish ? ", published" : " drafts");
    Derivation derivation = new Derivation(Geodata.read(line.config().geodataDir(), new SourceReport()));
    RecordImport.Report report;
    try (RecordsDb db = RecordsDb.open(line.config())) {
      report = new RecordImport(new IncidentRecords(db), derivation).run(file, format, publish, skipBadRows, out);
    }
    List<String> problems = report.problems();
    problems.forEach(p -> err.println((report.stored() ? "skipped " : "") + p));
    out.println(report.summary());
    if (!report.stored()) {
      err.println("incident-atlas: " + problems.size() + " bad row" + (problems.size() == 1 ? "" : "s")
          + " in " + file + "; nothing was imported. Fix them, or give --skip-bad-rows to import the good rows.");
      return 1;
    }
    return 0;
  }
}
