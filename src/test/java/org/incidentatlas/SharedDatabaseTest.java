package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.incidentatlas.access.Role;
import org.incidentatlas.config.AtlasConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two atlas servers on one PostgreSQL database, as behind a proxy: what one accepts the other
 * serves within a second, they share users and tokens, pages of either fit together, and two
 * editors writing the same version through different servers cannot both win. Skipped, with the
 * reason, where PostgreSQL is not installed.
 */
class SharedDatabaseTest {
  /** The longest a change accepted by one server may take to be served by the other. */
  private static final long VISIBLE_WITHIN_MS = 1000;
  /** A small box around the point of {@link TestRecords#clash}. */
  private static final String CLASH_BOX = "45.6,40.9,45.7,41.0";

  private static Path dir;
  private static TestAtlas a;
  private static TestAtlas b;
  private static String reviewer;

  @BeforeAll
  static void twoServers() throws IOException {
    assumeTrue(TestPostgres.available(), TestPostgres::whyUnavailable);
    dir = Files.createTempDirectory("shared-db");
    a = TestAtlas.of(AtlasConfig.local(0, dir.resolve("a"), TestAtlas.GEODATA)
        .withDatabase(TestPostgres.newDatabase("shared")));
    b = a.alongside(dir.resolve("b"));
    reviewer = a.addUser("reviewer", Role.REVIEWER);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    if (dir != null) {
      TestAtlas.deleteTree(dir);
    }
  }

  @Test
  void anIncidentPublishedThroughOneServerIsServedByTheOtherWithinOneSecond() throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      TestAtlas writer = round % 2 == 0 ? a : b;
      TestAtlas reader = writer == a ? b : a;
      long before = count(reader);
      long inBox = count(reader, CLASH_BOX);
      Reply created = writer.api().post(ApiClient.ITEMS, reviewer, TestRecords.clash("2020-07-13", "shared round " + round));
      assertEquals(201, created.status(), created.body().toString());
      String id = created.body().get("id").asText();
      Reply review = writer.api().status(id, reviewer, created.etag(), "in_review", null);
      assertEquals(200, review.status(), review.body().toString());
      Reply published = writer.api().status(id, reviewer, review.etag(), "published", null);
      assertEquals(200, published.status(), published.body().toString());
      long acknowledged = System.nanoTime();
      long waited = -1;
      while ((System.nanoTime() - acknowledged) / 1_000_000 < 5 * VISIBLE_WITHIN_MS) {
        if (reader.get(ApiClient.ITEMS + "/" + id).statusCode() == 200 && count(reader) == before + 1
            && count(reader, CLASH_BOX) == inBox + 1) {
          waited = (System.nanoTime() - acknowledged) / 1_000_000;
          break;
        }
        Thread.sleep(20);
      }
      assertTrue(waited >= 0 && waited <= VISIBLE_WITHIN_MS,
          "round " + round + ": " + id + " published on one server, served by the other after " + waited + " ms");
      assertEquals(count(writer), count(reader));
      assertEquals(count(writer, CLASH_BOX), count(reader, CLASH_BOX));
    }
  }

  @Test
  void aTokenIssuedByOneServerSignsInAtTheOther() {
    String admin = a.addUser("admin", Role.ADMIN);
    Reply added = b.api().send("POST", "/api/users", admin, "{\"name\": \"shared.editor\", \"role\": \"editor\"}",
        "application/json", null);
    assertEquals(201, added.status(), added.body().toString());
    String token = added.body().get("token").asText();
    Reply me = a.api().get("/api/me", token);
    assertEquals(200, me.status(), me.body().toString());
    assertEquals("shared.editor", me.body().get("name").asText());
    Reply revoked = a.api().send("DELETE", "/api/users/shared.editor/tokens", admin, null, null, null);
    assertTrue(revoked.status() / 100 == 2, revoked.raw().body());
    assertEquals(401, b.api().get("/api/me", token).status());
  }

  @Test
  void twoWritersOfTheSameVersionOnDifferentServersCannotBothWin() throws Exception {
    for (int round = 0; round < 5; round++) {
      Reply created = a.api().post(ApiClient.ITEMS, reviewer, TestRecords.clash("2020-07-14", "contested " + round));
      String id = created.body().get("id").asText();
      String etag = created.etag();
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Reply>> writes = new ArrayList<>();
      for (TestAtlas server : List.of(a, b)) {
        writes.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return server.api().patch(id, reviewer, etag, TestRecords.notes("written through port " + server.port()));
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Reply> w : writes) {
        statuses.add(w.get().status());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "round " + round + ": " + statuses);
      assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 412 || s == 409), "round " + round + ": " + statuses);
      JsonNode history = b.api().get(ApiClient.ITEMS + "/" + id + "/history", reviewer).body();
      assertEquals(2, history.get("versions").size(), "one version created, one change: " + history);
    }
  }

  @Test
  void pagesReadFromEitherServerFitTogether() {
    Set<String> all = a.ids("incidents");
    assertEquals(all, b.ids("incidents"));
    Set<String> paged = new HashSet<>();
    int pages = 0;
    for (int offset = 0; offset < all.size(); offset += 4) {
      TestAtlas server = pages++ % 2 == 0 ? a : b;
      JsonNode page = server.json(ApiClient.ITEMS + "?limit=4&offset=" + offset);
      page.get("features").forEach(f -> assertTrue(paged.add(f.get("id").asText()), "twice: " + f.get("id")));
    }
    assertEquals(all, paged);
  }

  private static long count(TestAtlas server) {
    return server.json(ApiClient.ITEMS + "?limit=1").get("numberMatched").asLong();
  }

  /** The features in {@code bbox}: from the server's point index once it holds one of the revision. */
  private static long count(TestAtlas server, String bbox) {
    return server.json(ApiClient.ITEMS + "?limit=1&bbox=" + bbox).get("numberMatched").asLong();
  }
}
