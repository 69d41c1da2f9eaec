package org.incidentatlas.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.ConnectionPool;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.store.StoreException;

/**
 * The database of what people write: users and their tokens, incident records and every version
 * of them. It is kept apart from the served layers because every build replaces those whole, and
 * records must outlive builds: a file of its own ({@code records.mv.db}) in the embedded store, the
 * schema {@code atlas} in PostgreSQL. Its tables are created and migrated when it is opened.
 */
public final class RecordsDb implements AutoCloseable {
  /** One unit of work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final Database database;
  private final ConnectionPool pool;
  /** Transactions of this process committed so far, counted as each commit returns. */
  private final AtomicLong committed = new AtomicLong();
  /** Held by the one writer making commits durable; the others wait for it rather than sync again. */
  private final Object syncing = new Object();
  /** How many of {@link #committed} the last completed sync covers; guarded by {@link #syncing}. */
  private long synced;

  private RecordsDb(Database database, ConnectionPool pool) {
    this.database = database;
    this.pool = pool;
  }

  /** Opens the records of the configured database, creating or migrating its tables. */
  public static RecordsDb open(AtlasConfig config) {
    return open(Database.of(config));
  }

  public static RecordsDb open(Database database) {
    return new RecordsDb(database, database.openRecords());
  }

  /** The records of the embedded store in {@code dataDir}. */
  public static RecordsDb open(Path dataDir) {
    return open(new H2Database(dataDir));
  }

  public Database database() {
    return database;
  }

  /**
   * Runs {@code work} in one transaction: all of it is stored, or, when it throws, none of it.
   * When this returns, the transaction is on the disk ({@link Database#afterCommit}).
   *
   * <p>Concurrent writers share syncs (group commit): a sync makes every commit that returned
   * before it began durable, so a writer that finds one such sync completed when it gets its turn
   * returns without one of its own. Under load one sync then serves several writes instead of
   * each write queueing for its own (docs/durability.md).
   */
  public <T> T transaction(Work<T> work) {
    try (Connection c = pool.connection()) {
      c.setAutoCommit(false);
      try {
        database.beginWrite(c);
        T result = work.run(c);
        c.commit();
        durable(c, committed.incrementAndGet());
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write the records in " + database.describe() + ": " + e.getMessage(), e);
    }
  }

  /** Returns once commit number {@code commit} of this process is on the disk. */
  private void durable(Connection c, long commit) throws SQLException {
    synchronized (syncing) {
      if (synced >= commit) {
        return;
      }
      // Every commit counted by now has returned, so the sync that starts next covers it.
      long covers = committed.get();
      database.afterCommit(c);
      synced = covers;
    }
  }

  /** Runs {@code work} on a connection of its own, committing each statement. */
  public <T> T read(Work<T> work) {
    try (Connection c = pool.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("cannot read the records in " + database.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a consistent copy of the records of the embedded store as they are now to {@code zip},
   * while others go on reading and writing them. With a server running, the copy is made by the
   * server's process (the records are its, shared through {@code AUTO_SERVER}), so {@code zip} must
   * be a path that process can write.
   */
  public void backupTo(Path zip) {
    if (!(database instanceof H2Database)) {
      throw new StoreException("backup copies the embedded store; back up PostgreSQL with pg_dump (docs/deployment.md)", null);
    }
    // BACKUP takes a literal, not a parameter.
    String target = zip.toAbsolutePath().toString().replace("'", "''");
    read(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("BACKUP TO '" + target + "'");
      }
      return null;
    });
  }

  /** The database file of the records in {@code dataDir}. */
  public static Path file(Path dataDir) {
    return H2Database.recordsFile(dataDir);
  }

  @Override
  public void close() {
    pool.close();
  }
}
