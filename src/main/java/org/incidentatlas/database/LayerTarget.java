package org.incidentatlas.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * Where a build writes a complete set of layers: a new file beside the served one (H2) or a new
 * schema (PostgreSQL). Readers see the served layers until {@link #publish()} puts the new ones in
 * their place in one step; {@link #close()} without it leaves nothing behind.
 */
public interface LayerTarget extends AutoCloseable {
  /** The connection the build writes on, in a transaction the build commits. */
  Connection connection();

  /** Statements the database needs before the layer tables: the functions filters call. */
  String prepare();

  /**
   * A directory for the build's own files, which {@link #close()} and {@link #publish()} remove
   * with whatever a killed build left there; null where the build sorts its layers in the
   * database instead. A layer is then put in order outside the database and written into its
   * tables once, in that order.
   */
  default Path scratch() {
    return null;
  }

  /**
   * Statements before a layer's indexes are made, each from a scan of its table of {@code rows}
   * rows, and after: where what suits the writing of rows does not suit those scans.
   */
  default List<String> beforeIndexes(long rows) {
    return List.of();
  }

  /** Undoes {@link #beforeIndexes}. */
  default List<String> afterIndexes() {
    return List.of();
  }

  /** Replaces the served layers with these; the connection is closed afterwards. */
  void publish();

  /** Discards what was written unless it was published. */
  @Override
  void close();
}
