package org.incidentatlas.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.incidentatlas.database.Database;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;

/**
 * Applies a {@link LayerChange} to a built layer inside the caller's transaction. It keeps the
 * layer's invariant that seq numbers the features from 0 without gaps: a new feature takes the
 * next number, and a removed one's number goes to the layer's last feature. Features keep their
 * place in the spatial order otherwise, so paging by offset stays stable across updates.
 *
 * <p>It costs what the change touches: the catalogue's count, extent and days are carried forward
 * from the catalogue row and the rows changed, and read from the whole layer again only when a
 * feature that lay on the extent's edge or on its first or last day moves away or is removed.
 */
final class LayerUpdate {
  private final Connection c;
  private final Database db;
  private final LayerInfo layer;
  private long count;
  private Envelope extent;
  private LocalDate start;
  private LocalDate end;
  /** Whether a feature on the edge of the extent or days was removed or moved. */
  private boolean edgeLost;
  private long rowsWritten;
  private long blocksWritten;
  /** The blocks whose features this update changed, where the engine keeps blocks. */
  private final SortedSet<Long> touched = new TreeSet<>();
  /** What the update does to the points of a point layer, for its point index; null for other layers. */
  private final PointMoves moves;

  LayerUpdate(Connection c, Database db, LayerInfo layer, PointMoves moves) {
    this.c = c;
    this.db = db;
    this.layer = layer;
    this.moves = moves;
  }

  /** Rows of the layer's tables this update inserted, changed or deleted; its blocks apart. */
  long rowsWritten() {
    return rowsWritten;
  }

  /**
   * Rows of the layer's table of blocks this update wrote or deleted: one for each block that holds
   * a feature it changed, and, where it removed features, for the block the layer's last feature
   * left and one emptied at the end.
   */
  long blocksWritten() {
    return blocksWritten;
  }

  void apply(LayerChange change, String revision) throws SQLException {
    readCatalogue();
    for (String fid : change.removed()) {
      Long seq = seqOf(fid);
      if (seq != null) {
        leaving(seq);
        remove(seq);
      }
    }
    for (LayerFeature f : change.upserted()) {
      FeatureRow row = FeatureRow.of(layer.id(), layer.geometryType(), layer.columns(), f);
      Long seq = seqOf(f.id());
      if (seq == null) {
        insert(row, count++);
      } else if (unchanged(row, seq)) {
        continue;
      } else {
        leaving(seq);
        update(row, seq);
      }
      arriving(row);
    }
    if (edgeLost) {
      readExtent();
    }
    writeBlocks();
    catalogue(revision);
  }

  private void touch(long seq) {
    if (db.blockSize() > 0) {
      touched.add(Schema.block(db, seq));
    }
  }

  /**
   * Makes each block that holds a changed feature anew from the rows, in this transaction, so that
   * any snapshot sees blocks and rows agree; and deletes the blocks after the layer's last feature.
   */
  private void writeBlocks() throws SQLException {
    if (touched.isEmpty()) {
      return;
    }
    long kept = Schema.blocks(db, count);
    long[] numbers = touched.headSet(kept).stream().mapToLong(Long::longValue).toArray();
    if (numbers.length > 0) {
      blocksWritten += db.writeBlocks(c, Schema.blockTable(layer.id()), Schema.geojsonTable(layer.id()), numbers);
    }
    if (touched.last() >= kept) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Schema.blockTable(layer.id()) + " WHERE block >= ?")) {
        ps.setLong(1, kept);
        blocksWritten += ps.executeUpdate();
      }
    }
  }

  /** The layer as the catalogue describes it, read in this transaction. */
  private void readCatalogue() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT feature_count, min_lon, min_lat, max_lon, max_lat, t_start, t_end FROM catalogue WHERE id = ?")) {
      ps.setString(1, layer.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no catalogue entry for layer " + layer.id());
        }
        count = rs.getLong(1);
        extent = rs.getObject(2) == null ? new Envelope()
            : new Envelope(rs.getDouble(2), rs.getDouble(4), rs.getDouble(3), rs.getDouble(5));
        start = rs.getObject(6, LocalDate.class);
        end = rs.getObject(7, LocalDate.class);
      }
    }
  }

  /** Notes whether the feature at {@code seq}, about to be removed or changed, lies on an edge. */
  private void leaving(long seq) throws SQLException {
    if (edgeLost) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT geom, t_start, t_end FROM " + Schema.table(layer.id())
        + " WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Envelope e = db.geometry(rs, 1).getEnvelopeInternal();
          LocalDate from = rs.getObject(2, LocalDate.class);
          LocalDate to = rs.getObject(3, LocalDate.class);
          edgeLost = e.getMinX() <= extent.getMinX() || e.getMinY() <= extent.getMinY()
              || e.getMaxX() >= extent.getMaxX() || e.getMaxY() >= extent.getMaxY()
              || (from != null && from.equals(start)) || (to != null && to.equals(end));
        }
      }
    }
  }

  private void arriving(FeatureRow row) {
    extent.expandToInclude(row.geometry().getEnvelopeInternal());
    if (row.start() instanceof LocalDate from) {
      start = start == null || from.isBefore(start) ? from : start;
    }
    if (row.end() instanceof LocalDate to) {
      end = end == null || to.isAfter(end) ? to : end;
    }
  }

  /** The extent and days from every feature of the layer. */
  private void readExtent() throws SQLException {
    Envelope all = db.extent(c, Schema.table(layer.id()));
    extent = all == null ? new Envelope() : all;
    try (PreparedStatement ps = c.prepareStatement("SELECT MIN(t_start), MAX(t_end) FROM " + Schema.table(layer.id()));
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      start = rs.getObject(1, LocalDate.class);
      end = rs.getObject(2, LocalDate.class);
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

  /** Whether the feature at {@code seq} is stored exactly as {@code row} would store it: then nothing is written. */
  private boolean unchanged(FeatureRow row, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT fid, geometry, properties FROM " + Schema.geojsonTable(layer.id())
        + " WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && row.fid().equals(rs.getString(1)) && Arrays.equals(row.geometryJson(), rs.getBytes(2))
            && Arrays.equals(row.propertiesJson(), rs.getBytes(3));
      }
    }
  }

  private void remove(long seq) throws SQLException {
    if (moves != null) {
      moves.remove(seq);
    }
    long last = --count;
    touch(seq);
    touch(last);
    for (String table : List.of(Schema.table(layer.id()), Schema.geojsonTable(layer.id()))) {
      execute("DELETE FROM " + table + " WHERE seq = ?", seq);
      if (seq != last) {
        execute("UPDATE " + table + " SET seq = ? WHERE seq = ?", seq, last);
      }
    }
  }

  private void insert(FeatureRow row, long seq) throws SQLException {
    moved(row, seq);
    touch(seq);
    String marks = String.join(", ", Collections.nCopies(3 + layer.columns().size(), "?"));
    try (PreparedStatement filter = c.prepareStatement("INSERT INTO " + Schema.table(layer.id()) + " VALUES (?, " + marks + ")");
         PreparedStatement geojson = c.prepareStatement("INSERT INTO " + Schema.geojsonTable(layer.id()) + " VALUES (?, ?, ?, ?)")) {
      filter.setLong(1, seq);
      row.bindFilterColumns(filter, 2, db);
      rowsWritten += filter.executeUpdate();
      geojson.setLong(1, seq);
      row.bindGeoJsonColumns(geojson, 2);
      rowsWritten += geojson.executeUpdate();
    }
  }

  private void update(FeatureRow row, long seq) throws SQLException {
    moved(row, seq);
    touch(seq);
    if (db.reinsertsMovedRows()) {
      reinsert(row, seq);
      return;
    }
    String columns = layer.columns().stream().map(a -> ", " + a.column() + " = ?").collect(Collectors.joining());
    try (PreparedStatement filter = c.prepareStatement("UPDATE " + Schema.table(layer.id())
             + " SET geom = ?, t_start = ?, t_end = ?" + columns + " WHERE seq = ?");
         PreparedStatement geojson = c.prepareStatement("UPDATE " + Schema.geojsonTable(layer.id())
             + " SET fid = ?, geometry = ?, properties = ? WHERE seq = ?")) {
      filter.setLong(row.bindFilterColumns(filter, 1, db), seq);
      rowsWritten += filter.executeUpdate();
      geojson.setLong(row.bindGeoJsonColumns(geojson, 1), seq);
      rowsWritten += geojson.executeUpdate();
    }
  }

  /** The change of a feature where the engine keeps its spatial index right only for rows inserted anew. */
  private void reinsert(FeatureRow row, long seq) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + Schema.table(layer.id()) + " WHERE seq = ?")) {
      delete.setLong(1, seq);
      // One row changed, as an update in place counts it: the insert below counts it.
      delete.executeUpdate();
    }
    String marks = String.join(", ", Collections.nCopies(3 + layer.columns().size(), "?"));
    try (PreparedStatement filter = c.prepareStatement("INSERT INTO " + Schema.table(layer.id()) + " VALUES (?, " + marks + ")");
         PreparedStatement geojson = c.prepareStatement("UPDATE " + Schema.geojsonTable(layer.id())
             + " SET fid = ?, geometry = ?, properties = ? WHERE seq = ?")) {
      filter.setLong(1, seq);
      row.bindFilterColumns(filter, 2, db);
      rowsWritten += filter.executeUpdate();
      geojson.setLong(row.bindGeoJsonColumns(geojson, 1), seq);
      rowsWritten += geojson.executeUpdate();
    }
  }

  private void moved(FeatureRow row, long seq) {
    if (moves != null) {
      Coordinate point = row.geometry().getCoordinate();
      moves.put(seq, point.getX(), point.getY());
    }
  }

  /**
   * The layer's catalogue entry after the change: count, extents, and a build id that names the
   * revision, so that caches and citations of the layer tell the two states apart.
   */
  private void catalogue(String revision) throws SQLException {
    boolean empty = extent.isNull();
    try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue SET feature_count = ?, min_lon = ?, min_lat = ?,"
        + " max_lon = ?, max_lat = ?, t_start = ?, t_end = ?, build_id = ?, built_at = ? WHERE id = ?")) {
      ps.setLong(1, count);
      ps.setObject(2, empty ? null : extent.getMinX());
      ps.setObject(3, empty ? null : extent.getMinY());
      ps.setObject(4, empty ? null : extent.getMaxX());
      ps.setObject(5, empty ? null : extent.getMaxY());
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
      rowsWritten += ps.executeUpdate();
    }
  }
}
