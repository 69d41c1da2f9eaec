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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * Writes a complete build into a new database file beside the served one and, on
 * {@link #commit}, moves it into place in one step. A build that fails leaves the served database
 * as it was.
 */
public final class LayerWriter implements AutoCloseable {
  /** Properties are written as they stand; record components become snake_case keys. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  /** Catalogue entries are read back with the records' own component names. */
  private static final ObjectMapper PLAIN_JSON = new ObjectMapper();
  /** Six decimals of a degree are about 0.1 m: finer than any source. */
  private static final int DECIMALS = 6;

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
      Connection c = DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath(), "", "");
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

  /** Writes one layer and its catalogue entry; returns the number of features written. */
  public long write(Layer layer, List<LayerInfo.SourceFile> sources) {
    String table = Schema.table(layer.id());
    Envelope extent = new Envelope();
    LocalDate start = null;
    LocalDate end = null;
    long seq = 0;
    GeoJsonWriter geojson = new GeoJsonWriter(DECIMALS);
    geojson.setEncodeCRS(false);
    try (Statement st = connection.createStatement()) {
      st.execute(Schema.layerTable(table, layer.attributes()));
      StringBuilder columns = new StringBuilder("seq, fid, geom, t_start, t_end, geometry_json, properties_json");
      StringBuilder marks = new StringBuilder("?, ?, ?, ?, ?, ?, ?");
      for (Attribute a : layer.attributes()) {
        columns.append(", ").append(a.column());
        marks.append(", ?");
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
        for (LayerFeature f : layer.features()) {
          Geometry g = f.geometry().copy();
          g.setSRID(AtlasStore.SRID);
          if (!g.getGeometryType().equals(layer.geometryType())) {
            throw new IllegalArgumentException("layer " + layer.id() + " holds " + layer.geometryType()
                + ", feature " + f.id() + " is a " + g.getGeometryType());
          }
          extent.expandToInclude(g.getEnvelopeInternal());
          if (f.start() != null) {
            start = start == null || f.start().isBefore(start) ? f.start() : start;
            end = end == null || f.end().isAfter(end) ? f.end() : end;
          }
          ps.setLong(1, seq++);
          ps.setString(2, f.id());
          ps.setObject(3, g);
          ps.setObject(4, f.start());
          ps.setObject(5, f.end());
          ps.setString(6, geojson.write(g));
          ps.setString(7, JSON.writeValueAsString(f.properties()));
          int column = 8;
          for (Attribute a : layer.attributes()) {
            ps.setObject(column++, a.valueOf(f.properties()));
          }
          ps.addBatch();
          // The file only goes live on commit(), so committing in chunks costs no atomicity and
          // keeps H2 from carrying the whole layer as one open transaction.
          if (seq % 10_000 == 0) {
            ps.executeBatch();
            connection.commit();
          }
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO catalogue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        ps.setObject(10, start);
        ps.setObject(11, end);
        ps.setLong(12, seq);
        ps.setString(13, JSON.writeValueAsString(sources));
        ps.setString(14, PLAIN_JSON.writeValueAsString(layer.attributes()));
        ps.setString(15, buildId);
        ps.setObject(16, builtAt.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
      }
      connection.commit();
      return seq;
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot write layer " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records the build and moves the new database over the served one. Any {@link AtlasStore} on
   * this data directory must be closed first.
   */
  public void commit(String fingerprint, String summary) {
    try {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO build VALUES (?, ?, ?, ?)")) {
        ps.setString(1, buildId);
        ps.setObject(2, builtAt.atOffset(ZoneOffset.UTC));
        ps.setString(3, fingerprint);
        ps.setString(4, summary);
        ps.executeUpdate();
      }
      connection.commit();
      try (Statement st = connection.createStatement()) {
        st.execute("SHUTDOWN COMPACT");
      }
      connection.close();
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
