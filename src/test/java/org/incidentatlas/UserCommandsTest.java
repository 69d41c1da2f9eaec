package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Tokens;
import org.incidentatlas.access.Users;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code user} commands, run as the jar runs them: exit status, output, and the records they leave. */
class UserCommandsTest {
  @TempDir
  Path dir;

  private CommandRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", dir.toString()));
    all.addAll(TestAtlas.databaseOptions(dir));
    return CommandRun.of(all, Map.of());
  }

  private Principal signIn(String token) {
    try (RecordsDb db = TestAtlas.records(TestAtlas.configFor(dir, TestAtlas.GEODATA))) {
      return new Users(db).authenticate(token).orElse(null);
    }
  }

  @Test
  void addPrintsTheTokenOnceWithALineSayingSo() {
    CommandRun add = run("user", "add", "ana", "--role", "admin");
    assertEquals(0, add.status(), add.err());
    assertTrue(add.out().contains("Added the user ana with the role admin"), add.out());
    assertTrue(add.out().contains("shown only now"), add.out());
    String token = add.lastLine();
    assertTrue(Tokens.wellFormed(token), token);
    assertEquals(new Principal("ana", Role.ADMIN), signIn(token));
    assertEquals("", add.err());
    CommandRun list = run("user", "list");
    assertFalse(list.out().contains(token.substring(Tokens.PREFIX.length())), list.out());
  }

  @Test
  void tokenListRevokeAndRoleDoWhatTheySay() {
    String first = run("user", "add", "ana", "--role=editor").lastLine();
    CommandRun token = run("user", "token", "ana");
    assertEquals(0, token.status(), token.err());
    assertTrue(token.out().contains("shown only now"), token.out());
    String second = token.lastLine();
    assertEquals(new Principal("ana", Role.EDITOR), signIn(second));
    run("user", "add", "bo", "--role", "viewer");

    CommandRun list = run("user", "list");
    assertEquals(0, list.status(), list.err());
    String[] lines = list.out().strip().split("\n");
    assertEquals(3, lines.length, list.out());
    assertTrue(lines[0].matches("name +role +created +valid tokens"), lines[0]);
    assertTrue(lines[1].matches("ana +editor +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +2"), lines[1]);
    assertTrue(lines[2].matches("bo +viewer +\\S+ +1"), lines[2]);

    CommandRun role = run("user", "role", "ana", "reviewer");
    assertEquals(0, role.status(), role.err());
    assertEquals("ana now has the role reviewer.", role.out().strip());
    assertEquals(new Principal("ana", Role.REVIEWER), signIn(first));

    CommandRun revoke = run("user", "revoke", "ana");
    assertEquals(0, revoke.status(), revoke.err());
    assertTrue(revoke.out().startsWith("Revoked 2 tokens of ana"), revoke.out());
    assertEquals(null, signIn(first));
    assertEquals(null, signIn(second));
    assertTrue(run("user", "list").out().contains("bo  "));
  }

  @Test
  void mistakesInTheCommandLineExitWith2AndTheUsage() {
    String[][] cases = {
        {"user add needs --role, one of viewer, editor, reviewer, admin", "user", "add", "ana"},
        {"--role must be one of viewer, editor, reviewer, admin, got 'root'", "user", "add", "ana", "--role", "root"},
        {"ROLE must be one of viewer, editor, reviewer, admin, got 'Admin'", "user", "role", "ana", "Admin"},
        {"usage: user add NAME --role ROLE (got nothing after 'user add')", "user", "add", "--role", "admin"},
        {"usage: user add NAME --role ROLE (got 'ana bo' after 'user add')", "user", "add", "ana", "bo", "--role", "admin"},
        {"usage: user token NAME (got nothing after 'user token')", "user", "token"},
        {"usage: user list (got 'all' after 'user list')", "user", "list", "all"},
        {"usage: user role NAME ROLE (got 'ana' after 'user role')", "user", "role", "ana"},
        {"'user' needs one of add, token, list, revoke, role", "user"},
        {"'user' needs one of add, token, list, revoke, role; got 'delete'", "user", "delete", "ana"},
        {"unknown option --roel", "user", "add", "ana", "--roel", "admin"},
        {"option --role is for 'user add' only, not for 'user token ana'", "user", "token", "ana", "--role", "admin"},
        {"option --publish is for 'import' only", "user", "list", "--publish"}};
    for (String[] c : cases) {
      CommandRun r = run(List.of(c).subList(1, c.length).toArray(String[]::new));
      assertEquals(2, r.status(), String.join(" ", c));
      assertTrue(r.err().startsWith("incident-atlas: " + c[0]), r.err());
      assertTrue(r.err().contains("user add NAME --role ROLE"), "the usage follows");
      assertEquals("", r.out());
    }
    assertEquals("", run("user", "list").err());
    assertTrue(run("user", "list").out().startsWith("No users yet"));
  }

  @Test
  void refusedChangesExitWith1AndSayWhy() {
    run("user", "add", "ana", "--role", "admin");
    String[][] cases = {
        {"incident-atlas: a user named 'ana' exists already", "user", "add", "ana", "--role", "viewer"},
        {"incident-atlas: a user name is 1 to 64 letters, digits, '.', '_' or '-', got 'an a'", "user", "add", "an a", "--role", "viewer"},
        {"incident-atlas: no user named 'bo'", "user", "token", "bo"},
        {"incident-atlas: no user named 'bo'", "user", "revoke", "bo"},
        {"incident-atlas: no user named 'bo'", "user", "role", "bo", "admin"}};
    for (String[] c : cases) {
      CommandRun r = run(List.of(c).subList(1, c.length).toArray(String[]::new));
      assertEquals(1, r.status(), String.join(" ", c));
      assertEquals(c[0], r.err().strip());
      assertEquals("", r.out());
    }
  }

  @Test
  void aTokenMadeByTheCommandLineOfAnotherProcessWorksOnTheRunningServer() throws Exception {
    List<String> options = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString()));
    options.addAll(TestAtlas.databaseOptions(dir));
    AtlasConfig config = AtlasConfig.parse(options, Map.of());
    // An empty database is enough: who is calling does not depend on the layers.
    Javalin app = AtlasServer.create(config, AtlasStore.open(config)).start();
    try {
      ApiClient api = new ApiClient("http://127.0.0.1:" + app.port());
      CommandRun add = jar("user", "add", "ops", "--role", "admin", "--data-dir", dir.toString());
      assertEquals(0, add.status(), add.out() + add.err());
      String token = add.lastLine();

      JsonNode me = api.json("/api/me", token);
      assertEquals("ops", me.get("name").asText());
      assertEquals("admin", me.get("role").asText());
      // The server's admin endpoints see what the other process wrote, and it sees what they write.
      Reply added = api.send("POST", "/api/users", token, "{\"name\": \"ed\", \"role\": \"editor\"}", "application/json", null);
      assertEquals(201, added.status(), added.raw().body());
      CommandRun list = jar("user", "list", "--data-dir", dir.toString());
      assertTrue(list.out().matches("(?s).*\\ned +editor .*\\nops +admin .*"), list.out() + list.err());

      CommandRun revoke = jar("user", "revoke", "ops", "--data-dir", dir.toString());
      assertEquals(0, revoke.status(), revoke.out() + revoke.err());
      Reply refused = api.get("/api/me", token);
      assertEquals(401, refused.status(), refused.raw().body());
    } finally {
      app.stop();
    }
  }

  /** The command line in a JVM of its own, as {@code java -jar} runs it. */
  private CommandRun jar(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    command.addAll(TestAtlas.databaseOptions(dir));
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command line did not finish: " + command);
      return new CommandRun(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
