package org.incidentatlas.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.engine.Constants;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStoreTool;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoreException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: two H2 files in the data directory, {@code records.mv.db} (the records,
 * which outlive builds) and {@code atlas.mv.db} (the layers, replaced whole by each build).
 *
 * <p>{@code AUTO_SERVER} lets the command line ({@code user add}, {@code import}) write the records
 * while the server has them open: the first process to open the file serves it to the others.
 */
public final class H2Database implements Database {
  public static final String RECORDS = "records";
  public static final String LAYERS = "atlas";
  private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);
  /** More than the server's request threads: a request never waits for a connection. */
  private static final int MAX_LAYER_CONNECTIONS = 256;
  /** As many as H2's own pool lent at most. */
  private static final int RECORDS_CONNECTIONS = 10;
  /** Registered with every layer file a build writes: the Java functions filters call (SqlFunctions). */
  private static final String FUNCTIONS = """
      CREATE ALIAS atlas_spatial FOR "org.incidentatlas.store.SqlFunctions.spatial";
      CREATE ALIAS atlas_within_distance FOR "org.incidentatlas.store.SqlFunctions.withinDistance";
      CREATE ALIAS atlas_arrays FOR "org.incidentatlas.store.SqlFunctions.arrays";
      CREATE ALIAS atlas_casei FOR "org.incidentatlas.store.SqlFunctions.casei";
      CREATE ALIAS atlas_accenti FOR "org.incidentatlas.store.SqlFunctions.accenti";
      CREATE ALIAS atlas_arithmetic FOR "org.incidentatlas.store.SqlFunctions.arithmetic"
      """;

  static {
    // H2 looks every value it reads of up to 4 kB up in a cache of equal values, hashing and
    // comparing it, so that equal values share one object. A layer's GeoJSON is read once and sent:
    // that was a tenth of a whole-layer download's request thread, for nothing saved. Set
    // before H2 first reads its settings, and only where the operator has not set it.
    if (System.getProperty("h2.objectCache") == null) {
      System.setProperty("h2.objectCache", "false");
    }
  }

  private final Path dataDir;

  public H2Database(Path dataDir) {
    this.dataDir = dataDir;
  }

  @Override
  public String describe() {
    return dataDir.toString();
  }

  @Override
  public boolean shared() {
    return false;
  }

  /** The file of the records in {@code dataDir}. */
  public static Path recordsFile(Path dataDir) {
    return dataDir.resolve(RECORDS + ".mv.db");
  }

  /** The file of the served layers in {@code dataDir}. */
  public static Path layersFile(Path dataDir) {
    return file(dataDir.resolve(LAYERS));
  }

  /**
   * The JDBC URL of the records in {@code dataDir}, with the options every process opens them with.
   * Each session keeps 64 parsed statements instead of 8: a write runs a dozen different ones, and
   * parsing them again each time was a tenth of a new draft's processor time. H2 empties that
   * cache at every rollback, which its own pool does whenever a connection is given back: hence
   * the pool of {@link #openRecords}.
   */
  public static String recordsUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve(RECORDS).toAbsolutePath() + ";AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=64";
  }

  /** The JDBC URL of the served layers in {@code dataDir}. */
  public static String layersUrl(Path dataDir) {
    return layersUrlOf(dataDir.resolve(LAYERS));
  }

  /**
   * Lazy execution streams result rows instead of holding a whole layer in memory. H2's page cache
   * is kept small, a 64th of the heap: pages of GeoJSON take about three times the memory H2
   * counts for them, so its default of 16 MB held some 50 MB, and under load with {@code -Xmx256m}
   * the collector then ran every few milliseconds. Reads it misses come from the operating
   * system's file cache. Pages are written up to 16 kB instead of 4 kB: a page then holds about
   * ten features instead of two or three, and a whole-layer download reads a quarter as many.
   */
  private static String layersUrlOf(Path base) {
    long cacheKb = Math.max(1024, Math.min(64 * 1024, Runtime.getRuntime().maxMemory() / 64 / 1024));
    return "jdbc:h2:file:" + base.toAbsolutePath() + ";LAZY_QUERY_EXECUTION=TRUE;CACHE_SIZE=" + cacheKb
        + ";PAGE_SIZE=16384";
  }

  private static Path file(Path base) {
    return base.resolveSibling(base.getFileName() + ".mv.db");
  }

  /**
   * The records' connections are pooled by HikariCP, which rolls a connection back when it is
   * given back only if it has work neither committed nor rolled back, so that each H2 session keeps
   * its parsed statements ({@link #recordsUrl}). Its connections are kept open for good, as H2's
   * pool kept them: the embedded database closes with its last connection.
   */
  @Override
  public ConnectionPool openRecords() {
    createDataDir();
    HikariConfig config = new HikariConfig();
    config.setPoolName("atlas-records");
    config.setJdbcUrl(recordsUrl(dataDir));
    config.setUsername("");
    config.setPassword("");
    config.setMaximumPoolSize(RECORDS_CONNECTIONS);
    config.setMaxLifetime(0);
    config.setKeepaliveTime(0);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException("cannot create or migrate the records in " + describe() + ": " + cause.getMessage(), e);
    }
    try {
      Migrations.run(pool, "h2", null, describe());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return ConnectionPool.of(pool, pool::close);
  }

  @Override
  public ConnectionPool openLayers() {
    createDataDir();
    JdbcConnectionPool pool = JdbcConnectionPool.create(layersUrl(dataDir), "", "");
    pool.setMaxConnections(MAX_LAYER_CONNECTIONS);
    return pool(pool);
  }

  private static ConnectionPool pool(JdbcConnectionPool pool) {
    return ConnectionPool.of(pool, pool::dispose);
  }

  private void createDataDir() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public LayerTarget beginBuild() {
    createDataDir();
    Path base = dataDir.resolve(LAYERS + "-building");
    Path scratch = dataDir.resolve(LAYERS + "-building-rows");
    try {
      // What a build that failed or was killed left: it is simply started again.
      discard(base, scratch);
      Connection c = DriverManager.getConnection(buildingUrl(base), "", "");
      return new LayerTarget() {
        private boolean published;

        @Override
        public Connection connection() {
          return c;
        }

        @Override
        public Path scratch() {
          return scratch;
        }

        @Override
        public String prepare() {
          return FUNCTIONS;
        }

        @Override
        public List<String> beforeIndexes(long rows) {
          long kb = indexingCacheKb(rows);
          return kb == buildingCacheKb() ? List.of() : List.of("SET CACHE_SIZE " + kb);
        }

        @Override
        public List<String> afterIndexes() {
          return List.of("SET CACHE_SIZE " + buildingCacheKb());
        }

        @Override
        public void publish() {
          try {
            try (Statement st = c.createStatement()) {
              st.execute("SHUTDOWN");
            }
            c.close();
            deleteTree(scratch);
            // Rewritten whole, map after map, the file loses the space of old page versions and its
            // compression. Served uncompressed, unlike H2's SHUTDOWN COMPACT: the file is about three
            // times larger, but inflating pages took nearly half of the time of a whole-layer download.
            long t = System.nanoTime();
            MVStoreTool.compact(file(base).toString(), false);
            LOG.debug("built file rewritten in {} ms", (System.nanoTime() - t) / 1_000_000);
            Files.move(file(base), layersFile(dataDir), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            published = true;
          } catch (SQLException | IOException | RuntimeException e) {
            // MVStoreTool fails with H2's own runtime exceptions, on a full disk for one.
            throw new StoreException("cannot finish the build in " + dataDir + ": " + e.getMessage(), e);
          }
        }

        @Override
        public void close() {
          if (published) {
            return;
          }
          try {
            if (!c.isClosed()) {
              c.close();
            }
            // Also after publish shut the database down and then failed: its file is still here.
            discard(base, scratch);
          } catch (SQLException | IOException e) {
            throw new StoreException("cannot discard the unfinished build: " + e.getMessage(), e);
          }
        }
      };
    } catch (IOException | SQLException e) {
      throw new StoreException("cannot start a build in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file a build writes. Nothing reads it until it is published, and a killed build's file is
   * deleted, not recovered, so: no old versions are kept (the space of a page rewritten by the
   * next commit is reused at once instead of after H2's default 45 seconds, in which a build
   * writes several times the layer); its pages are compressed, so that this file and the
   * uncompressed copy {@code publish} rewrites it into fit together in the disk the final file
   * takes; and its page cache is an eighth of the heap, so that most of a layer's narrow table
   * stays in memory while its indexes are made, each from a scan of the table
   * ({@link #indexingCacheKb} where it cannot).
   */
  private static String buildingUrl(Path base) {
    return "jdbc:h2:file:" + base.toAbsolutePath() + ";LAZY_QUERY_EXECUTION=TRUE;CACHE_SIZE=" + buildingCacheKb()
        + ";PAGE_SIZE=16384;RETENTION_TIME=0;COMPRESS=TRUE";
  }

  private static long buildingCacheKb() {
    return Math.max(1024, Runtime.getRuntime().maxMemory() / 8 / 1024);
  }

  /**
   * The page cache while the indexes of a table of {@code rows} rows are made. H2 makes each index
   * from a scan of the table, and every page it reads passes through the cache. Where the cache
   * holds a good share of the table, those pages are not read again for the next index; where it
   * holds a small share, that saves little, and the pages passing through live long enough to be
   * copied by the collector and push each other out. With a cache of 16 MB instead of 128 MB the
   * indexes of 1,000,000 incidents took some 15 % less time (docs/benchmarks.md, The build); those
   * of 150,000 to 300,000 took more.
   */
  static long indexingCacheKb(long rows) {
    long cacheKb = buildingCacheKb();
    boolean worthKeeping = rows * ROW_BYTES_IN_CACHE / 1024 <= cacheKb * CACHE_SHARE_WORTH_KEEPING;
    return worthKeeping ? cacheKb : Math.min(cacheKb, 16 * 1024);
  }

  /** A row of a layer's narrow table as H2's cache counts it: some 3.3 kB (docs/benchmarks.md, The build). */
  static final long ROW_BYTES_IN_CACHE = 3300;

  /** The cache is kept while it holds at least a tenth of the table. */
  static final long CACHE_SHARE_WORTH_KEEPING = 10;

  /**
   * Deletes what a build that did not publish leaves: its file, the compacted copy of it that
   * {@code MVStoreTool.compact} writes beside it, and the scratch directory.
   */
  private static void discard(Path base, Path scratch) throws IOException {
    Files.deleteIfExists(file(base));
    Files.deleteIfExists(Path.of(file(base) + COMPACTED));
    deleteTree(scratch);
  }

  /** What MVStoreTool.compact appends to the name of the file it writes the compacted copy to. */
  private static final String COMPACTED = ".tempFile";

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /**
   * H2 writes commits to its file from a background thread, so a commit alone could be lost to a
   * crash after it was acknowledged; {@code CHECKPOINT SYNC} writes it now and waits for the disk
   * to confirm it (fsync).
   */
  @Override
  public void afterCommit(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CHECKPOINT SYNC");
    }
  }

  @Override
  public String nextChangeSql() {
    return "SELECT NEXT VALUE FOR change_seq";
  }

  /** In the same process: setting the isolation and setting it back cost no round trip. */
  @Override
  public void beginSnapshot(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Constants.TRANSACTION_SNAPSHOT);
  }

  @Override
  public void endSnapshot(Connection c) throws SQLException {
    c.rollback();
    c.setAutoCommit(true);
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  @Override
  public boolean batchesQueries() {
    return false;
  }

  @Override
  public boolean isMissingTable(SQLException e) {
    return e.getErrorCode() == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1
        || e.getErrorCode() == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1;
  }

  @Override
  public String geometryColumn() {
    return "GEOMETRY(GEOMETRY, " + AtlasStore.SRID + ")";
  }

  @Override
  public String bytesColumn() {
    return "VARBINARY";
  }

  @Override
  public String spatialIndex(String index, String table, String column) {
    return "CREATE SPATIAL INDEX " + index + " ON " + table + "(" + column + ")";
  }

  /**
   * H2 2.4's spatial index tells its entries apart by row key alone, but finds them by box: when
   * one transaction removes a row key's entry at one box and adds it at another, committing can
   * land on the new entry and leave the old one behind, so that a box read through the index
   * returns the row twice, or a row that is gone ("not found in primary index"). A row that
   * moves is therefore inserted under a new row key, which seq, a plain unique column, is not.
   */
  @Override
  public boolean reinsertsMovedRows() {
    return true;
  }

  /**
   * H2 does not estimate how few rows a box or a place selects: with a filter beside them it reads
   * the filter's index instead, at a million incidents a third of a million rows for 38 in a box.
   */
  @Override
  public String readThrough(String index) {
    return " USE INDEX (" + index + ")";
  }

  @Override
  public Object geometryParameter(Geometry g) {
    return g;
  }

  @Override
  public Geometry geometry(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, Geometry.class);
  }

  @Override
  public Envelope extent(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ENVELOPE(geom) FROM " + table)) {
      rs.next();
      Geometry envelope = rs.getObject(1, Geometry.class);
      return envelope == null ? null : envelope.getEnvelopeInternal();
    }
  }

  @Override
  public void announceLayersChanged(Connection c, long seq, String detail) {
    // one process serves these files
  }

  @Override
  public AutoCloseable onLayersChanged(LayersListener listener) {
    return () -> { };
  }

  @Override
  public void lockLayerUpdates(Connection c) {
    // one process serves these files; its publisher holds its own lock
  }
}
