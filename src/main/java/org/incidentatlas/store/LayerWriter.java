package org.incidentatlas.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.h2.mvstore.MVStoreTool;
import org.locationtech.jts.geom.Envelope;

/**
 * Writes a complete build into a new database file beside the served one and, on
 * {@link #commit}, moves it into place in one step. A build that fails leaves the served database
 * as it was.
 */
public final class LayerWriter implements AutoCloseable {
  /** Catalogue sources are written with snake_case keys, as the API shows them. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  /** Catalogue entries are read back with the records' own component names. */
  private static final ObjectMapper PLAIN_JSON = new ObjectMapper();
  /** Rows per JDBC batch and per commit while a layer is written. */
  private static final int BATCH = 10_000;

  private final Path dataDir;
  private final Path base;
  private final Connection connection;
  private final String buildId = UUID.randomUUID().toString();
  private final Instant builtAt = Instant.now();
  private int order;

  private LayerWriter(Path dataDir, Path base, Connection connection) {
    this.dataDir = dataDir;
    this.base = base;
    this.connection = connection;
  }

  public static LayerWriter begin(Path dataDir) {
    Path base = dataDir.resolve(AtlasStore.NAME + "-building");
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(AtlasStore.databaseFile(base));
      Connection c = DriverManager.getConnection(AtlasStore.url(base), "", "");
      try (Statement st = c.createStatement()) {
        st.execute(Schema.CATALOGUE);
        st.execute(Schema.BUILD);
        st.execute(SqlFunctions.CREATE);
      }
      c.setAutoCommit(false);
      return new LayerWriter(dataDir, base, c);
    } catch (IOException | SQLException e) {
      throw new StoreException("cannot start a build in " + dataDir + ": " + e.getMessage(), e);
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
      st.execute(Schema.createLayerTables(layer.id(), layer.attributes()));
      st.execute(Schema.createStagingTable(layer.id(), layer.attributes()));
      Staged staged = stage(layer);
      long count = number(layer);
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
        row.bindGeoJsonColumns(ps, row.bindFilterColumns(ps, 2));
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
   * Copies the staged features into the layer's tables in key order, numbering them from 0. The
   * staging table is read a chunk at a time, each chunk a query of its own: a cursor kept open
   * across the copy's commits can lose the pages it reads to the store's clean-up of old versions.
   */
  private long number(Layer layer) throws SQLException {
    int attributes = layer.attributes().size();
    String filterMarks = String.join(", ", Collections.nCopies(4 + attributes, "?"));
    long seq = 0;
    long after = -1;
    try (PreparedStatement read = connection.prepareStatement("SELECT * FROM " + Schema.stagingTable(layer.id())
             + " WHERE k > ? ORDER BY k LIMIT " + BATCH);
         PreparedStatement filterRow = connection.prepareStatement(
             "INSERT INTO " + Schema.table(layer.id()) + " VALUES (" + filterMarks + ")");
         PreparedStatement geojsonRow = connection.prepareStatement(
             "INSERT INTO " + Schema.geojsonTable(layer.id()) + " VALUES (?, ?, ?, ?)")) {
      boolean more = true;
      while (more) {
        read.setLong(1, after);
        more = false;
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            more = true;
            after = rs.getLong(1);
            filterRow.setLong(1, seq);
            for (int column = 2; column <= 4 + attributes; column++) {
              filterRow.setObject(column, rs.getObject(column));
            }
            geojsonRow.setLong(1, seq++);
            geojsonRow.setString(2, rs.getString(5 + attributes));
            geojsonRow.setBytes(3, rs.getBytes(6 + attributes));
            geojsonRow.setBytes(4, rs.getBytes(7 + attributes));
            filterRow.addBatch();
            geojsonRow.addBatch();
          }
        }
        filterRow.executeBatch();
        geojsonRow.executeBatch();
        connection.commit();
      }
    }
    return seq;
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
      try (Statement st = connection.createStatement()) {
        st.execute("SHUTDOWN");
      }
      connection.close();
      // Rewritten whole, the file loses the staging tables' space. Not compressed, unlike H2's
      // SHUTDOWN COMPACT: the file is about three times larger, but inflating pages took nearly
      // half of the time of a whole-layer download.
      MVStoreTool.compact(AtlasStore.databaseFile(base).toString(), false);
      Files.move(AtlasStore.databaseFile(base), AtlasStore.databaseFile(dataDir.resolve(AtlasStore.NAME)),
          StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException | IOException e) {
      throw new StoreException("cannot finish the build in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** Abandons an uncommitted build; the served database is untouched. */
  @Override
  public void close() {
    try {
      if (!connection.isClosed()) {
        connection.close();
        Files.deleteIfExists(AtlasStore.databaseFile(base));
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("cannot discard the unfinished build: " + e.getMessage(), e);
    }
  }
}
