package org.incidentatlas.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.StoredFeature;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The engine that keeps the records and the layers: the embedded H2 files of a data directory
 * ({@link H2Database}, the default) or one PostgreSQL database with PostGIS, which several servers
 * can share ({@link PostgresDatabase}). The records and the layers are written with the same SQL on
 * both; what differs between the engines is here: how connections are made and kept, how a write
 * becomes durable, how geometry travels, how a new build replaces the served one, and how servers
 * learn that another one changed the layers.
 */
public interface Database {

  /** The database the configuration names. */
  static Database of(AtlasConfig config) {
    return config.database() == null ? new H2Database(config.dataDir()) : new PostgresDatabase(config.database());
  }

  /** Names the database in messages: a file or an address, never a password. */
  String describe();

  /** Whether several servers may serve this database at once. */
  boolean shared();

  /**
   * Connections to the records (users, tokens, incident records and their versions), whose schema
   * is created or migrated first ({@code db/migration/<engine>/}).
   */
  ConnectionPool openRecords();

  /** Connections to the served layers, as the last build left them. */
  ConnectionPool openLayers();

  /**
   * Starts writing a complete new set of layers beside the served one; it replaces the served one
   * only on {@link LayerTarget#publish()}.
   */
  LayerTarget beginBuild();

  /**
   * Runs first in each transaction of the records that writes. Where {@link #afterCommit} makes a
   * commit durable, the commit itself need not wait for the disk.
   */
  default void beginWrite(Connection c) throws SQLException {
  }

  /**
   * Runs after each committed transaction of the records, before it is acknowledged: makes it
   * durable where a commit alone does not. One call makes every commit that returned before it
   * durable, so concurrent writers share it (group commit, {@code RecordsDb.transaction}).
   */
  void afterCommit(Connection c) throws SQLException;

  /** The statement that draws the next number of the change sequence. */
  String nextChangeSql();

  /**
   * Begins on {@code c} a transaction whose reads all see one snapshot of the database, the one
   * its first query takes. {@link #endSnapshot} ends it. A request of a few features pays for
   * every round trip to the database here, so the engines take as few as they can.
   */
  void beginSnapshot(Connection c) throws SQLException;

  /** Ends the transaction {@link #beginSnapshot} began and leaves the connection as the pool lent it. */
  void endSnapshot(Connection c) throws SQLException;

  /**
   * Whether one prepared statement may hold several queries, separated by semicolons, whose
   * results come one after the other from one round trip ({@code getMoreResults}).
   */
  boolean batchesQueries();

  /**
   * Sends the features of the GeoJSON table {@code table} (columns seq, fid, geometry, properties)
   * from seq {@code from} on, {@code limit} of them at most ({@link FeatureQuery#UNLIMITED}: all), to
   * {@code sink} one at a time, in the order of seq, in the transaction
   * of {@code c}. Where the engine keeps blocks ({@link #blockSize}), it reads them from
   * {@code blocks}, the layer's table of blocks, instead. This reads rows a batch at a time; an
   * engine that can send them as fast as the sink takes them does so.
   */
  default void streamFeatures(Connection c, String table, String blocks, long from, long limit, AtlasStore.FeatureSink sink)
      throws SQLException, IOException {
    // From the start without a condition, which H2 would test on every row.
    String query = "SELECT fid, geometry, properties FROM " + table
        + (from > 0 || limit != FeatureQuery.UNLIMITED ? " WHERE seq >= " + from : "")
        + (limit != FeatureQuery.UNLIMITED ? " AND seq < " + (from + limit) : "") + " ORDER BY seq";
    try (Statement st = c.createStatement()) {
      st.setFetchSize(FEATURES_AT_A_TIME);
      try (ResultSet rs = st.executeQuery(query)) {
        while (rs.next()) {
          sink.accept(new StoredFeature(rs.getString(1), DriverBytes.of(rs, 2), DriverBytes.of(rs, 3)));
        }
      }
    }
  }

  /** Rows read at a time where a query's rows are read in batches. */
  int FEATURES_AT_A_TIME = 500;

  /**
   * Features in a block, where the engine keeps each layer also in blocks of consecutive features
   * for reading it whole: block b holds those with seq from {@code b * blockSize()} up to the next
   * block's first, each as the download sends it, so that reading the layer takes a row per block
   * instead of one per feature. 0 where the engine keeps no blocks (H2, which reads its rows in key
   * order as fast as its blocks would come).
   */
  default int blockSize() {
    return 0;
  }

  /** The statements that create {@code blocks}, the table of a layer's blocks, empty. */
  default List<String> createBlockTable(String blocks) {
    throw new UnsupportedOperationException("no blocks");
  }

  /**
   * Writes the blocks numbered {@code numbers} (ascending) of {@code blocks} anew from the rows of
   * the GeoJSON table {@code table} in {@code c}'s transaction; a block none of whose rows exist is
   * left as it was, for the caller to delete. Returns how many blocks it wrote.
   */
  default long writeBlocks(Connection c, String blocks, String table, long[] numbers) throws SQLException {
    throw new UnsupportedOperationException("no blocks");
  }

  /** Whether the error says a table does not exist: an empty database, never built. */
  boolean isMissingTable(SQLException e);

  /** The column type of a layer's geometry, in WGS84 longitude and latitude. */
  String geometryColumn();

  /** The column type of bytes stored as they are sent. */
  String bytesColumn();

  /** The statement that indexes the geometry column {@code column} of {@code table} by box. */
  String spatialIndex(String index, String table, String column);

  /**
   * Whether a row whose geometry changes must be deleted and inserted again, under a row key of
   * the engine's own that {@code seq} is not, for its spatial index to stay right.
   */
  default boolean reinsertsMovedRows() {
    return false;
  }

  /**
   * What follows a table's name in FROM for the engine to read it through {@code index}; empty
   * where the planner finds the index by itself.
   */
  String readThrough(String index);

  /** A geometry as a parameter of a statement. */
  Object geometryParameter(Geometry g);

  /** The geometry in column {@code column} of the current row. */
  Geometry geometry(ResultSet rs, int column) throws SQLException;

  /** The extent of the geometries of {@code table}; null when it has none. */
  Envelope extent(Connection c, String table) throws SQLException;

  /**
   * The longest {@code detail} of {@link #announceLayersChanged} in bytes of UTF-8: PostgreSQL's
   * {@code NOTIFY} takes payloads under 8,000 bytes, and the change number goes before it.
   */
  int ANNOUNCEMENT_DETAIL_BYTES = 7_900;

  /**
   * Tells the other servers of this database, when {@code c} commits, that the layers now include
   * the records up to change {@code seq}, with {@code detail} (at most
   * {@link #ANNOUNCEMENT_DETAIL_BYTES}; null for none) saying what changed, for caches that can
   * follow the change instead of reading it again. Nothing to do where only one process serves.
   */
  void announceLayersChanged(Connection c, long seq, String detail) throws SQLException;

  /** Hears the announcements of other servers' changes of the layers. */
  @FunctionalInterface
  interface LayersListener {
    /**
     * Another server changed the layers, which now include the records up to change {@code seq},
     * and said {@code detail} about it (null when it said nothing). {@code seq} is -1 and
     * {@code detail} null when announcements may have been missed: everything may have changed.
     */
    void changed(long seq, String detail);
  }

  /**
   * Calls {@code listener} for every announcement of another server's change of the layers, in the
   * order of their commits, until the returned handle is closed. Nothing is ever called where only
   * one process serves.
   */
  AutoCloseable onLayersChanged(LayersListener listener);

  /**
   * Holds the lock that lets one server at a time bring the layers up to date, until {@code c}'s
   * transaction ends, which must be this transaction's first statement. Each later statement of
   * the transaction sees what was committed before it, including what another server committed
   * while this one waited for the lock. Within one process the caller's own lock suffices.
   */
  void lockLayerUpdates(Connection c) throws SQLException;
}
