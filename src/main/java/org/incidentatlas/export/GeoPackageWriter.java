package org.incidentatlas.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * Writes one feature table into a new GeoPackage file (OGC 12-128r18, version 1.2) with
 * sqlite-jdbc: the required gpkg_spatial_ref_sys, gpkg_contents and gpkg_geometry_columns, and
 * the metadata extension (gpkg_metadata, gpkg_metadata_reference) holding the citation as
 * GDAL-style key-value metadata of the table, which QGIS and ogrinfo show as the layer's
 * metadata, and the R-tree spatial index extension (gpkg_rtree_index), without which a client
 * reads every row of a large layer for each view of the map until it indexes the file itself.
 * Rows are inserted in batches inside one transaction; the file is a scratch copy, so it is
 * written without a journal.
 */
final class GeoPackageWriter implements AutoCloseable {
  static final int WGS84 = 4326;
  private static final int BATCH = 1_000;
  /** The one timestamp form the specification allows, milliseconds included. */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String WGS84_WKT = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
      + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
      + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"
      + "AUTHORITY[\"EPSG\",\"4326\"]]";

  private static final String CORE = """
      CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
      CREATE TABLE gpkg_extensions (
        table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
        scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
      CREATE TABLE gpkg_metadata (
        id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
        md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
      CREATE TABLE gpkg_metadata_reference (
        reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
        timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
        CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
        CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
      INSERT INTO gpkg_spatial_ref_sys VALUES
        ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
        ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
      INSERT INTO gpkg_extensions VALUES
        ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write'),
        ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')""";

  /** A column of the feature table: its name, and which property fills it. */
  record Column(String name, Field field) {
    String sqlType() {
      return GeoPackageWriter.sqlType(field.type());
    }
  }

  private final Connection db;
  private final String table;
  private final PreparedStatement insert;
  private final PreparedStatement index;
  private final Envelope extent = new Envelope();
  private long pending;

  private GeoPackageWriter(Connection db, String table, PreparedStatement insert, PreparedStatement index) {
    this.db = db;
    this.table = table;
    this.insert = insert;
    this.index = index;
  }

  /** The R-tree of a table's geometry column, named as the extension says. */
  private static String rtreeName(String table) {
    return "rtree_" + table + "_geom";
  }

  private static String rtree(String table) {
    return quote(rtreeName(table));
  }

  /**
   * Creates the file with an empty feature table {@code table}: an integer primary key
   * {@code fid}, the geometry column {@code geom}, a text column {@code id} for the feature id,
   * then the given columns.
   */
  static GeoPackageWriter create(Path file, String table, String geometryTypeName, List<Column> columns) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA application_id = 1196444487"); // "GPKG"
      st.execute("PRAGMA user_version = 10200");
      st.execute("PRAGMA journal_mode = OFF");
      st.execute("PRAGMA synchronous = OFF");
      for (String sql : CORE.split(";\n")) {
        st.execute(sql);
      }
      StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(quote(table))
          .append(" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ").append(geometryTypeName).append(", id TEXT");
      StringBuilder marks = new StringBuilder("?, ?, ?");
      StringBuilder names = new StringBuilder("fid, geom, id");
      for (Column c : columns) {
        ddl.append(", ").append(quote(c.name())).append(' ').append(c.sqlType());
        names.append(", ").append(quote(c.name()));
        marks.append(", ?");
      }
      st.execute(ddl.append(')').toString());
      st.execute("CREATE VIRTUAL TABLE " + rtree(table) + " USING rtree(id, minx, maxx, miny, maxy)");
      db.setAutoCommit(false);
      PreparedStatement insert = db.prepareStatement("INSERT INTO " + quote(table) + " (" + names + ") VALUES (" + marks + ")");
      PreparedStatement index = db.prepareStatement("INSERT INTO " + rtree(table) + " VALUES (?, ?, ?, ?, ?)");
      return new GeoPackageWriter(db, table, insert, index);
    } catch (SQLException e) {
      db.close();
      throw e;
    }
  }

  /** The SQLite type GDAL and QGIS read as the field type. */
  static String sqlType(FieldType t) {
    return switch (t) {
      case TEXT -> "TEXT";
      case INTEGER -> "INTEGER";
      case REAL -> "REAL";
      case DATE -> "DATE";
      case BOOLEAN -> "BOOLEAN";
    };
  }

  /** Adds a row; {@code values} are in column order, each a String, Long, Double, Boolean or null. */
  void add(byte[] geometry, Envelope envelope, String id, List<Object> values) throws SQLException {
    long fid = ++pending;
    insert.setLong(1, fid);
    insert.setBytes(2, geometry);
    insert.setString(3, id);
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        insert.setNull(i + 4, Types.NULL);
      } else if (v instanceof Boolean b) {
        insert.setInt(i + 4, b ? 1 : 0);
      } else {
        insert.setObject(i + 4, v);
      }
    }
    insert.addBatch();
    // An empty geometry has no box and no entry in the index.
    if (!envelope.isNull()) {
      index.setLong(1, fid);
      index.setDouble(2, envelope.getMinX());
      index.setDouble(3, envelope.getMaxX());
      index.setDouble(4, envelope.getMinY());
      index.setDouble(5, envelope.getMaxY());
      index.addBatch();
    }
    extent.expandToInclude(envelope);
    if (pending % BATCH == 0) {
      insert.executeBatch();
      index.executeBatch();
    }
  }

  /**
   * The triggers that keep the index up to date when a client edits the file, as the extension
   * defines them. They call the geometry functions a GeoPackage client provides, which this
   * connection has not, so they are made after the rows.
   */
  private void indexTriggers() throws SQLException {
    String t = quote(table);
    String r = rtree(table);
    String name = rtreeName(table);
    String put = "INSERT OR REPLACE INTO " + r + " VALUES (NEW.\"fid\", ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),"
        + " ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\"));";
    String present = "(NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\"))";
    String absent = "(NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\"))";
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TRIGGER " + quote(name + "_insert") + " AFTER INSERT ON " + t
          + " WHEN (new.\"geom\" NOT NULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN " + put + " END");
      st.execute("CREATE TRIGGER " + quote(name + "_update1") + " AFTER UPDATE OF \"geom\" ON " + t
          + " WHEN OLD.\"fid\" = NEW.\"fid\" AND " + present + " BEGIN " + put + " END");
      st.execute("CREATE TRIGGER " + quote(name + "_update2") + " AFTER UPDATE OF \"geom\" ON " + t
          + " WHEN OLD.\"fid\" = NEW.\"fid\" AND " + absent + " BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; END");
      st.execute("CREATE TRIGGER " + quote(name + "_update3") + " AFTER UPDATE ON " + t
          + " WHEN OLD.\"fid\" != NEW.\"fid\" AND " + present + " BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; "
          + put + " END");
      st.execute("CREATE TRIGGER " + quote(name + "_update4") + " AFTER UPDATE ON " + t
          + " WHEN OLD.\"fid\" != NEW.\"fid\" AND " + absent + " BEGIN DELETE FROM " + r
          + " WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END");
      st.execute("CREATE TRIGGER " + quote(name + "_delete") + " AFTER DELETE ON " + t
          + " WHEN old.\"geom\" NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; END");
    }
    try (PreparedStatement extension = db.prepareStatement("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index',"
        + " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')")) {
      extension.setString(1, table);
      extension.executeUpdate();
    }
  }

  /** Registers the table with its extent and the citation, and commits. */
  void finish(String identifier, String description, String geometryTypeName, Instant changed, Map<String, String> metadata)
      throws SQLException {
    String lastChange = TIMESTAMP.format(changed);
    insert.executeBatch();
    index.executeBatch();
    indexTriggers();
    try (PreparedStatement srs = db.prepareStatement("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)")) {
      srs.setString(1, "WGS 84 geodetic");
      srs.setInt(2, WGS84);
      srs.setString(3, "EPSG");
      srs.setInt(4, WGS84);
      srs.setString(5, WGS84_WKT);
      srs.setString(6, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid");
      srs.executeUpdate();
    }
    try (PreparedStatement contents = db.prepareStatement(
        "INSERT INTO gpkg_contents VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)")) {
      contents.setString(1, table);
      contents.setString(2, identifier);
      contents.setString(3, description);
      contents.setString(4, lastChange);
      boolean empty = extent.isNull();
      double[] box = {extent.getMinX(), extent.getMinY(), extent.getMaxX(), extent.getMaxY()};
      for (int i = 0; i < 4; i++) {
        if (empty) {
          contents.setNull(5 + i, Types.DOUBLE);
        } else {
          contents.setDouble(5 + i, box[i]);
        }
      }
      contents.setInt(9, WGS84);
      contents.executeUpdate();
    }
    try (PreparedStatement geometry = db.prepareStatement("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)")) {
      geometry.setString(1, table);
      geometry.setString(2, geometryTypeName);
      geometry.setInt(3, WGS84);
      geometry.executeUpdate();
    }
    try (PreparedStatement md = db.prepareStatement(
        "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (1, 'dataset', 'http://gdal.org', 'text/xml', ?)");
         PreparedStatement ref = db.prepareStatement(
             "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, timestamp, md_file_id) VALUES ('table', ?, ?, 1)")) {
      md.setString(1, gdalMetadata(metadata));
      md.executeUpdate();
      ref.setString(1, table);
      ref.setString(2, lastChange);
      ref.executeUpdate();
    }
    db.commit();
  }

  /**
   * GDAL's metadata document, which GDAL-based tools show as the layer's metadata items. Keys
   * are upper case as GDAL writes its own.
   */
  static String gdalMetadata(Map<String, String> items) {
    StringBuilder xml = new StringBuilder("<GDALMultiDomainMetadata>\n  <Metadata>\n");
    items.forEach((k, v) -> xml.append("    <MDI key=\"").append(escape(k.toUpperCase(Locale.ROOT))).append("\">")
        .append(escape(v)).append("</MDI>\n"));
    return xml.append("  </Metadata>\n</GDALMultiDomainMetadata>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws SQLException {
    try (db; insert) {
      index.close();
    }
  }
}
