package org.incidentatlas.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
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
   * go first into a staging table keyed by their place in {@link SpatialOrder}, then into the
   * layer's tables in that order: the layer is never held in memory, not even to sort it.
   */
  public long write(Layer layer, List<LayerInfo.SourceFile> sources) {
    try (Statement st = connection.createStatement()) {
      for (String ddl : Schema.createLayerTables(database, layer.id(), layer.attributes())) {
        st.execute(ddl);
      }
      List<String> indexes = Schema.createLayerIndexes(database, layer.id(), layer.attributes());
      if (!database.indexesAfterLoad()) {
        for (String ddl : indexes) {
          st.execute(ddl);
        }
      }
      st.execute(Schema.createStagingTable(database, layer.id(), layer.attributes()));
      Staged staged = stage(layer);
      long count = number(layer);
      if (database.indexesAfterLoad()) {
        for (String ddl : indexes) {
          st.execute(ddl);
        }
      }
      st.execute("DROP TABLE " + Schema.stagingTable(layer.id()));
      catalogue(layer, sources, staged, count);
      connection.commit();
      return count;
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot write layer " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /** What is known of a layer once it is staged: its extent in space and time. */
  private record Staged(Envelope extent, LocalDate start, LocalDate end) {}

  private Staged stage(Layer layer) throws SQLException, JsonProcessingException {
    Envelope extent = new Envelope();
    LocalDate start = null;
    LocalDate end = null;
    long arrival = 0;
    int width = 4 + layer.attributes().size() + 3;
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Schema.stagingTable(layer.id())
        + " VALUES (" + String.join(", ", Collections.nCopies(width, "?")) + ")")) {
      for (LayerFeature f : layer.features()) {
        FeatureRow row = FeatureRow.of(layer, f);
        extent.expandToInclude(row.geometry().getEnvelopeInternal());
        if (f.start() != null) {
          start = start == null || f.start().isBefore(start) ? f.start() : start;
          end = end == null || f.end().isAfter(end) ? f.end() : end;
        }
        ps.setLong(1, SpatialOrder.stagingKey(row.geometry(), arrival++));
        row.bindGeoJsonColumns(ps, row.bindFilterColumns(ps, 2, database));
        ps.addBatch();
        // The file only goes live on commit(), so committing in chunks costs no atomicity and
        // keeps H2 from carrying the whole layer as one open transaction.
        if (arrival % BATCH == 0) {
          ps.executeBatch();
          connection.commit();
        }
      }
      ps.executeBatch();
      connection.commit();
    }
    return new Staged(extent, start, end);
  }

  /**
   * Copies the staged features into the layer's tables in key order, numbering them from 0, a
   * chunk of keys at a time and inside the database: a cursor kept open across the copy's commits
   * can lose the pages it reads to H2's clean-up of old versions, and rows never travel through
   * the client.
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
