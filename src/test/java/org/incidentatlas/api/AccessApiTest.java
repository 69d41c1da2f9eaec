package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Tokens;
import org.incidentatlas.access.Users;
import org.incidentatlas.records.RecordsDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what over HTTP: {@code /api/me}, the admin endpoints, 401 and 403, against the real server. */
class AccessApiTest {
  private static final String CHALLENGE = "Bearer realm=\"incident-atlas\"";

  private static TestAtlas atlas;
  private static RecordsDb records;
  private static Users users;
  private static String admin;
  private static String reviewer;
  private static String editor;
  private static String viewer;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-access");
    // The same records file the server opened: this is how an operator adds the first admin.
    admin = atlas.addUser("root", Role.ADMIN);
    reviewer = atlas.addUser("rev", Role.REVIEWER);
    editor = atlas.addUser("ed", Role.EDITOR);
    viewer = atlas.addUser("vi", Role.VIEWER);
    records = atlas.records();
    users = new Users(records);
  }

  @AfterAll
  static void stop() {
    records.close();
    atlas.close();
  }

  /** The admin endpoints, each with a body that would be accepted. */
  private static final List<String[]> ADMIN_ENDPOINTS = List.of(
      new String[] {"GET", "/api/users", null},
      new String[] {"POST", "/api/users", "{\"name\": \"someone\", \"role\": \"editor\"}"},
      new String[] {"POST", "/api/users/ed/tokens", null},
      new String[] {"DELETE", "/api/users/ed/tokens", null},
      new String[] {"PATCH", "/api/users/ed", "{\"role\": \"admin\"}"});

  @Test
  void meSaysWhoTheCallerIsForEveryRole() throws Exception {
    assertMe(null, null, "viewer");
    assertMe(viewer, "vi", "viewer");
    assertMe(editor, "ed", "editor");
    assertMe(reviewer, "rev", "reviewer");
    assertMe(admin, "root", "admin");
    assertEquals(200, atlas.send(atlas.request("/api/me").method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
  }

  @Test
  void withoutATokenTheAdminEndpointsAre401WithABearerChallenge() throws Exception {
    for (String[] e : ADMIN_ENDPOINTS) {
      Reply r = call(e[0], e[1], null, e[2]);
      assertError(r, 401, "Unauthorized", "bearer token of a user with the role admin");
      assertEquals(CHALLENGE, r.raw().headers().firstValue("WWW-Authenticate").orElse(""), e[0] + " " + e[1]);
    }
    assertFalse(users.find("someone").isPresent());
    assertEquals(Role.EDITOR, users.find("ed").orElseThrow().role());
    assertEquals(1, users.find("ed").orElseThrow().activeTokens());
  }

  @Test
  void aBadTokenIs401EvenWhereAnonymousCallersAreWelcome() throws Exception {
    String revoked = users.issueToken("vi");
    users.revokeTokens("vi");
    viewer = users.issueToken("vi");
    String[][] headers = {
        {"Bearer " + Tokens.generate(), "unknown or revoked"},
        {"Bearer " + revoked, "unknown or revoked"},
        {"Bearer " + admin.substring(0, admin.length() - 1), "malformed"},
        {"Bearer " + Tokens.hash(admin), "malformed"},
        {"Bearer", "must be 'Bearer <token>'"},
        // Header values lose their trailing spaces on the way: this is "Bearer" alone.
        {"Bearer ", "must be 'Bearer <token>'"},
        {"Bearer  " + admin + "x", "malformed"},
        {"", "must be 'Bearer <token>'"},
        {admin, "must be 'Bearer <token>'"},
        {"Basic cm9vdDpzZWNyZXQ=", "must be 'Bearer <token>'"}};
    for (String[] h : headers) {
      for (String path : List.of("/api/me", "/api/users", "/api/collections", "/api/collections/incidents/items?limit=1")) {
        Reply r = atlas.api().send(atlas.request(path).header("Authorization", h[0]));
        assertError(r, 401, "Unauthorized", h[1]);
        assertEquals(CHALLENGE + ", error=\"invalid_token\"", r.raw().headers().firstValue("WWW-Authenticate").orElse(""), h[0]);
      }
    }
    // The scheme's name is case-insensitive (RFC 7235).
    assertEquals(200, atlas.send(atlas.request("/api/me").header("Authorization", "bearer " + admin)).statusCode());
  }

  @Test
  void publicReadsAnswerAnonymousCallersAndUsersAlike() {
    for (String token : new String[] {null, viewer, editor, admin}) {
      Reply r = call("GET", "/api/collections/incidents/items?limit=1", token, null);
      assertEquals(200, r.status(), r.raw().body());
    }
  }

  @Test
  void usersBelowAdminAre403WithTheRoleNeededAndTheRoleHeld() throws Exception {
    for (String[] holder : new String[][] {{viewer, "vi", "viewer"}, {editor, "ed", "editor"}, {reviewer, "rev", "reviewer"}}) {
      for (String[] e : ADMIN_ENDPOINTS) {
        Reply r = call(e[0], e[1], holder[0], e[2]);
        assertError(r, 403, "Forbidden", "this needs the role admin; '" + holder[1] + "' has the role " + holder[2]);
        assertFalse(r.raw().headers().firstValue("WWW-Authenticate").isPresent());
      }
    }
    assertFalse(users.find("someone").isPresent());
    assertEquals(Role.EDITOR, users.find("ed").orElseThrow().role());
  }

  @Test
  void anAdminListsUsersWithoutTokensOrHashes() throws Exception {
    Reply r = call("GET", "/api/users", admin, null);
    assertEquals(200, r.status(), r.raw().body());
    assertEquals("no-store", r.raw().headers().firstValue("Cache-Control").orElse(""));
    JsonNode list = r.body().get("users");
    List<String> names = new ArrayList<>();
    for (JsonNode u : list) {
      names.add(u.get("name").asText());
      assertEquals(Set.of("name", "role", "created", "activeTokens"), fieldNames(u));
      assertTrue(u.get("activeTokens").asInt() >= 0 && u.get("created").asText().endsWith("Z"), u.toString());
    }
    assertTrue(names.containsAll(List.of("ed", "rev", "root", "vi")), names.toString());
    assertEquals(names.stream().sorted().toList(), names);
    JsonNode root = list.get(names.indexOf("root"));
    assertEquals("admin", root.get("role").asText());
    for (String token : List.of(admin, editor, reviewer)) {
      assertFalse(r.raw().body().contains(token.substring(Tokens.PREFIX.length())), "a token in the list");
      assertFalse(r.raw().body().contains(Tokens.hash(token)), "a token's hash in the list");
    }
    assertFalse(r.raw().body().contains(Tokens.PREFIX));
  }

  @Test
  void anAdminAddsAUserWhoseFirstTokenIsShownOnceAndWorks() throws Exception {
    Reply r = call("POST", "/api/users", admin, "{\"name\": \"new.editor\", \"role\": \"editor\"}");
    assertEquals(201, r.status(), r.raw().body());
    assertEquals("no-store", r.raw().headers().firstValue("Cache-Control").orElse(""));
    JsonNode body = r.body();
    assertEquals("new.editor", body.get("user").get("name").asText());
    assertEquals("editor", body.get("user").get("role").asText());
    assertEquals(1, body.get("user").get("activeTokens").asInt());
    String token = body.get("token").asText();
    assertTrue(Tokens.wellFormed(token), token);
    assertMe(token, "new.editor", "editor");

    Reply again = call("POST", "/api/users", admin, "{\"name\": \"new.editor\", \"role\": \"admin\"}");
    assertError(again, 409, "Conflict", "a user named 'new.editor' exists already");
    assertEquals(Role.EDITOR, users.find("new.editor").orElseThrow().role());
  }

  @Test
  void anAdminIssuesAndRevokesTokensAndRevokedTokensAre401() throws Exception {
    String first = atlas.addUser("temp", Role.REVIEWER);
    Reply issued = call("POST", "/api/users/temp/tokens", admin, null);
    assertEquals(201, issued.status(), issued.raw().body());
    assertEquals("no-store", issued.raw().headers().firstValue("Cache-Control").orElse(""));
    JsonNode body = issued.body();
    assertEquals(Set.of("token"), fieldNames(body));
    String second = body.get("token").asText();
    assertMe(first, "temp", "reviewer");
    assertMe(second, "temp", "reviewer");
    assertEquals(2, users.find("temp").orElseThrow().activeTokens());

    Reply revoked = call("DELETE", "/api/users/temp/tokens", admin, null);
    assertEquals(204, revoked.status(), revoked.raw().body());
    assertEquals("", revoked.raw().body());
    for (String token : List.of(first, second)) {
      assertError(call("GET", "/api/me", token, null), 401, "Unauthorized", "unknown or revoked");
    }
    assertEquals(0, users.find("temp").orElseThrow().activeTokens());
  }

  @Test
  void anAdminChangesARoleAndTheUsersTokensCarryItAtOnce() throws Exception {
    String token = atlas.addUser("promoted", Role.EDITOR);
    Reply r = call("PATCH", "/api/users/promoted", admin, "{\"role\": \"reviewer\"}");
    assertEquals(200, r.status(), r.raw().body());
    JsonNode user = r.body();
    assertEquals("promoted", user.get("name").asText());
    assertEquals("reviewer", user.get("role").asText());
    assertMe(token, "promoted", "reviewer");
    assertEquals(200, call("PATCH", "/api/users/promoted", admin, "{\"role\": \"admin\"}").status());
    assertEquals(200, call("GET", "/api/users", token, null).status());
  }

  @Test
  void unknownUsersAre404() throws Exception {
    assertError(call("POST", "/api/users/nobody/tokens", admin, null), 404, "NotFound", "no user named 'nobody'");
    assertError(call("DELETE", "/api/users/nobody/tokens", admin, null), 404, "NotFound", "no user named 'nobody'");
    assertError(call("PATCH", "/api/users/nobody", admin, "{\"role\": \"admin\"}"), 404, "NotFound", "no user named 'nobody'");
    assertFalse(users.find("nobody").isPresent());
  }

  @Test
  void badBodiesAre400NamingTheField() throws Exception {
    String[][] cases = {
        {"POST", "/api/users", "", "must be a JSON object with name, role"},
        {"POST", "/api/users", "[]", "must be a JSON object with name, role"},
        {"POST", "/api/users", "name=x&role=editor", "it is not JSON"},
        {"POST", "/api/users", "{\"name\": \"x\", \"role\": \"editor\"", "it is not JSON"},
        {"POST", "/api/users", "{\"name\": \"x\", \"role\": \"editor\"} {}", "it is not JSON"},
        {"POST", "/api/users", "{\"name\": \"x\", \"name\": \"y\", \"role\": \"editor\"}", "it is not JSON"},
        {"POST", "/api/users", "{\"role\": \"editor\"}", "field 'name' is required"},
        {"POST", "/api/users", "{\"name\": null, \"role\": \"editor\"}", "field 'name' is required"},
        {"POST", "/api/users", "{\"name\": 7, \"role\": \"editor\"}", "field 'name' must be a string"},
        {"POST", "/api/users", "{\"name\": \"x\"}", "field 'role' is required"},
        {"POST", "/api/users", "{\"name\": \"x\", \"role\": \"root\"}", "field 'role' must be one of viewer, editor, reviewer, admin, got 'root'"},
        {"POST", "/api/users", "{\"name\": \"x\", \"role\": \"Admin\"}", "field 'role' must be one of"},
        {"POST", "/api/users", "{\"name\": \"x\", \"role\": \"editor\", \"token\": \"atlas_x\"}", "unknown field 'token'"},
        {"POST", "/api/users", "{\"name\": \"a b\", \"role\": \"editor\"}", "field 'name': a user name is 1 to 64 letters"},
        {"POST", "/api/users", "{\"name\": \"\", \"role\": \"editor\"}", "field 'name': a user name is 1 to 64 letters"},
        {"POST", "/api/users", "{\"name\": \"" + "x".repeat(65) + "\", \"role\": \"editor\"}", "field 'name'"},
        {"PATCH", "/api/users/ed", "{}", "field 'role' is required"},
        {"PATCH", "/api/users/ed", "{\"role\": \"superuser\"}", "field 'role' must be one of"},
        {"PATCH", "/api/users/ed", "{\"role\": \"admin\", \"name\": \"other\"}", "unknown field 'name'; the request body must be a JSON object with role"}};
    for (String[] c : cases) {
      assertError(call(c[0], c[1], admin, c[2]), 400, "InvalidParameterValue", c[3]);
    }
    assertError(call("GET", "/api/users?limit=3", admin, null), 400, "InvalidParameterValue", "unknown parameter 'limit'");
    assertFalse(users.find("x").isPresent());
    assertEquals(Role.EDITOR, users.find("ed").orElseThrow().role());
  }

  @Test
  void bodiesOver16KbAre413WithOrWithoutADeclaredLength() throws Exception {
    String big = "{\"name\": \"big\", \"role\": \"editor\", \"pad\": \"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";
    assertError(call("POST", "/api/users", admin, big), 413, "PayloadTooLarge", "larger than 16 kB");
    // Without Content-Length, the body is sent in chunks and cut off as it is read.
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    Reply chunked = atlas.api().send(atlas.request("/api/users").header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    assertError(chunked, 413, "PayloadTooLarge", "larger than 16 kB");
    assertFalse(users.find("big").isPresent());
  }

  @Test
  void theApiDefinitionDescribesEveryAccessEndpoint() {
    JsonNode paths = atlas.json("/api/openapi").get("paths");
    assertTrue(paths.at("/~1me/get/responses").has("401"));
    for (String[] e : ADMIN_ENDPOINTS) {
      JsonNode op = paths.path(e[1].replace("/api", "").replace("/ed", "/{name}")).path(e[0].toLowerCase(Locale.ROOT));
      assertTrue(op.at("/responses").has("401") && op.at("/responses").has("403"), e[0] + " " + e[1]);
      assertEquals("bearerToken", op.at("/security/0").fieldNames().next(), e[0] + " " + e[1]);
    }
  }

  /** A request of a user, its body (if any) JSON as every access endpoint takes it. */
  private static Reply call(String method, String path, String token, String body) {
    return atlas.api().send(method, path, token, body, body == null ? null : "application/json", null);
  }

  private static void assertMe(String token, String name, String role) {
    Reply r = call("GET", "/api/me", token, null);
    assertEquals(200, r.status(), r.raw().body());
    JsonNode me = r.body();
    assertEquals(Set.of("name", "role"), fieldNames(me));
    assertEquals(name, me.get("name").isNull() ? null : me.get("name").asText());
    assertEquals(role, me.get("role").asText());
  }

  private static void assertError(Reply r, int status, String code, String inDescription) {
    String where = r.raw().request().method() + " " + r.raw().request().uri() + " -> " + r.status() + " " + r.raw().body();
    assertEquals(status, r.status(), where);
    JsonNode body = r.body();
    assertEquals(code, body.get("code").asText(), where);
    assertTrue(body.get("description").asText().contains(inDescription), where);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
