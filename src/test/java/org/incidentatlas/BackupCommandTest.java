package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Users;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.records.RecordsDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup} while the server serves and writes, and {@code restore} into a data directory that is then served. */
class BackupCommandTest {
  private static final String ITEMS = "/api/collections/incidents/items";
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBackupTakenWhileWritingRestoresEveryRecordVersionAndUser() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    String editor;
    String reviewer;
    try (RecordsDb db = RecordsDb.open(data)) {
      Users users = new Users(db);
      editor = users.add("erin", Role.EDITOR).token();
      reviewer = users.add("rita", Role.REVIEWER).token();
    }
    Javalin app = Main.serve(AtlasConfig.local(0, data, TestAtlas.GEODATA));
    String base = "http://127.0.0.1:" + app.port();
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = create(base, editor, i);
      send(base, "POST", ITEMS + "/" + id + "/status", editor, "{\"status\":\"in_review\"}", "\"v1\"");
      if (i % 2 == 0) {
        send(base, "POST", ITEMS + "/" + id + "/status", reviewer, "{\"status\":\"published\"}", "\"v2\"");
        published.add(id);
      }
    }
    Map<String, JsonNode> before = histories(base, editor);

    // Drafts keep being written while the backup is taken.
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 100; writing.get(); i++) {
        create(base, editor, i);
      }
    });
    writer.start();
    Path zip = dir.resolve("backups/atlas-backup.zip");
    Files.createDirectories(zip.getParent());
    Run backup = run("backup", zip.toString(), "--data-dir", data.toString());
    writing.set(false);
    writer.join();
    app.stop();
    assertEquals(0, backup.status(), backup.err());
    assertTrue(backup.out().contains("Backed up") && backup.out().contains("SHA-256"), backup.out());
    try (Stream<Path> files = Files.list(zip.getParent())) {
      assertEquals(List.of(zip), files.toList(), "only the finished backup is left, no partial file");
    }

    Path restored = dir.resolve("restored");
    Run restore = run("restore", zip.toString(), "--data-dir", restored.toString());
    assertEquals(0, restore.status(), restore.err());
    Javalin again = Main.serve(AtlasConfig.local(0, restored, TestAtlas.GEODATA));
    try {
      String base2 = "http://127.0.0.1:" + again.port();
      Map<String, JsonNode> after = histories(base2, editor);
      for (Map.Entry<String, JsonNode> e : before.entrySet()) {
        assertEquals(e.getValue(), after.get(e.getKey()), "every version of " + e.getKey() + " is restored");
      }
      for (String id : published) {
        assertEquals(200, send(base2, "GET", ITEMS + "/" + id, null, null, null).statusCode(),
            id + " is served again from the restored records");
      }
    } finally {
      again.stop();
    }
  }

  @Test
  void aBackupNeverOverwritesAFileAndARestoreKeepsTheRecordsItReplaces() throws IOException {
    Path data = dir.resolve("data");
    try (RecordsDb db = RecordsDb.open(data)) {
      new Users(db).add("ada", Role.ADMIN);
    }
    Path zip = dir.resolve("backup.zip");
    assertEquals(0, run("backup", zip.toString(), "--data-dir", data.toString()).status());
    Run again = run("backup", zip.toString(), "--data-dir", data.toString());
    assertEquals(1, again.status());
    assertTrue(again.err().contains("exists already"), again.err());

    Run restore = run("restore", zip.toString(), "--data-dir", data.toString());
    assertEquals(0, restore.status(), restore.err());
    try (Stream<Path> files = Files.list(data)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("records.mv.db.before-restore-")),
          "the replaced records are kept: " + restore.out());
    }
  }

  @Test
  void aFileThatIsNotABackupIsRefusedAndTheRecordsStay() throws IOException {
    Path data = dir.resolve("data");
    try (RecordsDb db = RecordsDb.open(data)) {
      new Users(db).add("ada", Role.ADMIN);
    }
    byte[] records = Files.readAllBytes(data.resolve("records.mv.db"));
    Path notBackup = Files.writeString(dir.resolve("notes.zip"), "not a zip");
    Run restore = run("restore", notBackup.toString(), "--data-dir", data.toString());
    assertEquals(1, restore.status());
    assertTrue(restore.err().contains("is not a backup of the atlas"), restore.err());
    assertTrue(java.util.Arrays.equals(records, Files.readAllBytes(data.resolve("records.mv.db"))), "the records are untouched");
    Run missing = run("restore", dir.resolve("none.zip").toString(), "--data-dir", data.toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("no backup at"), missing.err());
  }

  // ---------------------------------------------------------------------------------------------

  private String create(String base, String token, int n) {
    ObjectNode f = TestAtlas.JSON.createObjectNode().put("type", "Feature");
    f.putObject("geometry").put("type", "Point").putArray("coordinates").add(45.62).add(40.95);
    ObjectNode p = f.putObject("properties").put("date", "2020-07-" + (12 + n % 10)).put("event_type", "armed_clash")
        .put("country", "AZ").put("notes", "backup test " + n);
    p.putArray("sources").addObject().put("id", "S1").put("publisher", "Example Agency").put("language", "en");
    HttpResponse<String> r = send(base, "POST", ITEMS, token, f.toString(), null);
    assertEquals(201, r.statusCode(), r.body());
    try {
      return TestAtlas.JSON.readTree(r.body()).get("id").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Every record's history as the API lists it, by id. */
  private Map<String, JsonNode> histories(String base, String token) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JsonNode list = TestAtlas.JSON.readTree(send(base, "GET",
        "/api/records?status=draft,in_review,published,rejected,archived&limit=1000", token, null, null).body());
    for (JsonNode r : list.get("records")) {
      String id = r.get("id").asText();
      JsonNode versions = TestAtlas.JSON.readTree(send(base, "GET", ITEMS + "/" + id + "/history", token, null, null).body())
          .get("versions");
      versions.forEach(v -> ((ObjectNode) v).remove("links")); // they name the server's port
      out.put(id, versions);
    }
    assertTrue(out.size() >= 4, "records to compare");
    return out;
  }

  private HttpResponse<String> send(String base, String method, String path, String token, String body, String ifMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", path.endsWith("/status") ? "application/json" : "application/geo+json");
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }
}
