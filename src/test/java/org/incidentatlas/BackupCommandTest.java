package org.incidentatlas;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.incidentatlas.access.Role;
import org.incidentatlas.config.AtlasConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup} while the server serves and writes, and {@code restore} into a data directory that is then served. */
class BackupCommandTest {
  @TempDir
  Path dir;

  private static CommandRun run(String... args) {
    return CommandRun.of(List.of(args), Map.of());
  }

  @Test
  void aBackupTakenWhileWritingRestoresEveryRecordVersionAndUser() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    String editor = TestAtlas.addUser(data, "erin", Role.EDITOR);
    String reviewer = TestAtlas.addUser(data, "rita", Role.REVIEWER);
    Javalin app = Main.serve(AtlasConfig.local(0, data, TestAtlas.GEODATA));
    ApiClient api = new ApiClient("http://127.0.0.1:" + app.port());
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = create(api, editor, i);
      api.status(id, editor, "\"v1\"", "in_review", null);
      if (i % 2 == 0) {
        api.status(id, reviewer, "\"v2\"", "published", null);
        published.add(id);
      }
    }
    Map<String, JsonNode> before = histories(api, editor);

    // Drafts keep being written while the backup is taken.
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 100; writing.get(); i++) {
        create(api, editor, i);
      }
    });
    writer.start();
    Path zip = dir.resolve("backups/atlas-backup.zip");
    Files.createDirectories(zip.getParent());
    CommandRun backup = run("backup", zip.toString(), "--data-dir", data.toString());
    writing.set(false);
    writer.join();
    app.stop();
    assertEquals(0, backup.status(), backup.err());
    assertTrue(backup.out().contains("Backed up") && backup.out().contains("SHA-256"), backup.out());
    try (Stream<Path> files = Files.list(zip.getParent())) {
      assertEquals(List.of(zip), files.toList(), "only the finished backup is left, no partial file");
    }

    Path restored = dir.resolve("restored");
    CommandRun restore = run("restore", zip.toString(), "--data-dir", restored.toString());
    assertEquals(0, restore.status(), restore.err());
    Javalin again = Main.serve(AtlasConfig.local(0, restored, TestAtlas.GEODATA));
    try {
      ApiClient restoredApi = new ApiClient("http://127.0.0.1:" + again.port());
      Map<String, JsonNode> after = histories(restoredApi, editor);
      for (Map.Entry<String, JsonNode> e : before.entrySet()) {
        assertEquals(e.getValue(), after.get(e.getKey()), "every version of " + e.getKey() + " is restored");
      }
      for (String id : published) {
        assertEquals(200, restoredApi.get(ITEMS + "/" + id, null).status(),
            id + " is served again from the restored records");
      }
    } finally {
      again.stop();
    }
  }

  @Test
  void aBackupNeverOverwritesAFileAndARestoreKeepsTheRecordsItReplaces() throws IOException {
    Path data = dir.resolve("data");
    TestAtlas.addUser(data, "ada", Role.ADMIN);
    Path zip = dir.resolve("backup.zip");
    assertEquals(0, run("backup", zip.toString(), "--data-dir", data.toString()).status());
    CommandRun again = run("backup", zip.toString(), "--data-dir", data.toString());
    assertEquals(1, again.status());
    assertTrue(again.err().contains("exists already"), again.err());

    CommandRun restore = run("restore", zip.toString(), "--data-dir", data.toString());
    assertEquals(0, restore.status(), restore.err());
    try (Stream<Path> files = Files.list(data)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("records.mv.db.before-restore-")),
          "the replaced records are kept: " + restore.out());
    }
  }

  @Test
  void aFileThatIsNotABackupIsRefusedAndTheRecordsStay() throws IOException {
    Path data = dir.resolve("data");
    TestAtlas.addUser(data, "ada", Role.ADMIN);
    byte[] records = Files.readAllBytes(data.resolve("records.mv.db"));
    Path notBackup = Files.writeString(dir.resolve("notes.zip"), "not a zip");
    CommandRun restore = run("restore", notBackup.toString(), "--data-dir", data.toString());
    assertEquals(1, restore.status());
    assertTrue(restore.err().contains("is not a backup of the atlas"), restore.err());
    assertTrue(java.util.Arrays.equals(records, Files.readAllBytes(data.resolve("records.mv.db"))), "the records are untouched");
    CommandRun missing = run("restore", dir.resolve("none.zip").toString(), "--data-dir", data.toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("no backup at"), missing.err());
  }

  // ---------------------------------------------------------------------------------------------

  private static String create(ApiClient api, String token, int n) {
    Reply r = api.post(ITEMS, token, TestRecords.clash("2020-07-" + (12 + n % 10), "backup test " + n));
    assertEquals(201, r.status(), r.raw().body());
    return r.body().get("id").asText();
  }

  /** Every record's history as the API lists it, by id. */
  private static Map<String, JsonNode> histories(ApiClient api, String token) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JsonNode list = api.get("/api/records?status=draft,in_review,published,rejected,archived&limit=1000", token).body();
    for (JsonNode r : list.get("records")) {
      String id = r.get("id").asText();
      JsonNode versions = api.get(ITEMS + "/" + id + "/history", token).body().get("versions");
      versions.forEach(v -> ((ObjectNode) v).remove("links")); // they name the server's port
      out.put(id, versions);
    }
    assertTrue(out.size() >= 4, "records to compare");
    return out;
  }
}
