package org.incidentatlas.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;
import org.incidentatlas.store.StoreException;

/**
 * The database of what people write: users and their tokens, incident records and every version
 * of them. It is a file of its own ({@code records.mv.db} in the data directory) because the
 * served database is replaced whole by every build, and records must outlive builds.
 *
 * <p>{@code AUTO_SERVER} lets the command line ({@code user add}, {@code import}) write to it while
 * the server has it open: the first process to open the file serves it to the others.
 */
public final class RecordsDb implements AutoCloseable {
  static final String NAME = "records";

  /** One unit of work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final JdbcConnectionPool pool;
  private final Path file;

  private RecordsDb(JdbcConnectionPool pool, Path file) {
    this.pool = pool;
    this.file = file;
  }

  /** Opens the records of {@code dataDir}, creating the file and any missing table. */
  public static RecordsDb open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl(dataDir), "", "");
    RecordsDb db = new RecordsDb(pool, file(dataDir));
    db.transaction(c -> {
      try (Statement st = c.createStatement()) {
        for (String ddl : RecordsSchema.TABLES) {
          st.execute(ddl);
        }
      }
      return null;
    });
    return db;
  }

  /** The JDBC URL of the records in {@code dataDir}, with the options every process opens them with. */
  public static String jdbcUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve(NAME).toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  /**
   * Runs {@code work} in one transaction: all of it is stored, or, when it throws, none of it.
   * When this returns, the transaction is on the disk: H2 writes commits to its file from a
   * background thread, so a commit alone could be lost to a crash after it was acknowledged;
   * {@code CHECKPOINT SYNC} writes it now and waits for the disk to confirm it (fsync).
   */
  public <T> T transaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        try (Statement st = c.createStatement()) {
          st.execute("CHECKPOINT SYNC");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write the records in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on a connection of its own, committing each statement. */
  public <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("cannot read the records in " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a consistent copy of the records as they are now to {@code zip}, while others go on
   * reading and writing them. With a server running, the copy is made by the server's process
   * (the records are its, shared through {@code AUTO_SERVER}), so {@code zip} must be a path that
   * process can write.
   */
  public void backupTo(Path zip) {
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
    return dataDir.resolve(NAME + ".mv.db");
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
