package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.access.Role;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.records.RecordsDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate --to postgresql://...} as an operator runs it: an embedded atlas with users,
 * tokens, records in every state and their history moves to PostgreSQL, the command's counts and
 * checksums agree with what each database holds, and the atlas served from PostgreSQL answers as
 * the embedded one did. Skipped, with the reason, where PostgreSQL is not installed.
 */
class MigrateCommandTest {
  private static final Pattern TABLE_LINE = Pattern.compile("^\\s+(\\w+)\\s+(\\d+)\\s+([0-9a-f]{16})\\s+(\\d+)\\s+([0-9a-f]{16})$",
      Pattern.MULTILINE);

  @Test
  void anEmbeddedAtlasMovesToPostgresqlWithEveryVersionUserAndToken(@TempDir Path dir) throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres::whyUnavailable);
    AtlasConfig embedded = AtlasConfig.local(0, dir.resolve("h2"), TestAtlas.GEODATA);
    String reviewer;
    String published;
    Map<String, String> served = new LinkedHashMap<>();
    try (TestAtlas h2 = TestAtlas.of(embedded)) {
      reviewer = h2.addUser("rev", Role.REVIEWER);
      h2.addUser("ed", Role.EDITOR);
      Reply created = h2.api().post(ApiClient.ITEMS, reviewer, TestRecords.clash("2020-07-15", "moves to PostgreSQL"));
      published = created.body().get("id").asText();
      Reply review = h2.api().status(published, reviewer, created.etag(), "in_review", null);
      Reply live = h2.api().status(published, reviewer, review.etag(), "published", null);
      assertEquals(200, h2.api().patch(published, reviewer, live.etag(), TestRecords.notes("changed after publishing")).status());
      h2.api().post(ApiClient.ITEMS, reviewer, TestRecords.clash("2020-07-16", "a draft"));
      for (String path : List.of(ApiClient.ITEMS + "?limit=1000", ApiClient.ITEMS + "/" + published + "/history",
          "/api/collections/shelled_villages/items", "/api/records?status=draft",
          // Whole, as PostgreSQL reads a layer from its blocks, which the migration must have made.
          "/download/incidents.geojson", "/download/border_clashes.geojson")) {
        served.put(path, comparable(h2.api().get(path, reviewer).body()));
      }
    }
    Map<String, Long> h2Rows = rows(RecordsDb.open(embedded));

    DatabaseUrl target = TestPostgres.newDatabase("migrated");
    CommandRun run = CommandRun.of(List.of("migrate", "--to", target.shown(), "--data-dir", embedded.dataDir().toString(),
        "--geodata-dir", TestAtlas.GEODATA.toString()), Map.of());
    assertEquals(0, run.status(), run.out() + run.err());
    Matcher m = TABLE_LINE.matcher(run.out());
    Map<String, Long> printed = new LinkedHashMap<>();
    while (m.find()) {
      assertEquals(m.group(2), m.group(4), m.group());
      assertEquals(m.group(3), m.group(5), m.group());
      printed.put(m.group(1), Long.parseLong(m.group(2)));
    }
    assertEquals(h2Rows, printed, run.out());
    assertTrue(printed.get("versions") >= 5, "every version of every record: " + printed);

    AtlasConfig postgres = embedded.withDataDir(dir.resolve("pg")).withDatabase(target);
    assertEquals(h2Rows, rows(RecordsDb.open(postgres)));
    try (TestAtlas pg = TestAtlas.serving(postgres)) {
      served.forEach((path, before) -> assertEquals(before, comparable(pg.api().get(path, reviewer).body()), path));
      assertEquals("rev", pg.api().get("/api/me", reviewer).body().get("name").asText());
      // Change numbers go on after the copied ones: the layers take the next write.
      Reply next = pg.api().post(ApiClient.ITEMS, reviewer, TestRecords.clash("2020-07-17", "written after the move"));
      assertEquals(201, next.status(), next.raw().body());
    }

    CommandRun again = CommandRun.of(List.of("migrate", "--to", target.shown(), "--data-dir", embedded.dataDir().toString()),
        Map.of());
    assertEquals(1, again.status(), again.out());
    assertTrue(again.err().contains("already holds"), again.err());
  }

  @Test
  void aPasswordInTheAddressIsRefusedAndNothingIsWritten(@TempDir Path dir) {
    CommandRun run = CommandRun.of(List.of("migrate", "--to", "postgresql://atlas:secret@127.0.0.1:1/atlas",
        "--data-dir", dir.toString()), Map.of());
    assertEquals(2, run.status());
    assertTrue(run.err().contains("ATLAS_DATABASE_PASSWORD"), run.err());
    CommandRun empty = CommandRun.of(List.of("migrate", "--to", "postgresql://atlas@127.0.0.1:1/atlas",
        "--data-dir", dir.resolve("none").toString()), Map.of());
    assertEquals(1, empty.status());
    assertTrue(empty.err().contains("no records"), empty.err());
  }

  /**
   * The answer without what differs between two servers of the same data: times, addresses, build
   * ids, and the order of features, which a build sets anew along its spatial curve.
   */
  private static String comparable(JsonNode body) {
    JsonNode copy = body.deepCopy();
    strip(copy);
    if (copy.get("features") instanceof com.fasterxml.jackson.databind.node.ArrayNode features) {
      List<JsonNode> sorted = new ArrayList<>();
      features.forEach(sorted::add);
      sorted.sort(java.util.Comparator.comparing(f -> f.get("id").asText()));
      features.removeAll();
      features.addAll(sorted);
    }
    return copy.toString();
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      // What names the build or the moment, and a download's citation and checksum, which do too.
      o.remove(List.of("timeStamp", "links", "href", "build_id", "built_at", "buildId", "builtAt", "exportedAt",
          "citation", "checksum"));
      o.forEach(MigrateCommandTest::strip);
    } else if (node.isArray()) {
      node.forEach(MigrateCommandTest::strip);
    }
  }

  private static Map<String, Long> rows(RecordsDb db) throws SQLException {
    try (db) {
      return db.read(c -> {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : List.of("users", "tokens", "incidents", "versions", "external_ids")) {
          out.put(table, count(c, table));
        }
        return out;
      });
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
