package org.incidentatlas.store;

import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.database.Database;
import java.util.regex.Pattern;

/** The database schema. Each layer gets its own table; the catalogue describes them. */
final class Schema {
  private static final Pattern LAYER_ID = Pattern.compile("[a-z][a-z0-9_]{0,40}");

  private Schema() {}

  static final String CATALOGUE = """
      CREATE TABLE catalogue (
        id VARCHAR(64) PRIMARY KEY,
        ord INT NOT NULL,
        title VARCHAR NOT NULL,
        description VARCHAR NOT NULL,
        geometry_type VARCHAR(32) NOT NULL,
        min_lon DOUBLE PRECISION, min_lat DOUBLE PRECISION, max_lon DOUBLE PRECISION, max_lat DOUBLE PRECISION,
        t_start DATE, t_end DATE,
        feature_count BIGINT NOT NULL,
        sources VARCHAR NOT NULL,
        attributes VARCHAR NOT NULL,
        properties VARCHAR NOT NULL,
        build_id VARCHAR(64) NOT NULL,
        built_at TIMESTAMP WITH TIME ZONE NOT NULL
      )""";

  static final String BUILD = """
      CREATE TABLE build (
        id VARCHAR(64) PRIMARY KEY,
        built_at TIMESTAMP WITH TIME ZONE NOT NULL,
        fingerprint VARCHAR(64) NOT NULL,
        summary VARCHAR NOT NULL,
        records_seq BIGINT NOT NULL,
        records_incident VARCHAR(64) NOT NULL,
        records_version INT NOT NULL
      )""";

  /**
   * A layer is two tables sharing {@code seq}: {@code layer_<id>} holds what filters and orders
   * (geometry for the spatial index, days, one column per attribute) and {@code geojson_<id>}
   * the feature as it is sent, pre-serialised as UTF-8 bytes. Queries select on the narrow rows and
   * read the wide ones only for the features they return, and a whole-layer download reads the
   * GeoJSON table alone, in key order.
   *
   * <p>seq gives every feature a fixed place in the layer's order, so that offset paging neither
   * repeats nor skips; it counts from 0 without gaps, so an unfiltered page starts at seq = offset.
   * Features are numbered along a Hilbert curve through their positions ({@link SpatialOrder}):
   * H2 keeps a table's rows in primary-key order, so the rows of a small box lie together in few
   * pages instead of all over the file. Where the engine reinserts moved rows
   * ({@link Database#reinsertsMovedRows}), the filter table's key is the engine's own row key, in
   * the order the build wrote the rows, which is seq's, and seq is a unique index beside it.
   */
  static List<String> createLayerTables(Database db, String layerId, List<Attribute> attributes) {
    String table = table(layerId);
    String geojson = geojsonTable(layerId);
    String key = db.reinsertsMovedRows() ? "seq BIGINT NOT NULL, " : "seq BIGINT PRIMARY KEY, ";
    return List.of("CREATE TABLE " + table + " (" + key + filterColumns(db) + columns(attributes) + ")",
        "CREATE TABLE " + geojson + " (seq BIGINT PRIMARY KEY, " + geojsonColumns(db) + ")");
  }

  /** The indexes of a layer's two tables besides their keys: by id, box, days and each attribute. */
  static List<String> createLayerIndexes(Database db, String layerId, List<Attribute> attributes) {
    String table = table(layerId);
    String geojson = geojsonTable(layerId);
    List<String> out = new ArrayList<>();
    out.add("CREATE UNIQUE INDEX " + geojson + "_fid ON " + geojson + "(fid)");
    // Where seq is not the row key, the indexes that select keys carry it, so that selecting
    // seq through them does not read each row: without, a page of a filter took four times as long.
    String seq = "";
    if (db.reinsertsMovedRows()) {
      out.add("CREATE UNIQUE INDEX " + seqIndex(layerId) + " ON " + table + "(seq)");
      seq = ", seq";
    }
    out.add(db.spatialIndex(spatialIndex(layerId), table, "geom"));
    out.add("CREATE INDEX " + table + "_time ON " + table + "(t_start, t_end" + seq + ")");
    for (Attribute a : attributes) {
      if (a.type() != Attribute.Type.TEXT_LIST) {
        out.add("CREATE INDEX " + columnIndex(layerId, a.column()) + " ON " + table + "(" + a.column() + seq + ")");
      }
    }
    return out;
  }

  /**
   * Where {@link LayerWriter} collects a layer before numbering it: keyed by position on the
   * Hilbert curve (and arrival, to keep keys unique), so that reading it in key order gives the
   * layer's final order. Only a build without a scratch directory to sort in stages in a table,
   * PostgreSQL's: unlogged, no write-ahead log for some 2 GB of staged rows of a layer of
   * 1,000,000 incidents, which a build that dies writes again anyway.
   */
  static String createStagingTable(Database db, String layerId, List<Attribute> attributes) {
    return "CREATE UNLOGGED TABLE %s (\n  k BIGINT PRIMARY KEY,\n  %s,\n  %s\n)".formatted(stagingTable(layerId),
        filterColumns(db) + columns(attributes), geojsonColumns(db));
  }

  /** The filter table's columns after seq, before the attributes; the staging table has them too. */
  static String filterColumns(Database db) {
    return "geom " + db.geometryColumn() + " NOT NULL, t_start DATE, t_end DATE";
  }

  /**
   * Bytes rather than text: they go to the response as they are, never decoded into Java strings
   * and encoded again. In the GeoJSON table fid gets a unique index, where a feature is looked up
   * by id; the staging table, dropped after the copy, goes without.
   */
  static String geojsonColumns(Database db) {
    return "fid VARCHAR(128) NOT NULL, geometry " + db.bytesColumn() + " NOT NULL, properties " + db.bytesColumn() + " NOT NULL";
  }

  private static String columns(List<Attribute> attributes) {
    StringBuilder columns = new StringBuilder();
    for (Attribute a : attributes) {
      columns.append(", ").append(a.column()).append(' ').append(a.sqlType());
    }
    return columns.toString();
  }

  static String table(String layerId) {
    return "layer_" + checked(layerId);
  }

  /** The index of a column of a layer's filter table. */
  static String columnIndex(String layerId, String column) {
    return table(layerId) + "_" + column;
  }

  /** The index of a layer's filter table by seq, where seq is not its row key ({@link Database#reinsertsMovedRows}). */
  static String seqIndex(String layerId) {
    return table(layerId) + "_seq";
  }

  /** The index of a layer's filter table by box. */
  static String spatialIndex(String layerId) {
    return table(layerId) + "_geom";
  }

  static String geojsonTable(String layerId) {
    return "geojson_" + checked(layerId);
  }

  /**
   * Where the engine keeps blocks ({@link Database#blockSize}), the layer's features once more, in
   * blocks of consecutive seq, for reading the layer whole: a row per block, made from the GeoJSON
   * table after the build and again for each block an update touches, in its transaction.
   */
  static String blockTable(String layerId) {
    return "geojson_blocks_" + checked(layerId);
  }

  /** The block that holds the feature at {@code seq}. */
  static long block(Database db, long seq) {
    return seq / db.blockSize();
  }

  /** How many blocks hold {@code count} features. */
  static long blocks(Database db, long count) {
    return (count + db.blockSize() - 1) / db.blockSize();
  }

  static String stagingTable(String layerId) {
    return "staging_" + checked(layerId);
  }

  /** Layer ids go into table names, so they are held to letters, digits and underscores. */
  private static String checked(String layerId) {
    if (!LAYER_ID.matcher(layerId).matches()) {
      throw new IllegalArgumentException("not a layer id: " + layerId);
    }
    return layerId;
  }
}
