package org.incidentatlas.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Open connections to one database, lent out and taken back. */
public interface ConnectionPool extends AutoCloseable {
  Connection connection() throws SQLException;

  /** Closes every connection; nothing is lent afterwards. */
  @Override
  void close();
}
