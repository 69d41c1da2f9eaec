package org.incidentatlas.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Copies every table of the records from one database to another, row by row in one transaction
 * of the target, and checks the copy: each table's row count and checksum must be the same on
 * both sides before the copy is committed. The checksum adds up a SHA-256 of every row's values,
 * so it does not depend on the order either engine returns rows in.
 */
public final class RecordsCopy {
  private static final int BATCH = 1_000;

  /** A column and how its values are read the same from either engine. */
  private record Column(String name, Kind kind) {}

  private enum Kind { TEXT, NUMBER, REAL, DAY, TIME, BYTES }

  private record Table(String name, List<Column> columns) {}

  /** In the order rows can be inserted: users before the tokens that name them. */
  private static final List<Table> TABLES = List.of(
      new Table("users", List.of(text("name"), text("role"), time("created_at"))),
      new Table("tokens", List.of(text("hash"), text("user_name"), time("created_at"), time("revoked_at"))),
      new Table("incidents", List.of(text("id"), number("version"), text("status"), text("created_by"),
          number("change_seq"), number("served_version"), text("event_type"), day("day_from"), day("day_to"),
          real("lon"), real("lat"), text("place_id"))),
      new Table("versions", List.of(text("incident_id"), number("version"), number("change_seq"), text("status"),
          text("reason"), text("author"), time("written_at"), text("note"), text("changed"), bytes("record"))),
      new Table("external_ids", List.of(text("dataset"), text("external_id"), text("incident_id"))));

  /** What one table holds on one side: its rows and their checksum. */
  public record Contents(String table, long rows, String checksum) {}

  /** Both sides of the copy, table by table. */
  public record Result(List<Contents> source, List<Contents> target) {
    public boolean same() {
      return source.equals(target);
    }
  }

  private RecordsCopy() {}

  /**
   * Copies the records of {@code from} into {@code to}, which must hold none. Nothing is written
   * when the counts or checksums of the copy disagree with the source.
   *
   * @throws IllegalStateException when the target holds records, or the copy is not the same
   */
  public static Result copy(RecordsDb from, RecordsDb to) {
    return to.transaction(target -> {
      for (Table t : TABLES) {
        if (count(target, t) > 0) {
          throw new IllegalStateException(to.database().describe() + " already holds " + t.name()
              + ": the records are copied into a database that has none");
        }
      }
      List<Contents> source = from.read(c -> {
        c.setAutoCommit(false);
        try {
          List<Contents> out = new ArrayList<>();
          for (Table t : TABLES) {
            out.add(copyTable(c, target, t));
          }
          return out;
        } finally {
          c.rollback();
          c.setAutoCommit(true);
        }
      });
      long lastChange;
      try (Statement st = target.createStatement();
           ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(change_seq), 0) FROM versions")) {
        rs.next();
        lastChange = rs.getLong(1);
      }
      if (lastChange > 0) {
        try (PreparedStatement ps = target.prepareStatement("SELECT setval('change_seq', ?)")) {
          ps.setLong(1, lastChange);
          ps.executeQuery().close();
        }
      }
      List<Contents> copied = new ArrayList<>();
      for (Table t : TABLES) {
        copied.add(contents(target, t));
      }
      Result result = new Result(source, copied);
      if (!result.same()) {
        throw new IllegalStateException("the copy differs from the source, so nothing was written: source " + source
            + ", copy " + copied);
      }
      return result;
    });
  }

  /** The row count and checksum of every table of {@code db}. */
  public static List<Contents> contents(RecordsDb db) {
    return db.read(c -> {
      List<Contents> out = new ArrayList<>();
      for (Table t : TABLES) {
        out.add(contents(c, t));
      }
      return out;
    });
  }

  private static long count(Connection c, Table t) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.name())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Contents copyTable(Connection from, Connection to, Table t) throws SQLException {
    Checksum sum = new Checksum();
    String columns = String.join(", ", t.columns().stream().map(Column::name).toList());
    String marks = String.join(", ", Collections.nCopies(t.columns().size(), "?"));
    try (Statement read = from.createStatement();
         PreparedStatement write = to.prepareStatement("INSERT INTO " + t.name() + " (" + columns + ") VALUES (" + marks + ")")) {
      read.setFetchSize(BATCH);
      try (ResultSet rs = read.executeQuery("SELECT " + columns + " FROM " + t.name())) {
        int pending = 0;
        while (rs.next()) {
          Object[] row = row(rs, t);
          for (int i = 0; i < row.length; i++) {
            write.setObject(i + 1, row[i]);
          }
          write.addBatch();
          sum.add(row);
          if (++pending == BATCH) {
            write.executeBatch();
            pending = 0;
          }
        }
        write.executeBatch();
      }
    }
    return new Contents(t.name(), sum.rows, sum.hex());
  }

  private static Contents contents(Connection c, Table t) throws SQLException {
    Checksum sum = new Checksum();
    String columns = String.join(", ", t.columns().stream().map(Column::name).toList());
    try (Statement st = c.createStatement()) {
      st.setFetchSize(BATCH);
      try (ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + t.name())) {
        while (rs.next()) {
          sum.add(row(rs, t));
        }
      }
    }
    return new Contents(t.name(), sum.rows, sum.hex());
  }

  /** A row's values as either engine's driver binds them again. */
  private static Object[] row(ResultSet rs, Table t) throws SQLException {
    Object[] row = new Object[t.columns().size()];
    for (int i = 0; i < row.length; i++) {
      int column = i + 1;
      row[i] = switch (t.columns().get(i).kind()) {
        case TEXT -> rs.getString(column);
        case NUMBER -> rs.getObject(column) == null ? null : rs.getLong(column);
        case REAL -> rs.getObject(column) == null ? null : rs.getDouble(column);
        case DAY -> rs.getObject(column, java.time.LocalDate.class);
        case TIME -> rs.getObject(column, OffsetDateTime.class);
        case BYTES -> rs.getBytes(column);
      };
    }
    return row;
  }

  /** The sum, modulo 2^64, of the first eight bytes of each row's SHA-256. */
  private static final class Checksum {
    private final MessageDigest sha256;
    private long sum;
    private long rows;

    Checksum() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(Object[] row) {
      for (Object v : row) {
        byte[] bytes = v == null ? new byte[0] : v instanceof byte[] b ? b
            : (v instanceof OffsetDateTime t ? t.toInstant().toString() : v.toString()).getBytes(StandardCharsets.UTF_8);
        // Length first, and -1 for null, so that no two rows give the same input.
        sha256.update(ByteBuffer.allocate(4).putInt(v == null ? -1 : bytes.length).array());
        sha256.update(bytes);
      }
      sum += ByteBuffer.wrap(sha256.digest()).getLong();
      rows++;
    }

    String hex() {
      return HexFormat.of().toHexDigits(sum);
    }
  }

  private static Column text(String name) {
    return new Column(name, Kind.TEXT);
  }

  private static Column number(String name) {
    return new Column(name, Kind.NUMBER);
  }

  private static Column real(String name) {
    return new Column(name, Kind.REAL);
  }

  private static Column day(String name) {
    return new Column(name, Kind.DAY);
  }

  private static Column time(String name) {
    return new Column(name, Kind.TIME);
  }

  private static Column bytes(String name) {
    return new Column(name, Kind.BYTES);
  }
}
