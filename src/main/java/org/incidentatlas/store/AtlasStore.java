package org.incidentatlas.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.locationtech.jts.geom.Geometry;

/**
 * The H2 database the atlas serves from: the catalogue and one table per layer. It is written
 * only by {@link LayerWriter}, which builds a new file and swaps it in, so a reader never sees a
 * half-written build.
 */
public final class AtlasStore implements AutoCloseable {
  public static final int SRID = 4326;
  static final String NAME = "atlas";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Receives features as they are read. */
  @FunctionalInterface
  public interface FeatureSink {
    void accept(StoredFeature feature) throws IOException;
  }

  private final JdbcConnectionPool pool;

  private AtlasStore(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /** Opens the database in {@code dataDir}, creating an empty one when there is none. */
  public static AtlasStore open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    return new AtlasStore(JdbcConnectionPool.create(url(dataDir.resolve(NAME)), "", ""));
  }

  /** Lazy execution streams result rows instead of holding a whole layer in memory. */
  static String url(Path base) {
    return "jdbc:h2:file:" + base.toAbsolutePath() + ";LAZY_QUERY_EXECUTION=TRUE";
  }

  static Path databaseFile(Path base) {
    return base.resolveSibling(base.getFileName() + ".mv.db");
  }

  /** Fingerprint of the geodata the current build was made from; empty when nothing is built. */
  public Optional<String> fingerprint() {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT fingerprint FROM build")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return Optional.empty();
      }
      throw new StoreException("cannot read build info: " + e.getMessage(), e);
    }
  }

  /** A database that was never built has no tables: that is a state, not an error. */
  private static boolean isEmptyDatabase(SQLException e) {
    return e.getErrorCode() == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1
        || e.getErrorCode() == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1;
  }

  public List<LayerInfo> layers() {
    return queryLayers("SELECT * FROM catalogue ORDER BY ord", null);
  }

  public Optional<LayerInfo> layer(String id) {
    return queryLayers("SELECT * FROM catalogue WHERE id = ?", id).stream().findFirst();
  }

  private List<LayerInfo> queryLayers(String sql, String id) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (id != null) {
        ps.setString(1, id);
      }
      List<LayerInfo> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(layerInfo(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return List.of();
      }
      throw new StoreException("cannot read catalogue: " + e.getMessage(), e);
    }
  }

  private static LayerInfo layerInfo(ResultSet rs) throws SQLException {
    Double minLon = (Double) rs.getObject("min_lon");
    Bbox bbox = minLon == null ? null
        : new Bbox(minLon, rs.getDouble("min_lat"), rs.getDouble("max_lon"), rs.getDouble("max_lat"));
    List<LayerInfo.SourceFile> sources;
    List<Attribute> attributes;
    try {
      sources = JSON.readValue(rs.getString("sources"), new TypeReference<>() {});
      attributes = JSON.readValue(rs.getString("attributes"), new TypeReference<>() {});
    } catch (IOException e) {
      throw new SQLException("unreadable catalogue entry", e);
    }
    return new LayerInfo(rs.getString("id"), rs.getString("title"), rs.getString("description"),
        rs.getString("geometry_type"), bbox, rs.getObject("t_start", LocalDate.class), rs.getObject("t_end", LocalDate.class),
        rs.getLong("feature_count"), sources, attributes, rs.getString("build_id"),
        rs.getObject("built_at", OffsetDateTime.class).toInstant());
  }

  /** How many features of the layer match the query, ignoring its limit and offset. */
  public long count(LayerInfo layer, FeatureQuery q) {
    Sql where = where(layer, q);
    try (Connection c = pool.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Schema.table(layer.id()) + where.text())) {
      where.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  public Optional<StoredFeature> feature(LayerInfo layer, String fid) {
    String sql = "SELECT fid, geometry_json, properties_json FROM " + Schema.table(layer.id()) + " WHERE fid = ?";
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, fid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new StoredFeature(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read feature " + fid + ": " + e.getMessage(), e);
    }
  }

  /** Streams the matching features in the query's order to {@code sink}, one row at a time. */
  public void stream(LayerInfo layer, FeatureQuery q, FeatureSink sink) throws IOException {
    // OFFSET reads every row before the page, so the last pages of a large layer took longest.
    // Unfiltered and in stored order, the page is the rows from seq = offset on (seq numbers a
    // layer from 0 without gaps), and the primary key finds the first of them at once.
    boolean seek = q.selectsAll() && q.sort().isEmpty() && q.offset() > 0;
    Sql where = seek ? Sql.of(" WHERE seq >= ?", q.offset()) : where(layer, q);
    String sql = "SELECT fid, geometry_json, properties_json FROM " + Schema.table(layer.id())
        + where.text() + orderBy(layer, q.sort()) + " LIMIT ? OFFSET ?";
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int next = where.bind(ps, 1);
      ps.setLong(next, q.limit());
      ps.setLong(next + 1, seek ? 0 : q.offset());
      ps.setFetchSize(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(new StoredFeature(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The sort keys, then seq: seq is unique, so the order is total and a page holds the same
   * features whenever it is asked for. Features without a value come last either way.
   */
  private static String orderBy(LayerInfo layer, List<SortKey> sort) {
    StringBuilder sb = new StringBuilder(" ORDER BY ");
    for (SortKey k : sort) {
      String direction = k.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ";
      if (k.property().equals("datetime") && layer.temporal()) {
        sb.append("t_start").append(direction).append("t_end").append(direction);
        continue;
      }
      Attribute a = layer.attribute(k.property()).filter(Attribute::sortable)
          .orElseThrow(() -> new IllegalArgumentException("not sortable: " + k.property()));
      sb.append(a.column()).append(direction);
    }
    return sb.append("seq").toString();
  }

  /**
   * The box, days, filter parameters and CQL2 condition of the query, all of which must hold. The
   * spatial index compares bounding boxes, which is exact for points only; for lines and polygons
   * the rows it finds are tested against the box itself.
   */
  private static Sql where(LayerInfo layer, FeatureQuery q) {
    List<Sql> terms = new ArrayList<>();
    if (q.bbox() != null) {
      List<Sql> boxes = new ArrayList<>();
      for (Geometry box : q.bbox().polygons()) {
        boxes.add(layer.points() ? Sql.of("geom && ?", box)
            : Sql.of("(geom && ? AND atlas_spatial('INTERSECTS', geom, ?))", box, box));
      }
      terms.add(Sql.join("OR", boxes));
    }
    if (q.time() != null) {
      if (q.time().end() != null) {
        terms.add(Sql.of("t_start <= ?", q.time().end()));
      }
      if (q.time().start() != null) {
        terms.add(Sql.of("t_end >= ?", q.time().start()));
      }
    }
    for (PropertyFilter f : q.filters()) {
      terms.add(new Sql(f.sql(), f.params()));
    }
    if (q.condition() != null) {
      terms.add(q.condition().sql);
    }
    if (terms.isEmpty()) {
      return Sql.of("");
    }
    Sql all = Sql.join("AND", terms);
    return new Sql(" WHERE " + all.text(), all.params());
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
