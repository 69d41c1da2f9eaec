package org.incidentatlas.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.LayerTarget;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a complete build beside the served layers (a new file of the embedded store, a new schema
 * in PostgreSQL) and, on {@link #commit}, puts it in their place in one step. A build that fails
 * leaves the served layers as they were.
 */
public final class LayerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LayerWriter.class);
  /** Catalogue sources are written with snake_case keys, as the API shows them. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  /** Catalogue entries are read back with the records' own component names. */
  private static final ObjectMapper PLAIN_JSON = new ObjectMapper();
  /** Rows per JDBC batch and per commit while a layer is written. */
  private static final int BATCH = 10_000;

  private final Database database;
  private final LayerTarget target;
  private final Connection connection;
  private final String buildId = UUID.randomUUID().toString();
  private final Instant builtAt = Instant.now();
  private int order;

  private LayerWriter(Database database, LayerTarget target) {
    this.database = database;
    this.target = target;
    this.connection = target.connection();
  }

  public static LayerWriter begin(Database database) {
    LayerTarget target = database.beginBuild();
    try {
      Connection c = target.connection();
      try (Statement st = c.createStatement()) {
        st.execute(Schema.CATALOGUE);
        st.execute(Schema.BUILD);
        if (target.prepare() != null) {
          st.execute(target.prepare());
        }
      }
      c.setAutoCommit(false);
      return new LayerWriter(database, target);
    } catch (SQLException | RuntimeException e) {
      target.close();
      throw e instanceof StoreException s ? s
          : new StoreException("cannot start a build in " + database.describe() + ": " + e.getMessage(), e);
    }
  }

  public String buildId() {
    return buildId;
  }

  /**
   * Writes one layer and its catalogue entry; returns the number of features written. The features
   * are put in {@link SpatialOrder} before they reach the layer's tables: outside the database, in
   * sorted runs in the target's scratch directory, or in a staging table keyed by that order. The
   * layer is never held in memory, not even to sort it.
   */
  public long write(Layer layer, List<LayerInfo.SourceFile> sources) {
    return write(layer, sources, List.of())[0];
  }

  /**
   * A layer of some of the features of another (the border clashes of the incidents), written from
   * the other's pass over its features: each feature is made, and its rows encoded, once.
   */
  public record Part(Layer layer, List<LayerInfo.SourceFile> sources, Predicate<LayerFeature> keep) {}

  /**
   * Writes a layer and its parts, each as {@link #write(Layer, List)} writes one, in that order,
   * from one pass over the layer's features; the parts' own features are not read. Returns the
   * number of features written into each, the layer's first.
   */
  public long[] write(Layer layer, List<LayerInfo.SourceFile> sources, List<Part> parts) {
    List<Part> all = new ArrayList<>();
    all.add(new Part(layer, sources, f -> true));
    all.addAll(parts);
    String writing = layer.id();
    List<Staging> stagings = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      for (Part p : all) {
        writing = p.layer().id();
        for (String ddl : Schema.createLayerTables(database, p.layer().id(), p.layer().attributes())) {
          st.execute(ddl);
        }
        stagings.add(target.scratch() != null ? new SortStaging(p) : new TableStaging(p));
      }
      writing = layer.id();
      long t = System.nanoTime();
      stage(layer, stagings);
      LOG.debug("layer {}: features made and put in order in {}", layer.id(), seconds(t));
      for (int i = 1; i < stagings.size(); i++) {
        stagings.get(i).release();
      }
      long[] counts = new long[all.size()];
      for (int i = 0; i < all.size(); i++) {
        Staging s = stagings.get(i);
        writing = s.part.layer().id();
        t = System.nanoTime();
        counts[i] = s.insert();
        s.close();
        LOG.debug("layer {}: {} rows inserted in {}", writing, counts[i], seconds(t));
        // After the rows, each index in one sorted pass over the filled table: kept up row by row, H2
        // wrote every entry twice (written, then marked committed) at a random place in its tree, and
        // PostgreSQL's GiST index and B-trees come out larger and slower to make
        // (docs/benchmarks.md, The build).
        t = System.nanoTime();
        for (String setting : target.beforeIndexes(counts[i])) {
          st.execute(setting);
        }
        for (String ddl : Schema.createLayerIndexes(database, writing, s.part.layer().attributes())) {
          long ti = System.nanoTime();
          st.execute(ddl);
          LOG.trace("{}: {}", seconds(ti), ddl);
        }
        for (String setting : target.afterIndexes()) {
          st.execute(setting);
        }
        LOG.debug("layer {}: indexes made in {}", writing, seconds(t));
        if (database.blockSize() > 0) {
          t = System.nanoTime();
          writeBlocks(writing, counts[i]);
          LOG.debug("layer {}: blocks made in {}", writing, seconds(t));
        }
        catalogue(s.part.layer(), s.part.sources(), s.staged(), counts[i]);
        connection.commit();
      }
      return counts;
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot write layer " + writing + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // The message names the run file; its cause (a full disk, a file cut short) may not.
      throw new StoreException("cannot write layer " + writing + ": " + e.getMessage() + ": " + e.getCause().getMessage(), e);
    } finally {
      for (Staging s : stagings) {
        s.close();
      }
    }
  }

  /** The time since {@code start} (of {@link System#nanoTime}) for the build's log. */
  static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
  }

  /** What is known of a layer once it is staged: its extent in space and time. */
  private record Staged(Envelope extent, LocalDate start, LocalDate end) {}

  /** Where one layer of a pass collects its rows, each with its key in the layer's order, until they are inserted. */
  private abstract static class Staging implements AutoCloseable {
    final Part part;
    private final Envelope extent = new Envelope();
    private LocalDate start;
    private LocalDate end;
    private long arrival;

    Staging(Part part) {
      this.part = part;
    }

    final void add(LayerFeature f, FeatureRow row) throws SQLException {
      extent.expandToInclude(row.geometry().getEnvelopeInternal());
      if (f.start() != null) {
        start = start == null || f.start().isBefore(start) ? f.start() : start;
        end = end == null || f.end().isAfter(end) ? f.end() : end;
      }
      put(SpatialOrder.stagingKey(row.geometry(), arrival++), row);
    }

    final Staged staged() {
      return new Staged(extent, start, end);
    }

    abstract void put(long key, FeatureRow row) throws SQLException;

    /** Writes the rows into the layer's tables in key order, numbered from 0; returns how many. */
    abstract long insert() throws SQLException;

    /** Puts what it holds in memory where it waits for its turn without it. */
    void release() {}

    /** Frees what the staging holds; again after it did, nothing. */
    @Override
    public abstract void close();
  }

  /** In sorted runs in the target's scratch directory. */
  private final class SortStaging extends Staging {
    private final FeatureSort sort;

    SortStaging(Part part) {
      super(part);
      this.sort = new FeatureSort(target.scratch(), part.layer().id(), part.layer().attributes(), FeatureSort.RUN_BYTES);
    }

    @Override
    void put(long key, FeatureRow row) {
      sort.add(key, row);
    }

    @Override
    void release() {
      sort.release();
    }

    @Override
    long insert() throws SQLException {
      return insertSorted(part.layer(), sort.sorted());
    }

    @Override
    public void close() {
      sort.close();
    }
  }

  /** In a staging table, copied into the layer's tables in key order. */
  private final class TableStaging extends Staging {
    private PreparedStatement rows;
    private long added;

    TableStaging(Part part) throws SQLException {
      super(part);
      String id = part.layer().id();
      try (Statement st = connection.createStatement()) {
        st.execute(Schema.createStagingTable(database, id, part.layer().attributes()));
      }
      int width = 4 + part.layer().attributes().size() + 3;
      rows = connection.prepareStatement("INSERT INTO " + Schema.stagingTable(id)
          + " VALUES (" + String.join(", ", Collections.nCopies(width, "?")) + ")");
    }

    @Override
    void put(long key, FeatureRow row) throws SQLException {
      rows.setLong(1, key);
      row.bindGeoJsonColumns(rows, row.bindFilterColumns(rows, 2, database));
      rows.addBatch();
      if (++added % BATCH == 0) {
        send(rows);
      }
    }

    @Override
    long insert() throws SQLException {
      send(rows);
      rows.close();
      rows = null;
      long count = number(part.layer());
      try (Statement st = connection.createStatement()) {
        st.execute("DROP TABLE " + Schema.stagingTable(part.layer().id()));
      }
      return count;
    }

    @Override
    public void close() {
      try {
        if (rows != null) {
          rows.close();
          rows = null;
        }
      } catch (SQLException e) {
        // the build fails anyway, and its schema is dropped whole
      }
    }
  }

  /**
   * Gives every feature of the layer, as rows, to the stagings that keep it. The features are made
   * on a thread of their own ({@link FeaturesAhead}) while this one serialises and stages them.
   */
  private void stage(Layer layer, List<Staging> stagings) throws SQLException {
    Staging whole = stagings.get(0);
    try (FeaturesAhead features = new FeaturesAhead(layer.features(), layer.id())) {
      while (features.hasNext()) {
        LayerFeature f = features.next();
        FeatureRow row = FeatureRow.of(layer, f);
        whole.add(f, row);
        for (int i = 1; i < stagings.size(); i++) {
          Staging s = stagings.get(i);
          if (s.part.keep().test(f)) {
            Layer part = s.part.layer();
            s.add(f, part.geometryType().equals(layer.geometryType()) && part.attributes().equals(layer.attributes())
                ? row : FeatureRow.of(part, f));
          }
        }
      }
    }
  }

  /** Writes rows that come in the layer's order into its two tables, numbering them from 0. */
  private long insertSorted(Layer layer, Iterator<FeatureRow> rows) throws SQLException {
    int width = 4 + layer.attributes().size();
    long seq = 0;
    try (PreparedStatement filterRows = connection.prepareStatement("INSERT INTO " + Schema.table(layer.id())
             + " VALUES (" + String.join(", ", Collections.nCopies(width, "?")) + ")");
         PreparedStatement geojsonRows = connection.prepareStatement("INSERT INTO " + Schema.geojsonTable(layer.id())
             + " VALUES (?, ?, ?, ?)")) {
      while (rows.hasNext()) {
        FeatureRow row = rows.next();
        filterRows.setLong(1, seq);
        row.bindFilterColumns(filterRows, 2, database);
        filterRows.addBatch();
        geojsonRows.setLong(1, seq);
        row.bindGeoJsonColumns(geojsonRows, 2);
        geojsonRows.addBatch();
        if (++seq % BATCH == 0) {
          send(filterRows, geojsonRows);
        }
      }
      send(filterRows, geojsonRows);
    }
    return seq;
  }

  /**
   * Sends the batched rows and commits them. The target goes live only on {@link #commit}, so
   * committing in chunks costs no atomicity and keeps the database from carrying the whole layer
   * as one open transaction.
   */
  private void send(PreparedStatement... batches) throws SQLException {
    for (PreparedStatement ps : batches) {
      ps.executeBatch();
    }
    connection.commit();
  }

  /**
   * Copies the staged features into the layer's tables in key order, numbering them from 0, a
   * chunk of keys at a time and inside the database, so that rows never travel through the client
   * and each chunk is committed as it is copied (a cursor would not outlive those commits).
   */
  private long number(Layer layer) throws SQLException {
    String staging = Schema.stagingTable(layer.id());
    String attributes = layer.attributes().stream().map(a -> ", " + a.column()).collect(Collectors.joining());
    String numbered = "? + ROW_NUMBER() OVER (ORDER BY k) - 1";
    long seq = 0;
    long after = Long.MIN_VALUE;
    try (PreparedStatement last = connection.prepareStatement("SELECT MAX(k), COUNT(*) FROM (SELECT k FROM " + staging
             + " WHERE k > ? ORDER BY k LIMIT " + BATCH + ") chunk");
         PreparedStatement filterRows = connection.prepareStatement("INSERT INTO " + Schema.table(layer.id())
             + " SELECT " + numbered + ", geom, t_start, t_end" + attributes + " FROM " + staging + " WHERE k > ? AND k <= ?");
         PreparedStatement geojsonRows = connection.prepareStatement("INSERT INTO " + Schema.geojsonTable(layer.id())
             + " SELECT " + numbered + ", fid, geometry, properties FROM " + staging + " WHERE k > ? AND k <= ?")) {
      while (true) {
        long upTo;
        long n;
        last.setLong(1, after);
        try (ResultSet rs = last.executeQuery()) {
          rs.next();
          n = rs.getLong(2);
          upTo = rs.getLong(1);
        }
        if (n == 0) {
          return seq;
        }
        for (PreparedStatement copy : List.of(filterRows, geojsonRows)) {
          copy.setLong(1, seq);
          copy.setLong(2, after);
          copy.setLong(3, upTo);
          copy.executeUpdate();
        }
        connection.commit();
        seq += n;
        after = upTo;
      }
    }
  }

  /**
   * Fills the layer's blocks from its GeoJSON table ({@link Database#writeBlocks}), a chunk of
   * blocks per call and commit, each chunk's rows read in the order of the key. The table's
   * statistics come first, so that the planner knows a range of keys for the few rows it is.
   */
  private void writeBlocks(String layerId, long count) throws SQLException {
    String blocks = Schema.blockTable(layerId);
    try (Statement st = connection.createStatement()) {
      for (String ddl : database.createBlockTable(blocks)) {
        st.execute(ddl);
      }
      st.execute("ANALYZE " + Schema.geojsonTable(layerId));
    }
    long all = Schema.blocks(database, count);
    for (long first = 0; first < all; first += BLOCKS_AT_A_TIME) {
      long[] numbers = new long[(int) Math.min(BLOCKS_AT_A_TIME, all - first)];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = first + i;
      }
      database.writeBlocks(connection, blocks, Schema.geojsonTable(layerId), numbers);
      connection.commit();
    }
  }

  /** Blocks written per statement and commit while a layer's blocks are made: some 100 MB of GeoJSON. */
  private static final int BLOCKS_AT_A_TIME = 1_000;

  private void catalogue(Layer layer, List<LayerInfo.SourceFile> sources, Staged staged, long count)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO catalogue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      Envelope extent = staged.extent();
      ps.setString(1, layer.id());
      ps.setInt(2, order++);
      ps.setString(3, layer.title());
      ps.setString(4, layer.description());
      ps.setString(5, layer.geometryType());
      boolean empty = extent.isNull();
      ps.setObject(6, empty ? null : extent.getMinX());
      ps.setObject(7, empty ? null : extent.getMinY());
      ps.setObject(8, empty ? null : extent.getMaxX());
      ps.setObject(9, empty ? null : extent.getMaxY());
      ps.setObject(10, staged.start());
      ps.setObject(11, staged.end());
      ps.setLong(12, count);
      ps.setString(13, JSON.writeValueAsString(sources));
      ps.setString(14, PLAIN_JSON.writeValueAsString(layer.attributes()));
      ps.setString(15, PLAIN_JSON.writeValueAsString(layer.properties()));
      ps.setString(16, buildId);
      ps.setObject(17, builtAt.atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  /**
   * Records the build, made from the incident records up to {@code included}, and moves the new
   * database over the served one. Any {@link AtlasStore} on this data directory must be closed first.
   */
  public void commit(String fingerprint, String summary, IncludedChange included) {
    try {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO build VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, buildId);
        ps.setObject(2, builtAt.atOffset(ZoneOffset.UTC));
        ps.setString(3, fingerprint);
        ps.setString(4, summary);
        ps.setLong(5, included.seq());
        ps.setString(6, included.incidentId());
        ps.setInt(7, included.version());
        ps.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new StoreException("cannot finish the build in " + database.describe() + ": " + e.getMessage(), e);
    }
    target.publish();
  }

  /** Abandons an uncommitted build; the served layers are untouched. */
  @Override
  public void close() {
    target.close();
  }
}
