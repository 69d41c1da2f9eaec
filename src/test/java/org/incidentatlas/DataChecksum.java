package org.incidentatlas;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;

/**
 * What a data directory holds, table by table: the row count and SHA-256 of every row of every
 * table, read in primary-key order, of the records ({@code records.mv.db}: users, tokens,
 * incidents, versions, external ids) and of the served layers ({@code atlas.mv.db}: each layer's
 * tables in {@code seq} order, the catalogue, the build). Two equal results mean nothing stored
 * has changed; an unequal one names the tables that did.
 *
 * <p>The files are opened with the URLs the server uses, so a test may read them while the
 * server runs in the same JVM: H2 gives a second connection to the database already open. On
 * PostgreSQL the same names stand for the tables of the schemas {@code atlas} (records) and
 * {@code atlas_layers} (layers). Sequences are left out: a refused write may have drawn a number
 * it never used.
 */
public final class DataChecksum {
  private DataChecksum() {}

  /** Every table of both databases of {@code dataDir}, as {@code records.<table>} and {@code atlas.<table>}. */
  public static Map<String, String> of(Path dataDir) {
    Map<String, String> all = new TreeMap<>();
    tables(H2Database.recordsUrl(dataDir)).forEach((table, sum) -> all.put("records." + table, sum));
    tables(H2Database.layersUrl(dataDir)).forEach((table, sum) -> all.put("atlas." + table, sum));
    return all;
  }

  /** The same for the atlas {@code config} serves, on H2 or PostgreSQL. */
  public static Map<String, String> of(AtlasConfig config) {
    DatabaseUrl db = config.database();
    if (db == null) {
      return of(config.dataDir());
    }
    Map<String, String> all = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      tables(c, "atlas").forEach((table, sum) -> all.put("records." + table, sum));
      tables(c, "atlas_layers").forEach((table, sum) -> all.put("atlas." + table, sum));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + db, e);
    }
    return all;
  }

  /** Each table of the database at {@code jdbcUrl}: {@code rows=<n> sha256=<hex>}. */
  public static Map<String, String> tables(String jdbcUrl) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "", "")) {
      return tables(c, "PUBLIC");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + jdbcUrl, e);
    }
  }

  private static Map<String, String> tables(Connection c, String schema) throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    for (String table : tableNames(c, schema)) {
      sums.put(table.toLowerCase(Locale.ROOT), checksum(c, schema, table));
    }
    return sums;
  }

  private static List<String> tableNames(Connection c, String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  /** The columns of the table's primary key, in key order; every column when it has none. */
  private static List<String> keyColumns(Connection c, String schema, String table) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t"
        + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA"
        + " AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
        + " AND k.TABLE_NAME = t.TABLE_NAME"
        + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? AND t.CONSTRAINT_TYPE = 'PRIMARY KEY'"
        + " ORDER BY k.ORDINAL_POSITION")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(quoted(rs.getString(1)));
        }
      }
    }
    if (key.isEmpty()) {
      key.add("1");
    }
    return key;
  }

  private static String checksum(Connection c, String schema, String table) throws SQLException {
    MessageDigest sha = sha256();
    long rows = 0;
    String sql = "SELECT * FROM " + quoted(schema) + "." + quoted(table) + " ORDER BY "
        + String.join(", ", keyColumns(c, schema, table));
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        update(sha, meta.getColumnName(i));
      }
      while (rs.next()) {
        rows++;
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          byte[] bytes = binary(meta, i) ? rs.getBytes(i)
              : rs.getString(i) == null ? null : rs.getString(i).getBytes(StandardCharsets.UTF_8);
          // Length first, so that no two rows run together into the same bytes.
          update(sha, bytes == null ? "null" : String.valueOf(bytes.length));
          if (bytes != null) {
            sha.update(bytes);
          }
        }
      }
    }
    return "rows=" + rows + " sha256=" + HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Byte columns, and H2's geometries (as EWKB, exact where text would round), are read as bytes;
   * PostGIS gives its geometries as hexadecimal EWKB text, exact as it is.
   */
  private static boolean binary(ResultSetMetaData meta, int column) throws SQLException {
    return switch (meta.getColumnType(column)) {
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
      default -> meta.getColumnTypeName(column).startsWith("GEOMETRY");
    };
  }

  private static void update(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
