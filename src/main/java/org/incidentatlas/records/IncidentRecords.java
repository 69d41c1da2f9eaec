package org.incidentatlas.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.IncludedChange;

/**
 * The incident records and their versions in {@link RecordsDb}. Versions are only ever added:
 * a change, a status move, an archive or a merge is a new version, and every earlier one can be
 * read back. Methods that write take the caller's connection, so that a change and the checks
 * before it are one transaction.
 */
public final class IncidentRecords {
  /** The current version of each record, joined to its row in {@code incidents} as {@code i}. */
  private static final String CURRENT =
      "SELECT v.* FROM incidents i JOIN versions v ON v.incident_id = i.id AND v.version = i.version";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordsDb db;

  public IncidentRecords(RecordsDb db) {
    this.db = db;
  }

  public RecordsDb db() {
    return db;
  }

  /** The newest version of a record, locked against concurrent writers until the transaction ends. */
  public Optional<RecordVersion> currentForUpdate(Connection c, String id) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT version FROM incidents WHERE id = ? FOR UPDATE")) {
      lock.setString(1, id);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return version(c, id, rs.getInt(1));
      }
    }
  }

  /**
   * Whether a record has a row, as this transaction sees it. Not locked: a new record is created
   * only where there is none, and a row that is not there locks nothing. Unlike a query FOR
   * UPDATE, H2 keeps this one parsed.
   */
  public boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Optional<RecordVersion> current(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT version FROM incidents WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? version(c, id, rs.getInt(1)) : Optional.empty();
        }
      }
    });
  }

  private static Optional<RecordVersion> version(Connection c, String id, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM versions WHERE incident_id = ? AND version = ?")) {
      ps.setString(1, id);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** Every version of a record, oldest first. */
  public List<RecordVersion> history(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM versions WHERE incident_id = ? ORDER BY version")) {
        ps.setString(1, id);
        return rows(ps);
      }
    });
  }

  /**
   * A record as the layers see it: the change that last touched it and the version they serve,
   * null when none is.
   */
  public record Served(String incidentId, int version, long changeSeq, RecordVersion served) {}

  private static final String SERVED = "SELECT i.id AS record_id, i.version AS record_version, i.change_seq AS record_seq, v.*"
      + " FROM incidents i LEFT JOIN versions v ON v.incident_id = i.id AND v.version = i.served_version";

  private static Served served(ResultSet rs) throws SQLException {
    return new Served(rs.getString("record_id"), rs.getInt("record_version"), rs.getLong("record_seq"),
        rs.getString("incident_id") == null ? null : row(rs));
  }

  /** Every record changed after {@code seq} as the layers see it, in the order of their changes. */
  public List<Served> servedChangedSince(long seq) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SERVED + " WHERE i.change_seq > ? ORDER BY i.change_seq")) {
        ps.setLong(1, seq);
        List<Served> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(served(rs));
          }
        }
        return out;
      }
    });
  }

  /**
   * Adds a version (its change_seq is assigned here) and makes it the record's current one.
   * A published version is served; an archived one, or a move off a published version, leaves
   * nothing served; any other keeps the version served before. Returns the version as stored.
   */
  public RecordVersion add(Connection c, RecordVersion v) throws SQLException {
    return add(c, v, false);
  }

  /**
   * Adds a version that changes a published record without replacing it on the layers: the
   * version served before stays served until this change is published.
   */
  public RecordVersion addPending(Connection c, RecordVersion v) throws SQLException {
    return add(c, v, true);
  }

  /**
   * Adds version 1 of a record that has none yet, {@code record} being its content as a tree (what
   * {@link RecordVersion#record} holds, not parsed again). The caller has found no row for the id in
   * this transaction, so there is no status or served version to read first and no row to update: a
   * concurrent creation of the same id fails on the versions' key. Returns the version as stored.
   */
  public RecordVersion create(Connection c, RecordVersion v, JsonNode record) throws SQLException {
    if (v.version() != 1 || v.status() == Status.PUBLISHED || v.status() == Status.ARCHIVED) {
      throw new IllegalArgumentException("a new record is version 1 of a draft or a record in review, not " + v);
    }
    RecordVersion stored = insertVersion(c, v);
    insertIncident(c, stored, null, RecordWhere.of(record));
    return stored;
  }

  private RecordVersion add(Connection c, RecordVersion v, boolean keepServed) throws SQLException {
    Integer servedBefore = null;
    Status statusBefore = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT status, served_version FROM incidents WHERE id = ?")) {
      ps.setString(1, v.incidentId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          statusBefore = Status.of(rs.getString(1));
          servedBefore = (Integer) rs.getObject(2);
        }
      }
    }
    Integer served;
    if (v.status() == Status.PUBLISHED) {
      served = v.version();
    } else if (v.status() == Status.ARCHIVED || (statusBefore == Status.PUBLISHED && !keepServed)) {
      served = null;
    } else {
      served = servedBefore;
    }
    RecordVersion stored = insertVersion(c, v);
    RecordWhere where = RecordWhere.of(stored.record());
    try (PreparedStatement update = c.prepareStatement("UPDATE incidents SET version = ?, status = ?, change_seq = ?,"
        + " served_version = ?, event_type = ?, day_from = ?, day_to = ?, lon = ?, lat = ?, place_id = ? WHERE id = ?")) {
      update.setInt(1, stored.version());
      update.setString(2, stored.status().id());
      update.setLong(3, stored.changeSeq());
      update.setObject(4, served, java.sql.Types.INTEGER);
      update.setString(where.bind(update, 5), stored.incidentId());
      if (update.executeUpdate() == 0) {
        insertIncident(c, stored, served, where);
      }
    }
    return stored;
  }

  /** Draws the version's change number, in the order changes commit, and stores the version under it. */
  private RecordVersion insertVersion(Connection c, RecordVersion v) throws SQLException {
    long seq;
    // Prepared, as every statement of a write is: H2 then finds them parsed in its cache of the
    // session, and the PostgreSQL driver prepares them on the server once they recur.
    try (PreparedStatement st = c.prepareStatement("UPDATE change_order SET id = 1 WHERE id = 1")) {
      // Held until commit: changes commit in the order of their numbers (db/migration, change_order).
      st.executeUpdate();
    }
    try (PreparedStatement st = c.prepareStatement(db.database().nextChangeSql()); ResultSet rs = st.executeQuery()) {
      rs.next();
      seq = rs.getLong(1);
    }
    RecordVersion stored = new RecordVersion(v.incidentId(), v.version(), seq, v.status(), v.reason(), v.author(),
        v.writtenAt(), v.note(), v.changed(), v.record());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, stored.incidentId());
      ps.setInt(2, stored.version());
      ps.setLong(3, seq);
      ps.setString(4, stored.status().id());
      ps.setString(5, stored.reason());
      ps.setString(6, stored.author());
      ps.setObject(7, stored.writtenAt().atOffset(ZoneOffset.UTC));
      ps.setString(8, stored.note());
      try {
        ps.setString(9, JSON.writeValueAsString(stored.changed()));
      } catch (IOException e) {
        throw new SQLException(e);
      }
      ps.setBytes(10, stored.record());
      ps.executeUpdate();
    }
    return stored;
  }

  /** The row of a record that has none yet, pointing at its version {@code stored}. */
  private static void insertIncident(Connection c, RecordVersion stored, Integer served, RecordWhere where)
      throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO incidents (id, version, status, created_by,"
        + " change_seq, served_version, event_type, day_from, day_to, lon, lat, place_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, stored.incidentId());
      insert.setInt(2, stored.version());
      insert.setString(3, stored.status().id());
      insert.setString(4, stored.author());
      insert.setLong(5, stored.changeSeq());
      insert.setObject(6, served, java.sql.Types.INTEGER);
      where.bind(insert, 7);
      insert.executeUpdate();
    }
  }

  /** The version of a record the layers serve, if any. */
  public Optional<Integer> servedVersion(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT served_version FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable((Integer) rs.getObject(1)) : Optional.empty();
      }
    }
  }

  public Optional<Integer> servedVersion(String id) {
    return db.read(c -> servedVersion(c, id));
  }

  /** Rows read from the database at a time where all records are read. */
  private static final int FETCH = 500;

  /**
   * Up to {@code limit} records after {@code afterId} (null: from the first) in the order of
   * their ids, as the layers see them, of those last changed by change {@code upTo} or before:
   * all records a page at a time, for a reader that pulls them.
   */
  public List<Served> servedAfter(String afterId, long upTo, int limit) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SERVED + " WHERE i.id > ? AND i.change_seq <= ? ORDER BY i.id LIMIT ?")) {
        ps.setString(1, afterId == null ? "" : afterId);
        ps.setLong(2, upTo);
        ps.setInt(3, limit);
        List<Served> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(served(rs));
          }
        }
        return out;
      }
    });
  }

  /** Those of {@code ids} that have a record last changed by change {@code upTo} or before. */
  public Set<String> recorded(Collection<String> ids, long upTo) {
    return db.read(c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents WHERE id = ANY(?) AND change_seq <= ?")) {
        ps.setObject(1, ids.toArray(String[]::new));
        ps.setLong(2, upTo);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /**
   * When each of {@code ids} that has a record was first published: the time its first published
   * version was written. A record whose first published version is by {@code unknownAuthor} is
   * left out: the version that carries an incident of geodata over into the records is written
   * at its first change, long after geodata first had it.
   */
  public Map<String, Instant> firstPublished(Collection<String> ids, String unknownAuthor) {
    return db.read(c -> {
      Map<String, Instant> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT v.incident_id, v.author, v.written_at FROM versions v"
          + " WHERE v.incident_id = ANY(?) AND v.version = (SELECT MIN(f.version) FROM versions f"
          + " WHERE f.incident_id = v.incident_id AND f.status = ?)")) {
        ps.setObject(1, ids.toArray(String[]::new));
        ps.setString(2, Status.PUBLISHED.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (!rs.getString("author").equals(unknownAuthor)) {
              out.put(rs.getString(1), rs.getObject("written_at", OffsetDateTime.class).toInstant());
            }
          }
        }
      }
      return out;
    });
  }

  /** The newest change of any record; 0 when there is none. */
  public long lastChange() {
    return db.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(change_seq), 0) FROM incidents")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The version that change {@code seq} wrote, as the layers name a change they include. */
  public Optional<IncludedChange> change(long seq) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, version FROM versions WHERE change_seq = ?")) {
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new IncludedChange(seq, rs.getString(1), rs.getInt(2))) : Optional.empty();
        }
      }
    });
  }

  /**
   * Makes each record's current version the last one of its history, where a crash left the two
   * apart: the history is what was written, and a version is added together with the pointer to it,
   * so a pointer that disagrees belongs to a change that was never acknowledged. Returns the ids
   * of the records set right.
   */
  public List<String> repairCurrent() {
    // NOT EXISTS, not NOT IN: PostgreSQL reads a NOT IN list that outgrows its working memory
    // again for every version, hours at a million records, where NOT EXISTS is one anti-join.
    return db.transaction(c -> {
      List<String> repaired = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
          SELECT i.id FROM incidents i LEFT JOIN versions v ON v.incident_id = i.id AND v.version = i.version
          WHERE v.status IS NULL OR v.status <> i.status OR v.change_seq <> i.change_seq
             OR i.version <> (SELECT MAX(version) FROM versions WHERE incident_id = i.id)
          UNION
          SELECT DISTINCT v.incident_id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = v.incident_id)""")) {
        while (rs.next()) {
          repaired.add(rs.getString(1));
        }
      }
      for (String id : repaired) {
        Optional<Integer> served = servedVersion(c, id);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM incidents WHERE id = ?")) {
          delete.setString(1, id);
          delete.executeUpdate();
        }
        try (PreparedStatement restore = c.prepareStatement("""
            INSERT INTO incidents (id, version, status, created_by, change_seq)
            SELECT v.incident_id, v.version, v.status, COALESCE(f.author, v.author), v.change_seq
            FROM versions v LEFT JOIN versions f ON f.incident_id = v.incident_id AND f.version = 1
            WHERE v.incident_id = ? AND v.version = (SELECT MAX(version) FROM versions WHERE incident_id = v.incident_id)""")) {
          restore.setString(1, id);
          restore.executeUpdate();
        }
        // A version that is published is served; else the one served before, while it is published.
        try (PreparedStatement serve = c.prepareStatement("""
            UPDATE incidents i SET served_version = CASE WHEN i.status = 'published' THEN i.version
              WHEN (SELECT status FROM versions WHERE incident_id = i.id AND version = ?) = 'published'
               AND i.status NOT IN ('archived') THEN ? END
            WHERE i.id = ?""")) {
          serve.setObject(1, served.orElse(null));
          serve.setObject(2, served.orElse(null));
          serve.setString(3, id);
          serve.executeUpdate();
        }
      }
      return repaired;
    });
  }

  /** The served version of each of {@code ids} that has one, read at once for a list of records. */
  public Map<String, Integer> servedVersions(List<String> ids) {
    return db.read(c -> {
      Map<String, Integer> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, served_version FROM incidents WHERE id = ANY(?) AND served_version IS NOT NULL")) {
        ps.setObject(1, ids.toArray(String[]::new));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      return out;
    });
  }

  /** Current records in one of {@code statuses}, newest change first, optionally only one author's. */
  public List<RecordVersion> list(List<Status> statuses, String createdBy, int limit) {
    return db.read(c -> {
      String sql = CURRENT + " WHERE i.status = ANY(?)" + (createdBy == null ? "" : " AND i.created_by = ?")
          + " ORDER BY i.change_seq DESC LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, statuses.stream().map(Status::id).toArray(String[]::new));
        int next = 2;
        if (createdBy != null) {
          ps.setString(next++, createdBy);
        }
        ps.setInt(next, limit);
        return rows(ps);
      }
    });
  }

  /** Where, when and what a record reports, as kept beside its current version. */
  public record Reported(String id, String eventType, LocalDate from, LocalDate to, double lon, double lat,
      String placeId) {}

  /** Whether every record that reports a type has it kept beside it; see {@link #keepReported}. */
  private volatile boolean allKept;

  /**
   * The records in {@code statuses} that may report the same as a record of {@code eventType} from
   * {@code from} to {@code to} at a point in {@code box} (which may cross the antimeridian) or at
   * {@code placeId}: of that type, with days within {@code days} of its days, and a point in the box
   * or the same place. Only the columns kept beside each record are read, through the index on
   * status, type and first day, so the cost follows what is found, not how many records there are.
   */
  public List<Reported> near(List<Status> statuses, String eventType, LocalDate from, LocalDate to, int days,
      Bbox box, String placeId) {
    if (!allKept) {
      keepReported();
    }
    String lon = box.minLon() <= box.maxLon() ? "lon BETWEEN ? AND ?" : "(lon >= ? OR lon <= ?)";
    // One status at a time: each is then a range of the index on both engines.
    String sql = "SELECT id, event_type, day_from, day_to, lon, lat, place_id FROM incidents"
        + " WHERE status = ? AND event_type = ? AND day_from <= ? AND day_to >= ?"
        + " AND ((" + lon + " AND lat BETWEEN ? AND ?) OR (place_id = ? AND lon IS NOT NULL AND lat IS NOT NULL))";
    return db.read(c -> {
      List<Reported> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Status status : statuses) {
          ps.setString(1, status.id());
          ps.setString(2, eventType);
          ps.setObject(3, to.plusDays(days));
          ps.setObject(4, from.minusDays(days));
          ps.setDouble(5, box.minLon());
          ps.setDouble(6, box.maxLon());
          ps.setDouble(7, box.minLat());
          ps.setDouble(8, box.maxLat());
          ps.setString(9, placeId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new Reported(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                  rs.getObject(4, LocalDate.class), rs.getDouble(5), rs.getDouble(6), rs.getString(7)));
            }
          }
        }
      }
      return out;
    });
  }

  /**
   * Fills in where, when and what records report for those written before these were kept beside
   * them (db/migration, where_and_when), once per process: from then on {@link #near} finds every
   * record that can be compared at all. A record left without a type reports none, and cannot be
   * read as an incident to compare either. The current version is unchanged; the columns only
   * mirror it.
   */
  private synchronized void keepReported() {
    if (allKept) {
      return;
    }
    List<String> ids = db.read(c -> {
      List<String> out = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM incidents WHERE event_type IS NULL")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
    for (int from = 0; from < ids.size(); from += FETCH) {
      List<String> some = ids.subList(from, Math.min(ids.size(), from + FETCH));
      db.transaction(c -> {
        for (String id : some) {
          Optional<RecordVersion> v = currentForUpdate(c, id);
          if (v.isPresent()) {
            RecordWhere where = RecordWhere.of(v.get().record());
            try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET event_type = ?, day_from = ?,"
                + " day_to = ?, lon = ?, lat = ?, place_id = ? WHERE id = ? AND event_type IS NULL")) {
              ps.setString(where.bind(ps, 1), id);
              ps.executeUpdate();
            }
          }
        }
        return null;
      });
    }
    allKept = true;
  }

  /** The record an id of another dataset was imported as. */
  public Optional<String> byExternalId(Connection c, String dataset, String externalId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT incident_id FROM external_ids WHERE dataset = ? AND external_id = ?")) {
      ps.setString(1, dataset);
      ps.setString(2, externalId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  public void addExternalId(Connection c, String dataset, String externalId, String incidentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO external_ids VALUES (?, ?, ?)")) {
      ps.setString(1, dataset);
      ps.setString(2, externalId);
      ps.setString(3, incidentId);
      ps.executeUpdate();
    }
  }

  /** The ids other datasets know a record by, as {@code dataset:id}. */
  public List<String> externalIds(String incidentId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT dataset, external_id FROM external_ids WHERE incident_id = ? ORDER BY dataset, external_id")) {
        ps.setString(1, incidentId);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1) + ":" + rs.getString(2));
          }
        }
        return out;
      }
    });
  }

  private static List<RecordVersion> rows(PreparedStatement ps) throws SQLException {
    List<RecordVersion> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private static RecordVersion row(ResultSet rs) throws SQLException {
    List<String> changed;
    try {
      changed = JSON.readValue(rs.getString("changed"), new TypeReference<>() {});
    } catch (IOException e) {
      throw new SQLException("unreadable list of changed fields", e);
    }
    return new RecordVersion(rs.getString("incident_id"), rs.getInt("version"), rs.getLong("change_seq"),
        Status.of(rs.getString("status")), rs.getString("reason"), rs.getString("author"),
        rs.getObject("written_at", OffsetDateTime.class).toInstant(), rs.getString("note"), changed,
        rs.getBytes("record"));
  }

  /** A timestamp for a new version: to the millisecond, as the database keeps it. */
  public static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }
}
