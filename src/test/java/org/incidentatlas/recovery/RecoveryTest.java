package org.incidentatlas.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.editing.IncidentEditor;
import org.incidentatlas.editing.Publisher;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.records.Status;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server finds in a data directory at start after a crash, and what it does about it before serving. */
class RecoveryTest {
  private static final Principal REVIEWER = new Principal("rita", Role.REVIEWER);

  @TempDir
  Path dir;
  private AtlasConfig config;
  private final ByteArrayOutputStream said = new ByteArrayOutputStream();

  @BeforeEach
  void build() {
    config = AtlasConfig.local(0, dir.resolve("data"), TestAtlas.GEODATA);
    AtlasBuild.run(config.geodataDir(), config.dataDir());
  }

  private Optional<String> check() {
    return Recovery.check(config, new PrintStream(said, true, StandardCharsets.UTF_8));
  }

  /** Publishes a new record, with the layers brought up to date as the server does it. */
  private String publishNew(String notes) {
    try (AtlasStore store = AtlasStore.open(config.dataDir()); RecordsDb db = RecordsDb.open(config.dataDir())) {
      IncidentRecords records = new IncidentRecords(db);
      IncidentEditor editor = new IncidentEditor(records, new Publisher(store, records, config.geodataDir()));
      String id = editor.create(REVIEWER, TestRecords.clash("2020-07-14", notes), null).version().incidentId();
      editor.move(REVIEWER, id, "\"v1\"", Status.IN_REVIEW, null);
      editor.move(REVIEWER, id, "\"v2\"", Status.PUBLISHED, null);
      return id;
    }
  }

  private List<String> servedIncidents() {
    try (AtlasStore store = AtlasStore.open(config.dataDir())) {
      return store.ids("incidents");
    }
  }

  @Test
  void layersThatAgreeWithTheRecordsAreServedAsTheyAre() {
    publishNew("agrees");
    assertEquals(Optional.empty(), check());
  }

  @Test
  void layersDamagedByACrashAreBuiltAgainAndNothingIsLost() throws IOException {
    String id = publishNew("survives");
    Path layers = config.dataDir().resolve("atlas.mv.db");
    byte[] bytes = Files.readAllBytes(layers);
    // Garbage over the file's headers, which say where its newest chunk is.
    for (int i = 0; i < 8192; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(layers, bytes);
    Optional<String> reason = check();
    assertTrue(reason.isPresent() && reason.get().contains("cannot be read"), reason.toString());
    AtlasBuild.run(config.geodataDir(), config.dataDir());
    assertTrue(servedIncidents().contains(id), "the published record is served again");
    assertEquals(Optional.empty(), check());
  }

  @Test
  void layersThatIncludeAChangeTheRecordsDoNotHaveAreBuiltAgain() throws IOException {
    Path records = config.dataDir().resolve("records.mv.db");
    publishNew("kept");
    Path older = dir.resolve("records-older.mv.db");
    Files.copy(records, older);
    String lost = publishNew("in the layers only");
    // The records as a crash (or a restore) left them: without the last publication the layers show.
    Files.copy(older, records, StandardCopyOption.REPLACE_EXISTING);
    Optional<String> reason = check();
    assertTrue(reason.isPresent() && reason.get().contains("which the records do not have"), reason.toString());
    AtlasBuild.run(config.geodataDir(), config.dataDir());
    assertFalse(servedIncidents().contains(lost), "an incident the records do not have is not served");
  }

  @Test
  void aRecordWhoseCurrentVersionIsNotTheLastOfItsHistoryIsSetRight() throws SQLException {
    String ahead = publishNew("pointer ahead");
    String behind = publishNew("pointer behind");
    try (RecordsDb db = RecordsDb.open(config.dataDir())) {
      db.transaction(c -> {
        execute(c, "UPDATE incidents SET version = 4, status = 'archived' WHERE id = '" + ahead + "'");
        execute(c, "UPDATE incidents SET version = 2, status = 'in_review' WHERE id = '" + behind + "'");
        return null;
      });
    }
    Optional<String> reason = check();
    assertTrue(reason.isPresent(), "the layers are built again after a repair");
    String out = said.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("2 records") && out.contains(ahead) && out.contains(behind), out);
    try (RecordsDb db = RecordsDb.open(config.dataDir())) {
      IncidentRecords records = new IncidentRecords(db);
      for (String id : List.of(ahead, behind)) {
        RecordVersion current = records.current(id).orElseThrow();
        List<RecordVersion> history = records.history(id);
        assertEquals(history.get(history.size() - 1).version(), current.version());
        assertEquals(Status.PUBLISHED, current.status());
      }
      assertTrue(records.repairCurrent().isEmpty(), "nothing is left to set right");
    }
  }

  @Test
  void recordsThatCannotBeReadStopTheServerWithTheWayToRestoreThem() throws IOException {
    Path records = config.dataDir().resolve("records.mv.db");
    TestAtlas.addUser(config.dataDir(), "ada", Role.ADMIN);
    Files.write(records, new byte[] {'n', 'o', 't', ' ', 'H', '2'});
    StoreException e = assertThrows(StoreException.class, this::check);
    assertTrue(e.getMessage().contains("restore BACKUP.zip"), e.getMessage());
    assertEquals(6, Files.size(records), "the damaged file is left for the operator");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
