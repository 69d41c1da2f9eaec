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
    Path base = dataDir.resolve(NAME).toAbsolutePath();
    JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl(dataDir), "", "");
    RecordsDb db = new RecordsDb(pool, base.resolveSibling(NAME + ".mv.db"));
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

  /** Runs {@code work} in one transaction: all of it is stored, or, when it throws, none of it. */
  public <T> T transaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
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

  @Override
  public void close() {
    pool.dispose();
  }
}
