package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.incidentatlas.Main;
import org.incidentatlas.FreshDerivation;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.database.H2Database;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server killed with SIGKILL at random moments while two editors create drafts and send them
 * to review and a reviewer publishes and archives, then started again, round after round. After
 * each restart every acknowledged write must be there with its history, no record may be half
 * written, and the served layers must equal a fresh derivation from the records and geodata.
 *
 * <p>Rounds: {@code -Dcrash.rounds=N} (default 10); the seed of the kill moments is printed and can
 * be given back with {@code -Dcrash.seed=S}. On PostgreSQL ({@code -Datlas.test.database=postgresql})
 * the server is started with {@code --database} on a database of its own and the checks read it there.
 */
@Tag("crash")
class CrashRecoveryTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  /** A write the server answered with 2xx: the record is at least at this version, which has this status. */
  record Ack(String id, int version, String status) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private Path data;
  private AtlasConfig config;
  private int port;
  private Process server;

  /** Users for the writers, and a free port for every start of the server. */
  private String[] prepare(Path dataDir) throws IOException {
    data = dataDir;
    config = TestAtlas.configFor(data, TestAtlas.GEODATA);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    return new String[] {TestAtlas.addUser(config, "erin", Role.EDITOR), TestAtlas.addUser(config, "eddie", Role.EDITOR),
        TestAtlas.addUser(config, "rita", Role.REVIEWER)};
  }

  /** The two editors and the reviewer at work until {@code running} is false. */
  private List<Thread> startWriters(String[] tokens, List<JsonNode> places, Random random, AtomicBoolean running) {
    Random first = new Random(random.nextLong());
    Random second = new Random(random.nextLong());
    List<Thread> writers = List.of(new Thread(() -> edit(tokens[0], places, first, running)),
        new Thread(() -> edit(tokens[1], places, second, running)), new Thread(() -> review(tokens[2], running)));
    writers.forEach(Thread::start);
    return writers;
  }

  private void awaitWrites(int more) throws InterruptedException {
    int before = acks.size();
    long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acks.size() < before + more && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
  }

  private static void stop(List<Thread> writers, AtomicBoolean running) throws InterruptedException {
    running.set(false);
    for (Thread w : writers) {
      w.join(30_000);
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesKill9AndTheLayersFollowTheRecords() throws Exception {
    int rounds = Integer.getInteger("crash.rounds", 10);
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("crash test: " + rounds + " rounds, seed " + seed + " (-Dcrash.seed=" + seed + " repeats them)");
    Random random = new Random(seed);
    String[] tokens = prepare(dir.resolve("data"));
    List<String> problems = new ArrayList<>();
    start(0);
    List<JsonNode> places = places();
    for (int round = 1; round <= rounds; round++) {
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> writers = startWriters(tokens, places, random, running);
      // The kill comes at a random moment once writes are under way in this round.
      awaitWrites(4);
      Thread.sleep(random.nextInt(1500));
      server.destroyForcibly().waitFor();
      stop(writers, running);
      try {
        start(round);
      } catch (AssertionError e) {
        problems.add("round " + round + ": " + e.getMessage());
        System.out.println("crash test round " + round + ": " + e.getMessage());
        break;
      }
      List<String> found = check(acks);
      for (String p : found) {
        problems.add("round " + round + ": " + p);
        System.out.println("crash test round " + round + ": " + p);
      }
      System.out.printf("crash test round %d: %d acknowledged writes so far, %d problems%n", round, acks.size(), found.size());
    }
    server.destroy();
    server.waitFor();
    long published = acks.stream().filter(a -> a.status().equals("published")).count();
    System.out.printf("crash test: %d acknowledged writes, %d of them publications, %d problems%n", acks.size(), published,
        problems.size());
    assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    assertTrue(published > 0, "the reviewer published something, so that the layers were tested");
  }

  @Test
  void aBackupTakenByAnotherProcessWhileWritingRestoresEveryWriteAcknowledgedBeforeIt() throws Exception {
    assumeFalse(TestAtlas.onPostgres(), "backup and restore copy the H2 files of --data-dir");
    String[] tokens = prepare(dir.resolve("data"));
    start(0);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = startWriters(tokens, places(), new Random(1), running);
    awaitWrites(20);
    List<Ack> beforeBackup = List.copyOf(acks);
    Path zip = dir.resolve("backup.zip");
    command("backup", zip.toString(), "--data-dir", data.toString());
    awaitWrites(4);
    stop(writers, running);
    server.destroyForcibly().waitFor();

    command("restore", zip.toString(), "--data-dir", dir.resolve("restored").toString());
    data = dir.resolve("restored");
    config = config.withDataDir(data);
    start(1);
    try {
      List<String> problems = check(beforeBackup);
      assertTrue(problems.isEmpty(), String.join("\n", problems));
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  /** Runs a command of the jar as a process of its own, as an operator would beside the server. */
  private void command(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(atlas(args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor() == 0, String.join(" ", args) + " failed:\n" + out);
    System.out.print(out);
  }

  // --- the writers ---------------------------------------------------------------------------------

  /** Creates drafts and sends each to review, until the server goes away. */
  private void edit(String token, List<JsonNode> places, Random random, AtomicBoolean running) {
    while (running.get()) {
      try {
        JsonNode place = places.get(random.nextInt(places.size()));
        HttpResponse<String> created = send("POST", ITEMS, token, shelling(place, random), "application/geo+json", null);
        if (created.statusCode() != 201) {
          continue;
        }
        String id = TestAtlas.JSON.readTree(created.body()).get("id").asText();
        acks.add(new Ack(id, 1, "draft"));
        HttpResponse<String> moved = send("POST", ITEMS + "/" + id + "/status", token, "{\"status\":\"in_review\"}",
            "application/json", "\"v1\"");
        if (moved.statusCode() == 200) {
          acks.add(new Ack(id, 2, "in_review"));
        }
      } catch (IOException e) {
        return; // the server was killed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Publishes what is in review; archives every third record it has published. */
  private void review(String token, AtomicBoolean running) {
    int published = 0;
    while (running.get()) {
      try {
        HttpResponse<String> list = send("GET", "/api/records?status=in_review&limit=20", token, null, null, null);
        if (list.statusCode() != 200) {
          continue;
        }
        for (JsonNode r : TestAtlas.JSON.readTree(list.body()).get("records")) {
          String id = r.get("id").asText();
          int version = r.get("version").asInt();
          HttpResponse<String> answer = send("POST", ITEMS + "/" + id + "/status", token, "{\"status\":\"published\"}",
              "application/json", "\"v" + version + "\"");
          if (answer.statusCode() != 200) {
            continue;
          }
          acks.add(new Ack(id, version + 1, "published"));
          if (++published % 3 == 0) {
            HttpResponse<String> archived = send("DELETE", ITEMS + "/" + id + "?reason=test", token, null, null,
                "\"v" + (version + 1) + "\"");
            if (archived.statusCode() == 200) {
              acks.add(new Ack(id, version + 2, "archived"));
            }
          }
        }
        Thread.sleep(20);
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String token, String body, String contentType, String ifMatch)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A shelling of a settlement on a day of July 2020, at the settlement. */
  private static String shelling(JsonNode place, Random random) {
    ObjectNode f = TestRecords.shelling(place, "2020-07-" + (12 + random.nextInt(10)));
    ObjectNode p = ((ObjectNode) f.get("properties")).put("notes", "crash test " + random.nextLong());
    ((ObjectNode) p.at("/fatalities/0")).put("count", 1 + random.nextInt(3));
    return f.toString();
  }

  /** Settlements near the border, as the API serves them. */
  private List<JsonNode> places() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/collections/settlements/items?limit=60&bbox=45.3,40.8,45.7,41.1")).build(), HttpResponse.BodyHandlers.ofString());
    List<JsonNode> out = new ArrayList<>();
    TestAtlas.JSON.readTree(r.body()).get("features").forEach(out::add);
    assertTrue(out.size() > 10, "settlements to shell");
    return out;
  }

  // --- the server ---------------------------------------------------------------------------------

  /** The command line that runs the atlas with {@code args} in a JVM of its own, from the test classpath. */
  private static List<String> atlas(String... args) {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    line.addAll(List.of(args));
    return line;
  }

  /** Starts the server as a process of its own and waits until it answers. */
  private void start(int round) throws IOException, InterruptedException {
    Path log = dir.resolve("server-" + round + ".log");
    List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--data-dir",
        data.toString(), "--geodata-dir", TestAtlas.GEODATA.toAbsolutePath().toString(), "--web-dir",
        Path.of("web").toAbsolutePath().toString()));
    args.addAll(TestAtlas.databaseOptions(data));
    server = new ProcessBuilder(atlas(args.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the server did not start; its log:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          // What the server found at start, for the record of the run.
          Files.readAllLines(log).stream().filter(l -> l.startsWith("Building layers") || l.startsWith("Records:"))
              .forEach(l -> System.out.println("crash test start " + round + ": " + l));
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    server.destroyForcibly().waitFor();
    throw new AssertionError("the server did not answer within " + START_TIMEOUT.toSeconds() + " s; its log:\n" + Files.readString(log));
  }

  // --- the checks ---------------------------------------------------------------------------------

  private List<String> check(Collection<Ack> acknowledged) throws Exception {
    List<String> problems = new ArrayList<>();
    try (Connection c = records()) {
      lostWrites(c, acknowledged, problems);
      halfWritten(c, problems);
    }
    // A server that catches up in the background gets the time of two of its polls.
    List<String> differences = List.of();
    for (int attempt = 0; attempt < 5; attempt++) {
      differences = layerDifferences();
      if (differences.isEmpty()) {
        break;
      }
      Thread.sleep(1000);
    }
    problems.addAll(differences);
    return problems;
  }

  /** A connection to the records the server writes, beside it. */
  private Connection records() throws SQLException {
    DatabaseUrl db = config.database();
    if (db == null) {
      // The running server shares its records file (AUTO_SERVER), so the test reads what it serves.
      return DriverManager.getConnection(H2Database.recordsUrl(data), "", "");
    }
    Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    c.setSchema("atlas");
    return c;
  }

  private static void lostWrites(Connection c, Collection<Ack> acknowledged, List<String> problems) throws SQLException {
    int lost = 0;
    List<String> examples = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT status FROM versions WHERE incident_id = ? AND version = ?")) {
      for (Ack a : acknowledged) {
        ps.setString(1, a.id());
        ps.setInt(2, a.version());
        try (ResultSet rs = ps.executeQuery()) {
          String stored = rs.next() ? rs.getString(1) : null;
          if (!a.status().equals(stored)) {
            lost++;
            if (examples.size() < 5) {
              examples.add(a + " stored as " + stored);
            }
          }
        }
      }
    }
    if (lost > 0) {
      problems.add(lost + " acknowledged writes lost, for example " + examples);
    }
  }

  /** A record's current version must be the last of a history without gaps. */
  private static void halfWritten(Connection c, List<String> problems) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT i.id, i.version, i.status, h.last, h.n, v.status
        FROM incidents i
        LEFT JOIN (SELECT incident_id, MAX(version) AS last, COUNT(*) AS n FROM versions GROUP BY incident_id) h
          ON h.incident_id = i.id
        LEFT JOIN versions v ON v.incident_id = i.id AND v.version = i.version
        WHERE h.last IS NULL OR i.version <> h.last OR h.n <> h.last OR v.status IS NULL OR v.status <> i.status""");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        problems.add("record " + rs.getString(1) + " is at version " + rs.getInt(2) + " (" + rs.getString(3)
            + ") but its history has " + rs.getInt(5) + " versions up to " + rs.getInt(4) + " (that one " + rs.getString(6) + ")");
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT incident_id FROM versions WHERE incident_id NOT IN (SELECT id FROM incidents)");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        problems.add("record " + rs.getString(1) + " has versions but no current one");
      }
    }
  }

  /** What the served derived layers hold that a fresh derivation from the records does not, and the reverse. */
  private List<String> layerDifferences() throws Exception {
    return FreshDerivation.differences(config, "http://127.0.0.1:" + port, dir);
  }
}
