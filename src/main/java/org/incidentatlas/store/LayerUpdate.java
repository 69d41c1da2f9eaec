package org.incidentatlas.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Applies a {@link LayerChange} to a built layer inside the caller's transaction. It keeps the
 * layer's invariant that seq numbers the features from 0 without gaps: a new feature takes the
 * next number, and a removed one's number goes to the layer's last feature. Features keep their
 * place in the spatial order otherwise, so paging by offset stays stable across updates.
 */
final class LayerUpdate {
  private final Connection c;
  private final LayerInfo layer;
  private long count;

  LayerUpdate(Connection c, LayerInfo layer) {
    this.c = c;
    this.layer = layer;
  }

  void apply(LayerChange change, String revision) throws SQLException {
    count = countRows();
    for (String fid : change.removed()) {
      Long seq = seqOf(fid);
      if (seq != null) {
        remove(seq);
      }
    }
    for (LayerFeature f : change.upserted()) {
      FeatureRow row = FeatureRow.of(layer.id(), layer.geometryType(), layer.attributes(), f);
      Long seq = seqOf(f.id());
      if (seq == null) {
        insert(row, count++);
      } else {
        update(row, seq);
      }
    }
    catalogue(revision);
  }

  private long countRows() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Schema.geojsonTable(layer.id()));
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Long seqOf(String fid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM " + Schema.geojsonTable(layer.id()) + " WHERE fid = ?")) {
      ps.setString(1, fid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private void remove(long seq) throws SQLException {
    long last = --count;
    for (String table : List.of(Schema.table(layer.id()), Schema.geojsonTable(layer.id()))) {
      execute("DELETE FROM " + table + " WHERE seq = ?", seq);
      if (seq != last) {
        execute("UPDATE " + table + " SET seq = ? WHERE seq = ?", seq, last);
      }
    }
  }

  private void insert(FeatureRow row, long seq) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(3 + layer.attributes().size(), "?"));
    try (PreparedStatement filter = c.prepareStatement("INSERT INTO " + Schema.table(layer.id()) + " VALUES (?, " + marks + ")");
         PreparedStatement geojson = c.prepareStatement("INSERT INTO " + Schema.geojsonTable(layer.id()) + " VALUES (?, ?, ?, ?)")) {
      filter.setLong(1, seq);
      row.bindFilterColumns(filter, 2);
      filter.executeUpdate();
      geojson.setLong(1, seq);
      row.bindGeoJsonColumns(geojson, 2);
      geojson.executeUpdate();
    }
  }

  private void update(FeatureRow row, long seq) throws SQLException {
    String columns = layer.attributes().stream().map(a -> ", " + a.column() + " = ?").collect(Collectors.joining());
    try (PreparedStatement filter = c.prepareStatement("UPDATE " + Schema.table(layer.id())
             + " SET geom = ?, t_start = ?, t_end = ?" + columns + " WHERE seq = ?");
         PreparedStatement geojson = c.prepareStatement("UPDATE " + Schema.geojsonTable(layer.id())
             + " SET fid = ?, geometry = ?, properties = ? WHERE seq = ?")) {
      filter.setLong(row.bindFilterColumns(filter, 1), seq);
      filter.executeUpdate();
      geojson.setLong(row.bindGeoJsonColumns(geojson, 1), seq);
      geojson.executeUpdate();
    }
  }

  /**
   * The layer's catalogue entry after the change: count, extents, and a build id that names the
   * revision, so that caches and citations of the layer tell the two states apart.
   */
  private void catalogue(String revision) throws SQLException {
    Envelope extent = null;
    Object start;
    Object end;
    try (PreparedStatement ps = c.prepareStatement("SELECT ENVELOPE(geom), MIN(t_start), MAX(t_end) FROM "
        + Schema.table(layer.id())); ResultSet rs = ps.executeQuery()) {
      rs.next();
      Geometry envelope = rs.getObject(1, Geometry.class);
      if (envelope != null) {
        extent = envelope.getEnvelopeInternal();
      }
      start = rs.getObject(2);
      end = rs.getObject(3);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue SET feature_count = ?, min_lon = ?, min_lat = ?,"
        + " max_lon = ?, max_lat = ?, t_start = ?, t_end = ?, build_id = ?, built_at = ? WHERE id = ?")) {
      ps.setLong(1, count);
      ps.setObject(2, extent == null ? null : extent.getMinX());
      ps.setObject(3, extent == null ? null : extent.getMinY());
      ps.setObject(4, extent == null ? null : extent.getMaxX());
      ps.setObject(5, extent == null ? null : extent.getMaxY());
      ps.setObject(6, start);
      ps.setObject(7, end);
      ps.setString(8, revision);
      ps.setObject(9, Instant.now().atOffset(ZoneOffset.UTC));
      ps.setString(10, layer.id());
      ps.executeUpdate();
    }
  }

  private void execute(String sql, long... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setLong(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }
}
