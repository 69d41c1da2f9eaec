package org.incidentatlas.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.incidentatlas.records.RecordsDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and tokens in a real records file. */
class UsersTest {
  @TempDir
  Path dir;
  private RecordsDb db;
  private Users users;

  @BeforeEach
  void open() {
    db = RecordsDb.open(dir);
    users = new Users(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anAddedUserSignsInWithTheFirstTokenAndHasTheirRole() {
    Instant before = Instant.now().minusSeconds(1);
    Users.Issued ana = users.add("ana", Role.EDITOR);
    assertEquals(new User("ana", Role.EDITOR, ana.user().created(), 1), ana.user());
    assertTrue(ana.user().created().isAfter(before) && ana.user().created().isBefore(Instant.now().plusSeconds(1)));
    assertEquals(Optional.of(new Principal("ana", Role.EDITOR)), users.authenticate(ana.token()));
    assertEquals(List.of(ana.user()), users.list());
  }

  @Test
  void usersAreListedByNameWithTheirActiveTokens() {
    users.add("zara", Role.ADMIN);
    users.add("ben", Role.VIEWER);
    users.issueToken("ben");
    users.add("mo.k_2-x", Role.REVIEWER);
    users.revokeTokens("mo.k_2-x");
    List<User> list = users.list();
    assertEquals(List.of("ben", "mo.k_2-x", "zara"), list.stream().map(User::name).toList());
    assertEquals(List.of(2, 0, 1), list.stream().map(User::activeTokens).toList());
    assertEquals(List.of(Role.VIEWER, Role.REVIEWER, Role.ADMIN), list.stream().map(User::role).toList());
  }

  @Test
  void aSecondUserOfTheSameNameIsRefused() {
    users.add("ana", Role.EDITOR);
    var e = assertThrows(UserException.class, () -> users.add("ana", Role.ADMIN));
    assertEquals(UserException.Reason.EXISTS, e.reason());
    assertEquals("a user named 'ana' exists already", e.getMessage());
    assertEquals(Role.EDITOR, users.find("ana").orElseThrow().role());
    assertEquals(1, users.list().size());
  }

  @Test
  void namesAreOneTo64LettersDigitsDotsUnderscoresOrHyphens() {
    users.add("a", Role.VIEWER);
    users.add("x".repeat(64), Role.VIEWER);
    users.add("Ana.Lopez_2-b", Role.VIEWER);
    for (String bad : new String[] {"", "x".repeat(65), "ana lopez", "ana/b", "ana@example.org", "Ağdam", "'; DROP TABLE users; --",
        "ana\n"}) {
      var e = assertThrows(UserException.class, () -> users.add(bad, Role.VIEWER), bad);
      assertEquals(UserException.Reason.INVALID, e.reason());
      assertTrue(e.getMessage().contains("1 to 64 letters, digits, '.', '_' or '-'"), e.getMessage());
    }
    assertThrows(UserException.class, () -> users.add(null, Role.VIEWER));
    assertEquals(3, users.list().size());
  }

  @Test
  void everyTokenOfAUserWorksUntilAllAreRevoked() {
    String first = users.add("ana", Role.EDITOR).token();
    String second = users.issueToken("ana");
    assertNotEquals(first, second);
    assertEquals("ana", users.authenticate(second).orElseThrow().name());
    assertEquals(2, users.revokeTokens("ana"));
    assertEquals(Optional.empty(), users.authenticate(first));
    assertEquals(Optional.empty(), users.authenticate(second));
    assertEquals(0, users.revokeTokens("ana"));
    assertEquals(0, users.find("ana").orElseThrow().activeTokens());
    String third = users.issueToken("ana");
    assertEquals(Optional.of(new Principal("ana", Role.EDITOR)), users.authenticate(third));
    assertEquals(Optional.empty(), users.authenticate(first));
  }

  @Test
  void aNewRoleHoldsForTokensIssuedBefore() {
    String token = users.add("ana", Role.EDITOR).token();
    User changed = users.changeRole("ana", Role.REVIEWER);
    assertEquals(Role.REVIEWER, changed.role());
    assertEquals(1, changed.activeTokens());
    assertEquals(Optional.of(new Principal("ana", Role.REVIEWER)), users.authenticate(token));
  }

  @Test
  void changesToAnUnknownUserSayThereIsNone() {
    users.add("ana", Role.EDITOR);
    for (Runnable change : List.<Runnable>of(() -> users.issueToken("bob"), () -> users.revokeTokens("bob"),
        () -> users.changeRole("bob", Role.ADMIN))) {
      var e = assertThrows(UserException.class, change::run);
      assertEquals(UserException.Reason.UNKNOWN_USER, e.reason());
      assertEquals("no user named 'bob'", e.getMessage());
    }
    assertEquals(Optional.empty(), users.find("bob"));
  }

  @Test
  void unknownAndMalformedTokensAuthenticateNobody() {
    String token = users.add("ana", Role.ADMIN).token();
    assertEquals(Optional.empty(), users.authenticate(Tokens.generate()));
    assertEquals(Optional.empty(), users.authenticate(null));
    assertEquals(Optional.empty(), users.authenticate(""));
    assertEquals(Optional.empty(), users.authenticate(Tokens.hash(token)));
    assertEquals(Optional.empty(), users.authenticate(token.toUpperCase()));
    assertEquals(Optional.empty(), users.authenticate(token + " "));
  }

  @Test
  void thePlainTokenIsNeverWrittenToTheFileOnlyItsHash() throws Exception {
    String first = users.add("ana", Role.ADMIN).token();
    String second = users.issueToken("ana");
    db.close();
    byte[] file = Files.readAllBytes(dir.resolve("records.mv.db"));
    for (String token : List.of(first, second)) {
      assertFalse(contains(file, token.getBytes(StandardCharsets.UTF_8)), "the file holds a plain token");
      assertFalse(contains(file, token.substring("atlas_".length()).getBytes(StandardCharsets.UTF_8)), "the file holds a token's random part");
      // The scan can find what is there: the hash is stored as text.
      assertTrue(contains(file, Tokens.hash(token).getBytes(StandardCharsets.UTF_8)), "the hash is not in the file");
    }
    assertTrue(contains(file, "ana".getBytes(StandardCharsets.UTF_8)));
    db = RecordsDb.open(dir);
    users = new Users(db);
    assertEquals("ana", users.authenticate(second).orElseThrow().name());
  }

  @Test
  void usersOutliveTheProcessThatAddedThem() {
    Users.Issued ana = users.add("ana", Role.REVIEWER);
    db.close();
    db = RecordsDb.open(dir);
    users = new Users(db);
    assertEquals(List.of(ana.user()), users.list());
    assertEquals(Optional.of(new Principal("ana", Role.REVIEWER)), users.authenticate(ana.token()));
    assertTrue(Duration.between(ana.user().created(), Instant.now()).toMinutes() < 1);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
