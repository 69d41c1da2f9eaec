package org.incidentatlas.bench;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.database.PostgresDatabase;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.records.Status;

/**
 * Stores N generated incidents ({@link SyntheticLayer#incidents}) as published records, as an
 * import with {@code --publish} stores its rows: placed in the gazetteer by the same rules, one
 * version each, numbered by the records' change sequence. Without parsing a file or looking up
 * external ids, a million records take minutes instead of the better part of an hour. The records
 * go in transactions of {@value #BATCH}, so the generator's heap does not grow with N. Incidents the
 * placement refuses are counted and left out, as an import with {@code --skip-bad-rows} does, and
 * more are generated until N are stored.
 *
 *   java -cp ... org.incidentatlas.bench.SyntheticRecords DATA_DIR|postgresql://... N
 */
public final class SyntheticRecords {
  private static final int BATCH = 10_000;

  private SyntheticRecords() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[1]);
    Database database = args[0].startsWith("postgresql://") || args[0].startsWith("postgres://")
        ? new PostgresDatabase(DatabaseUrl.parse(args[0], false, System.getenv("ATLAS_DATABASE_PASSWORD"), null))
        : new H2Database(Path.of(args[0]));
    long t0 = System.nanoTime();
    Geodata data = Geodata.read(Path.of("geodata"), new SourceReport());
    Derivation derivation = new Derivation(data);
    int[] counts = new int[2]; // stored, refused
    try (RecordsDb db = RecordsDb.open(database)) {
      IncidentRecords records = new IncidentRecords(db);
      // Generated until N are stored: some three in ten lie too far from any place for the placement.
      Iterator<Incident> incidents = SyntheticLayer.incidents(data, Integer.MAX_VALUE).iterator();
      while (counts[0] < n) {
        db.transaction(c -> {
          for (int k = 0; k < BATCH && counts[0] < n; k++) {
            Incident generated = incidents.next();
            Incident placed;
            try {
              placed = derivation.place(generated);
            } catch (InvalidRecord e) {
              counts[1]++;
              continue;
            }
            records.add(c, new RecordVersion(placed.id(), 1, 0, Status.PUBLISHED, null, "import:synthetic",
                IncidentRecords.now(), "generated for benchmarks", List.of("created"),
                IncidentJson.bytes(IncidentJson.write(placed))));
            counts[0]++;
          }
          return null;
        });
        System.out.printf(Locale.ROOT, "  %,d records stored in %.0f s%n", counts[0], (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "stored %d published records (%d refused by the placement) in %.1f s%n", counts[0],
        counts[1], (System.nanoTime() - t0) / 1e9);
  }
}
