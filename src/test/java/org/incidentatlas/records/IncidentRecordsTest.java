package org.incidentatlas.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.database.Database;
import org.incidentatlas.store.Bbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records on the engine of the run: concurrent writers, and records in the works found by where and when. */
class IncidentRecordsTest {
  private static final LocalDate DAY = LocalDate.of(2020, 7, 14);
  private static final Bbox AROUND = new Bbox(45.55, 40.90, 45.70, 41.00);

  @TempDir
  Path dir;
  private RecordsDb db;
  private IncidentRecords records;

  @BeforeEach
  void open() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    db = RecordsDb.open(Database.of(TestAtlas.configFor(data, TestAtlas.GEODATA)));
    records = new IncidentRecords(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static RecordVersion draft(String id, String type, LocalDate day, double lon, String placeId) {
    String json = String.format(Locale.ROOT, "{\"type\":\"Feature\",\"id\":\"%s\",\"geometry\":{\"type\":\"Point\","
        + "\"coordinates\":[%.5f,40.95]},\"properties\":{\"date\":\"%s\",\"event_type\":\"%s\"%s}}", id, lon, day, type,
        placeId == null ? "" : ",\"place_id\":\"" + placeId + "\"");
    return new RecordVersion(id, 1, 0, Status.DRAFT, null, "editor", IncidentRecords.now(), null, List.of("created"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private void add(RecordVersion v) {
    db.transaction(c -> records.add(c, v));
  }

  private Set<String> near(String type, String placeId) {
    Set<String> ids = new TreeSet<>();
    records.near(List.of(Status.DRAFT, Status.IN_REVIEW), type, DAY, DAY, 1, AROUND, placeId)
        .forEach(r -> ids.add(r.id()));
    return ids;
  }

  @Test
  void concurrentWritersEachGetTheirChangeAndAllAreStored() throws Exception {
    int writers = 4;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            add(draft("W" + writer + "-" + i, "shelling", DAY, 45.6, null));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    int n = writers * each;
    List<Long> seqs = db.read(c -> {
      List<Long> out = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT change_seq FROM versions ORDER BY change_seq")) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    });
    assertEquals(n, seqs.size());
    assertEquals(n, new TreeSet<>(seqs).size(), "every change has a number of its own");
    assertEquals(seqs.get(n - 1), records.lastChange());
    assertEquals(n, records.servedChangedSince(0).size());
  }

  @Test
  void recordsInTheWorksAreFoundByTypeDaysAndPointOrPlace() {
    add(draft("SAME", "shelling", DAY, 45.60, null));
    add(draft("NEXT-DAY", "shelling", DAY.plusDays(1), 45.62, null));
    add(draft("TWO-DAYS", "shelling", DAY.plusDays(2), 45.60, null));
    add(draft("CLASH", "armed_clash", DAY, 45.60, null));
    add(draft("FAR", "shelling", DAY, 46.50, null));
    add(draft("FAR-SAME-PLACE", "shelling", DAY, 46.50, "p-1"));
    RecordVersion published = draft("PUBLISHED", "shelling", DAY, 45.60, null);
    add(new RecordVersion(published.incidentId(), 1, 0, Status.PUBLISHED, null, "reviewer", published.writtenAt(), null,
        List.of("created"), published.record()));

    assertEquals(Set.of("SAME", "NEXT-DAY"), near("shelling", null));
    assertEquals(Set.of("SAME", "NEXT-DAY", "FAR-SAME-PLACE"), near("shelling", "p-1"));
    assertEquals(Set.of("CLASH"), near("armed_clash", null));
  }

  @Test
  void recordsWrittenBeforeWhereAndWhenWereKeptAreFoundToo() {
    add(draft("OLD", "shelling", DAY, 45.60, null));
    add(draft("NEW", "shelling", DAY, 45.61, null));
    // As a record written before the columns were kept has them.
    db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET event_type = NULL, day_from = NULL,"
          + " day_to = NULL, lon = NULL, lat = NULL, place_id = NULL WHERE id = ?")) {
        ps.setString(1, "OLD");
        return ps.executeUpdate();
      }
    });

    assertEquals(Set.of("OLD", "NEW"), near("shelling", null));
    assertEquals(Set.of(), near("drone_strike", null));
  }
}
