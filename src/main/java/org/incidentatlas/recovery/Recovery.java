package org.incidentatlas.recovery;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.incidentatlas.database.Database;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.IncludedChange;
import org.incidentatlas.store.StoreException;

/**
 * What the server checks before it serves a data directory, so that after any crash it serves
 * one consistent state. The records are the truth and are only ever set right where a crash left
 * a record's current version apart from its history. The layers are derived data: when they
 * cannot be read, are older than geodata/, or include a change the records do not have, they are
 * built again from geodata/ and the records; changes they merely lack are applied when the server
 * starts ({@code Publisher}).
 */
public final class Recovery {
  private Recovery() {}

  /**
   * Checks the records and sets right what a crash left half done, then says why the layers must
   * be built before serving, if they must.
   *
   * @throws StoreException when the records cannot be read: the server must not start on them
   */
  public static Optional<String> check(AtlasConfig config, PrintStream out) {
    Database database = Database.of(config);
    try (RecordsDb db = RecordsDb.open(database)) {
      IncidentRecords records = new IncidentRecords(db);
      List<String> repaired = records.repairCurrent();
      if (!repaired.isEmpty()) {
        out.println("Records: " + repaired.size() + " records pointed at a version their history does not end with"
            + " (a write interrupted before it was acknowledged); each is now at the last version of its history: "
            + String.join(", ", repaired));
        return Optional.of("records were set right after a crash");
      }
      return layersProblem(config, database, records);
    } catch (StoreException e) {
      throw new StoreException(e.getMessage() + "\nThe records cannot be read, so the server did not start. "
          + (config.database() == null ? "Restore the last backup with: java -jar target/incident-atlas.jar restore"
              + " BACKUP.zip --data-dir " + config.dataDir() + " (docs/durability.md)"
              : "Check that " + database.describe() + " is up and reachable, or restore it (docs/deployment.md)"), e);
    }
  }

  /** Why the layers in the data directory cannot be served with these records, if they cannot. */
  private static Optional<String> layersProblem(AtlasConfig config, Database database, IncidentRecords records) {
    String current = AtlasBuild.fingerprint(config.geodataDir());
    try (AtlasStore store = AtlasStore.open(database)) {
      Optional<String> built = store.fingerprint();
      if (built.isEmpty()) {
        return Optional.of("the database in " + database.describe() + " is empty");
      }
      if (!built.get().equals(current)) {
        return Optional.of("the files in " + config.geodataDir() + " or the database layout changed since the last build");
      }
      IncludedChange included = store.includedChange();
      if (included.seq() > 0 && !records.change(included.seq()).equals(Optional.of(included))) {
        return Optional.of("the layers include " + included + ", which the records do not have");
      }
      store.verify();
      return Optional.empty();
    } catch (RuntimeException e) {
      // Whatever stops the layers from being read, they are derived and can be made again.
      return Optional.of("the layers in " + database.describe() + " cannot be read: " + e.getMessage());
    }
  }
}
