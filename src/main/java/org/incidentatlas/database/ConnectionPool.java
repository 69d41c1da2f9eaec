package org.incidentatlas.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Open connections to one database, lent out and taken back. */
public interface ConnectionPool extends AutoCloseable {
  Connection connection() throws SQLException;

  /** Closes every connection; nothing is lent afterwards. */
  @Override
  void close();

  /** The connections of {@code source}, closed by {@code close}. */
  static ConnectionPool of(DataSource source, Runnable close) {
    return new ConnectionPool() {
      @Override
      public Connection connection() throws SQLException {
        return source.getConnection();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
