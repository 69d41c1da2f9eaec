package org.incidentatlas.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.StoreException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PGobject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database with PostGIS, which any number of atlas servers share. The records are
 * in the schema {@value #RECORDS}, created and migrated by Flyway together with the functions that
 * filters call; the served layers are the schema {@value #LAYERS}, which a build writes anew as
 * {@value #BUILDING} and renames into place in one transaction. A server that changes the layers
 * says so on the channel {@value #CHANNEL}; every server listens and drops what it cached.
 */
public final class PostgresDatabase implements Database {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
  public static final String RECORDS = "atlas";
  public static final String LAYERS = "atlas_layers";
  public static final String BUILDING = "atlas_layers_next";
  static final String CHANNEL = "atlas_layers";
  /**
   * Connections each server keeps to the records and to the layers. Requests stream their rows on
   * a connection of their own, so this bounds concurrent reads of one server; PostgreSQL's
   * {@code max_connections} must hold this twice for every server, plus the listener.
   */
  public static final int POOL_SIZE = 16;
  /** Rows of {@code commit_marks} (db/migration/postgresql, V6), so that servers rarely wait for each other's. */
  private static final int COMMIT_MARKS = 64;
  /** Keys of the advisory locks: one server at a time updates or builds the layers. */
  private static final long LAYER_UPDATE_LOCK = 0x41544C4153L;
  /** How long the listener waits for a notification at a time; also how soon it sees it is closed. */
  private static final int LISTEN_MILLIS = 250;

  private final DatabaseUrl url;

  public PostgresDatabase(DatabaseUrl url) {
    this.url = url;
  }

  @Override
  public String describe() {
    return url.shown();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public ConnectionPool openRecords() {
    HikariDataSource source = pool("atlas-records", RECORDS + ", public");
    Migrations.run(source, "postgresql", RECORDS, describe());
    warnIfNotDurable(source);
    return pool(source);
  }

  /**
   * Transactions on the layers are snapshots (repeatable read) unless they say otherwise, as
   * updates do ({@link #lockLayerUpdates}); a statement outside a transaction sees one state
   * either way.
   */
  @Override
  public ConnectionPool openLayers() {
    HikariDataSource source = pool("atlas-layers", LAYERS + ", " + RECORDS + ", public", "TRANSACTION_REPEATABLE_READ");
    return pool(source);
  }

  private HikariDataSource pool(String name, String searchPath) {
    return pool(name, searchPath, null);
  }

  private HikariDataSource pool(String name, String searchPath, String isolation) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionInitSql("SET search_path TO " + searchPath);
    if (isolation != null) {
      config.setTransactionIsolation(isolation);
    }
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // Results in binary from a statement's first run, not only once the driver has prepared it on
    // the server (its fifth): a whole-layer download is one run, and its GeoJSON (BYTEA) otherwise
    // comes as hex text, twice the bytes to send and decode. 1.5 times the features/s
    // (docs/benchmarks.md, Engines).
    config.addDataSourceProperty("prepareThreshold", "-1");
    config.addDataSourceProperty("ApplicationName", "incident-atlas");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException("cannot connect to " + describe() + ": " + cause.getMessage(), e);
    }
  }

  private static ConnectionPool pool(HikariDataSource source) {
    return ConnectionPool.of(source, source::close);
  }

  /** A commit is on the disk when it returns only with these settings, which the durability promise needs. */
  private void warnIfNotDurable(HikariDataSource source) {
    try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit"}) {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
          rs.next();
          if (!"on".equals(rs.getString(1))) {
            LOG.warn("{} is {} in {}: an acknowledged write can be lost in a crash of the database machine"
                + " (docs/durability.md)", setting, rs.getString(1), describe());
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the settings of " + describe() + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (url.user() != null) {
      p.setProperty("user", url.user());
    }
    if (url.password() != null) {
      p.setProperty("password", url.password());
    }
    p.setProperty("reWriteBatchedInserts", "true");
    p.setProperty("ApplicationName", "incident-atlas");
    return DriverManager.getConnection(url.jdbcUrl(), p);
  }

  @Override
  public LayerTarget beginBuild() {
    try {
      Connection c = connect();
      try (Statement st = c.createStatement()) {
        // A build that failed or was killed left its schema: it is simply started again.
        st.execute("DROP SCHEMA IF EXISTS " + BUILDING + " CASCADE");
        st.execute("CREATE SCHEMA " + BUILDING);
        st.execute("SET search_path TO " + BUILDING + ", " + RECORDS + ", public");
      }
      c.setAutoCommit(false);
      return new LayerTarget() {
        private boolean published;

        @Override
        public Connection connection() {
          return c;
        }

        @Override
        public String prepare() {
          return null;
        }

        @Override
        public void publish() {
          try (Statement st = c.createStatement()) {
            st.execute("ANALYZE");
            st.execute("SELECT pg_advisory_xact_lock(" + LAYER_UPDATE_LOCK + ")");
            st.execute("DROP SCHEMA IF EXISTS " + LAYERS + " CASCADE");
            st.execute("ALTER SCHEMA " + BUILDING + " RENAME TO " + LAYERS);
            st.execute("NOTIFY " + CHANNEL + ", '-1'");
            c.commit();
            published = true;
            c.close();
          } catch (SQLException e) {
            throw new StoreException("cannot finish the build in " + describe() + ": " + e.getMessage(), e);
          }
        }

        @Override
        public void close() {
          try {
            if (!c.isClosed()) {
              c.rollback();
              if (!published) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                  st.execute("DROP SCHEMA IF EXISTS " + BUILDING + " CASCADE");
                }
              }
              c.close();
            }
          } catch (SQLException e) {
            throw new StoreException("cannot discard the unfinished build: " + e.getMessage(), e);
          }
        }
      };
    } catch (SQLException e) {
      throw new StoreException("cannot start a build in " + describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The commit of a write to the records does not wait for the disk: a writer holds the lock of
   * {@code change_order} until it commits, and a commit that waited for its flush would keep every
   * other writer waiting for that flush too. {@link #afterCommit} waits for it once the lock is
   * released, where the flushes of concurrent writers overlap and one serves them all.
   */
  @Override
  public void beginWrite(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL synchronous_commit TO off");
    }
  }

  /**
   * A transaction that writes a row and commits as the session does, synchronously (checked at
   * start), returns once the write-ahead log is on the disk up to its own commit: the log is
   * written in order, so every commit before it is on the disk too.
   */
  @Override
  public void afterCommit(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE commit_marks SET n = n + 1 WHERE slot = pg_backend_pid() % " + COMMIT_MARKS);
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  @Override
  public String nextChangeSql() {
    return "SELECT nextval('change_seq')";
  }

  /**
   * PostgreSQL's repeatable read is snapshot isolation, and every transaction on the layers is
   * one ({@link #openLayers}): beginning a snapshot is the driver's BEGIN, sent with the first
   * query. The driver would send {@code setTransactionIsolation} as a statement of its own, and
   * again to set it back; a {@code SET TRANSACTION} sent with the first query fails, as the driver
   * first has the query described, which takes the snapshot.
   */
  @Override
  public void beginSnapshot(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  /** One round trip: after the rollback, autocommit is a flag of the driver. */
  @Override
  public void endSnapshot(Connection c) throws SQLException {
    c.rollback();
    c.setAutoCommit(true);
  }

  @Override
  public boolean batchesQueries() {
    return true;
  }

  /** undefined_table, or invalid_schema_name before the first build. */
  @Override
  public boolean isMissingTable(SQLException e) {
    return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
  }

  @Override
  public String geometryColumn() {
    return "geometry(Geometry, " + AtlasStore.SRID + ")";
  }

  @Override
  public String bytesColumn() {
    return "BYTEA";
  }

  @Override
  public String spatialIndex(String index, String table, String column) {
    return "CREATE INDEX " + index + " ON " + table + " USING GIST (" + column + ")";
  }

  @Override
  public String readThrough(String index) {
    return "";
  }

  /** As PostGIS's own text form, hex EWKB with the SRID: no PostGIS classes on the client. */
  @Override
  public Object geometryParameter(Geometry g) {
    PGobject o = new PGobject();
    o.setType("geometry");
    try {
      o.setValue(WKBWriter.toHex(new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true).write(g)));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return o;
  }

  @Override
  public Geometry geometry(ResultSet rs, int column) throws SQLException {
    String hex = rs.getString(column);
    if (hex == null) {
      return null;
    }
    try {
      return new WKBReader().read(WKBReader.hexToBytes(hex));
    } catch (ParseException e) {
      throw new SQLException("stored geometry is not EWKB: " + e.getMessage(), e);
    }
  }

  @Override
  public Envelope extent(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM " + table + ") x")) {
      rs.next();
      if (rs.getObject(1) == null) {
        return null;
      }
      return new Envelope(rs.getDouble(1), rs.getDouble(3), rs.getDouble(2), rs.getDouble(4));
    }
  }

  /**
   * Features in a block. A block of 64 incidents holds some 120 kB of GeoJSON, which LZ4 stores in
   * some 11 kB; reading the layer then takes one row and one run of its stored chunks per block.
   * Blocks of 256 were read no faster, and an update rewrites a whole block for each feature it
   * changes (docs/benchmarks.md, Where the whole layer is slow).
   */
  static final int BLOCK_SIZE = 64;

  /** Blocks written per batch of statements while they are made. */
  private static final int BLOCKS_PER_BATCH = 100;

  @Override
  public int blockSize() {
    return BLOCK_SIZE;
  }

  /** Stored as they come ({@code STORAGE EXTERNAL}): the server has compressed them ({@link FeatureBlocks}). */
  @Override
  public List<String> createBlockTable(String blocks) {
    return List.of("CREATE TABLE " + blocks + " (block BIGINT PRIMARY KEY, features BYTEA NOT NULL)",
        "ALTER TABLE " + blocks + " ALTER COLUMN features SET STORAGE EXTERNAL");
  }

  /**
   * Each block from its rows in the order of seq, encoded and compressed here
   * ({@link FeatureBlocks}), written over the block where there is one already. The rows of a run of
   * consecutive blocks are read in one query, by key.
   */
  @Override
  public long writeBlocks(Connection c, String blocks, String table, long[] numbers) throws SQLException {
    long written = 0;
    FeatureBlocks.Encoder block = new FeatureBlocks.Encoder();
    try (PreparedStatement rows = c.prepareStatement("SELECT seq, fid, geometry, properties FROM " + table
             + " WHERE seq >= ? AND seq < ? ORDER BY seq");
         PreparedStatement upsert = c.prepareStatement("INSERT INTO " + blocks + " (block, features) VALUES (?, ?)"
             + " ON CONFLICT (block) DO UPDATE SET features = EXCLUDED.features")) {
      rows.setFetchSize(BLOCK_SIZE * 16);
      int batched = 0;
      for (int first = 0; first < numbers.length; ) {
        int last = first;
        while (last + 1 < numbers.length && numbers[last + 1] == numbers[last] + 1) {
          last++;
        }
        rows.setLong(1, numbers[first] * BLOCK_SIZE);
        rows.setLong(2, (numbers[last] + 1) * BLOCK_SIZE);
        long current = -1;
        try (ResultSet rs = rows.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong(1);
            if (seq / BLOCK_SIZE != current) {
              batched += add(upsert, current, block);
              current = seq / BLOCK_SIZE;
            }
            block.add(seq, rs.getString(2), rs.getBytes(3), rs.getBytes(4));
          }
        }
        batched += add(upsert, current, block);
        if (batched >= BLOCKS_PER_BATCH || last + 1 == numbers.length) {
          // Each statement writes one block; the driver, rewriting the batch into one statement,
          // reports no counts of its own.
          upsert.executeBatch();
          written += batched;
          batched = 0;
        }
        first = last + 1;
      }
    }
    return written;
  }

  /** Adds block {@code number} to the batch unless it is empty; returns how many blocks it added. */
  private static int add(PreparedStatement upsert, long number, FeatureBlocks.Encoder block) throws SQLException {
    if (block.isEmpty()) {
      return 0;
    }
    upsert.setLong(1, number);
    upsert.setBytes(2, block.block());
    upsert.addBatch();
    return 1;
  }

  /**
   * The layer's blocks, as {@code COPY ... TO STDOUT} in binary: the database sends rows while the
   * server writes the ones before, where reading a batch at a time has each wait for the other; and
   * the rows come as they are stored, bytes as bytes. A row per block, not per feature: each row
   * the backend finds through the key costs it more than the bytes it sends, and the blocks, a
   * sixth of the size of the GeoJSON table, stay in shared buffers where that table does not. They
   * leave the database compressed, and are decompressed here ({@link FeatureBlocks}). Under the
   * transaction's snapshot like any statement, in which the blocks agree with the rows
   * ({@code LayerUpdate} writes both in one transaction). The GeoJSON table itself is not read.
   */
  @Override
  public void streamFeatures(Connection c, String table, String blocks, long from, long limit, AtlasStore.FeatureSink sink)
      throws SQLException, IOException {
    long end = limit == FeatureQuery.UNLIMITED ? Long.MAX_VALUE : from + limit;
    String query = "SELECT features FROM " + blocks + " WHERE block >= " + (from / BLOCK_SIZE)
        + (end == Long.MAX_VALUE ? "" : " AND block <= " + ((end - 1) / BLOCK_SIZE)) + " ORDER BY block";
    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
    try {
      boolean first = true;
      long next = from;
      FeatureBlocks.Decoder blocksRead = new FeatureBlocks.Decoder();
      byte[] data;
      while ((data = copy.readFromCopy()) != null) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (first) {
          // The header: signature, flags, and an extension whose length it gives.
          b.position(COPY_SIGNATURE + 4);
          b.position(b.position() + 4 + b.getInt());
          first = false;
        }
        while (b.hasRemaining()) {
          short columns = b.getShort();
          if (columns == -1) {
            break;
          }
          if (columns != 1) {
            throw new SQLException("expected a block of features, not " + columns + " columns");
          }
          int length = b.getInt();
          ByteBuffer entries = blocksRead.entries(data, b.position(), length);
          skip(b, length);
          byte[] bytes = entries.array();
          while (entries.hasRemaining()) {
            long seq = entries.getLong();
            if (seq < from || seq >= end) {
              skip(entries);
              skip(entries);
              skip(entries);
              continue;
            }
            // seq numbers the layer without gaps: a feature missing here is a block missing.
            if (seq != next) {
              throw new SQLException("the blocks of " + table + " hold feature " + seq + " where " + next + " was due");
            }
            next++;
            int idLength = entries.getInt();
            String id = new String(bytes, entries.position(), idLength, StandardCharsets.UTF_8);
            skip(entries, idLength);
            int geometryLength = entries.getInt();
            int geometryAt = entries.position();
            skip(entries, geometryLength);
            int propertiesLength = entries.getInt();
            int propertiesAt = entries.position();
            skip(entries, propertiesLength);
            // Handed over where they lie in the block: copying each value out was a good part of
            // the server's processor time per download.
            sink.accept(id, bytes, geometryAt, geometryLength, propertiesAt, propertiesLength);
          }
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // The client went away, say. Cancelling the COPY can leave the driver out of step with the
      // rows still on their way, and the next statement on the connection then reads them as its
      // answer; so the connection is closed instead. The pool drops it at the next statement,
      // which fails as on any closed connection (SQLSTATE 08003).
      if (copy.isActive()) {
        try {
          c.unwrap(Connection.class).close();
        } catch (SQLException close) {
          e.addSuppressed(close);
        }
      }
      throw e;
    }
  }

  /** The signature that begins binary COPY data ({@code PGCOPY\n\377\r\n\0}). */
  private static final int COPY_SIGNATURE = 11;

  private static void skip(ByteBuffer b) {
    skip(b, b.getInt());
  }

  private static void skip(ByteBuffer b, int length) {
    b.position(b.position() + length);
  }

  @Override
  public void announceLayersChanged(Connection c, long seq, String detail) throws SQLException {
    String payload = detail == null ? Long.toString(seq) : seq + " " + detail;
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
      ps.setString(1, payload);
      ps.executeQuery().close();
    }
  }

  @Override
  public AutoCloseable onLayersChanged(LayersListener listener) {
    Listener l = new Listener(listener);
    l.start();
    return l::finish;
  }

  /**
   * Read committed, unlike the layers' reads: a snapshot taken before the lock was granted would
   * miss the change of the server that held it.
   */
  @Override
  public void lockLayerUpdates(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      st.execute("SELECT pg_advisory_xact_lock(" + LAYER_UPDATE_LOCK + ")");
    }
  }

  /**
   * A connection of its own that listens on the channel. Should it break, it connects again and
   * reports a change, since one may have been missed meanwhile.
   */
  private final class Listener extends Thread {
    private final LayersListener listener;
    private volatile boolean running = true;

    Listener(LayersListener listener) {
      super("layers-listener");
      setDaemon(true);
      this.listener = listener;
    }

    @Override
    public void run() {
      boolean missed = false;
      while (running) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
          if (missed) {
            listener.changed(-1, null);
          }
          PGConnection pg = c.unwrap(PGConnection.class);
          while (running) {
            PGNotification[] notifications = pg.getNotifications(LISTEN_MILLIS);
            if (notifications != null) {
              // Each in turn: what one says about a change may hold only after the one before.
              for (PGNotification n : notifications) {
                String payload = n.getParameter();
                int space = payload.indexOf(' ');
                long seq = parse(space < 0 ? payload : payload.substring(0, space));
                listener.changed(seq, space < 0 || seq < 0 ? null : payload.substring(space + 1));
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          if (running) {
            LOG.warn("lost the notifications of {}; listening again in 1 s: {}", describe(), e.getMessage());
            missed = true;
            try {
              Thread.sleep(1000);
            } catch (InterruptedException interrupted) {
              return;
            }
          }
        }
      }
    }

    private static long parse(String payload) {
      try {
        return Long.parseLong(payload);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    void finish() throws InterruptedException {
      running = false;
      join(5000);
    }
  }
}
