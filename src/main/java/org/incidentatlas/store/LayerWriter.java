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
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.LayerTarget;
import org.locationtech.jts.geom.Envelope;

/**
 * Writes a complete build beside the served layers (a new file of the embedded store, a new schema
 * in PostgreSQL) and, on {@link #commit}, puts it in their place in one step. A build that fails
 * leaves the served layers as they were.
 */
public final class LayerWriter implements AutoCloseable {
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
    try (Statement st = connection.createStatement()) {
      for (String ddl : Schema.createLayerTables(database, layer.id(), layer.attributes())) {
        st.execute(ddl);
      }
      Staged staged;
      long count;
      if (target.scratch() != null) {
        try (FeatureSort sort = new FeatureSort(target.scratch(), layer.id(), layer.attributes(), FeatureSort.RUN_BYTES)) {
          staged = stage(layer, sort::add);
          count = insertSorted(layer, sort.sorted());
        }
      } else {
        st.execute(Schema.createStagingTable(database, layer.id(), layer.attributes()));
        staged = stageInTable(layer);
        count = number(layer);
        st.execute("DROP TABLE " + Schema.stagingTable(layer.id()));
      }
      // After the rows, each index in one sorted pass over the filled table: kept up row by row, H2
      // wrote every entry twice (written, then marked committed) at a random place in its tree, and
      // PostgreSQL's GiST index and B-trees come out larger and slower to make
      // (docs/benchmarks.md, The build).
      for (String ddl : Schema.createLayerIndexes(database, layer.id(), layer.attributes())) {
        st.execute(ddl);
      }
      catalogue(layer, sources, staged, count);
      connection.commit();
      return count;
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot write layer " + layer.id() + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // The message names the run file; its cause (a full disk, a file cut short) may not.
      throw new StoreException("cannot write layer " + layer.id() + ": " + e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
  }

  /** What is known of a layer once it is staged: its extent in space and time. */
  private record Staged(Envelope extent, LocalDate start, LocalDate end) {}

  /** Takes a feature's row with its key in the layer's order. */
  private interface RowSink {
    void add(long key, FeatureRow row) throws SQLException;
  }

  private Staged stage(Layer layer, RowSink sink) throws SQLException {
    Envelope extent = new Envelope();
    LocalDate start = null;
    LocalDate end = null;
    long arrival = 0;
    for (LayerFeature f : layer.features()) {
      FeatureRow row = FeatureRow.of(layer, f);
      extent.expandToInclude(row.geometry().getEnvelopeInternal());
      if (f.start() != null) {
        start = start == null || f.start().isBefore(start) ? f.start() : start;
        end = end == null || f.end().isAfter(end) ? f.end() : end;
      }
      sink.add(SpatialOrder.stagingKey(row.geometry(), arrival++), row);
    }
    return new Staged(extent, start, end);
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

  private Staged stageInTable(Layer layer) throws SQLException {
    int width = 4 + layer.attributes().size() + 3;
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Schema.stagingTable(layer.id())
        + " VALUES (" + String.join(", ", Collections.nCopies(width, "?")) + ")")) {
      long[] added = {0};
      Staged staged = stage(layer, (key, row) -> {
        ps.setLong(1, key);
        row.bindGeoJsonColumns(ps, row.bindFilterColumns(ps, 2, database));
        ps.addBatch();
        if (++added[0] % BATCH == 0) {
          send(ps);
        }
      });
      send(ps);
      return staged;
    }
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

  private void catalogue(Layer layer, List<LayerInfo.SourceFile> sources, Staged staged, long count)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO catalogue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
      ps.setString(15, buildId);
      ps.setObject(16, builtAt.atOffset(ZoneOffset.UTC));
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
