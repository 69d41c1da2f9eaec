package org.incidentatlas.editing;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.incidentatlas.ApiClient;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.FreshDerivation;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of one record writes the rows of the features it affects and no others (its incident,
 * its border clash, its village, its zone), and the layers it leaves equal what a build derives
 * from the same records, through publishing, moving, changing type and archiving.
 */
class IncrementalPublishTest {
  private static TestAtlas atlas;
  private static ApiClient api;
  private static String editor;
  private static String reviewer;

  @TempDir
  Path scratch;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-incremental");
    api = atlas.api();
    editor = atlas.addUser("erin", Role.EDITOR);
    reviewer = atlas.addUser("rita", Role.REVIEWER);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  private static JsonNode freeSettlement(String country, int skip) {
    return BorderSettlements.free(atlas).stream().filter(s -> s.at("/properties/country").asText().equals(country))
        .skip(skip).findFirst().orElseThrow(() -> new AssertionError("no free settlement in " + country));
  }

  /** Writes a record as a draft and sends it to review; returns the answer of the last step. */
  private static Reply inReview(ObjectNode record) {
    Reply created = api.post(ITEMS, editor, record);
    assertEquals(201, created.status(), created.raw().body());
    Reply moved = api.status(created.body().get("id").asText(), editor, created.etag(), "in_review", null);
    assertEquals(200, moved.status(), moved.raw().body());
    return moved;
  }

  /**
   * Rows of the layers' tables written: those of features, and apart from them those of the tables
   * of blocks, where the engine keeps blocks.
   */
  private record Written(long rows, long blocks) {}

  /** Publishes a record in review; returns the rows of the layers the publication wrote. */
  private static Written publish(Reply inReview) {
    long rows = atlas.store.rowsWritten();
    long blocks = atlas.store.blocksWritten();
    Reply published = api.status(inReview.body().get("id").asText(), reviewer, inReview.etag(), "published", null);
    assertEquals(200, published.status(), published.raw().body());
    return new Written(atlas.store.rowsWritten() - rows, atlas.store.blocksWritten() - blocks);
  }

  /**
   * Two rows (the feature's filter row and its GeoJSON) for each served feature that counts the
   * incident: itself, its border clash, its village (when a shelling) and its zone; and where the
   * engine keeps blocks, the block that holds each, each in a layer of its own.
   */
  private static Written rowsOfFeaturesCounting(String id) {
    long features = 1;
    if (atlas.ids("border_clashes").contains(id)) {
      features++;
    }
    JsonNode p = atlas.json("/api/collections/incidents/items/" + id).get("properties");
    if (p.get("event_type").asText().equals("shelling") && atlas.ids("shelled_villages").contains(p.get("place_id").asText())) {
      features++;
    }
    if (!p.get("exposure_zone").isNull()) {
      assertTrue(atlas.ids("exposure_zones").contains(p.get("exposure_zone").asText()), p.toString());
      features++;
    }
    return new Written(2 * features, atlas.store.database().blockSize() > 0 ? features : 0);
  }

  @Test
  void publishingOneRecordWritesOnlyTheRowsOfTheFeaturesItAffects() {
    JsonNode village = freeSettlement("AZ", 0);
    Reply first = inReview(TestRecords.shelling(village, "2020-07-16"));
    String firstId = first.body().get("id").asText();
    Written written = publish(first);
    assertTrue(atlas.ids("shelled_villages").contains(village.get("id").asText()));
    // Incident, a new village and its zone: no other village, zone or clash.
    assertEquals(rowsOfFeaturesCounting(firstId), written);
    assertTrue(written.rows() >= 4, "incident and village: " + written);

    // A second shelling of the same village changes the village in place.
    Reply second = inReview(TestRecords.shelling(village, "2020-07-17"));
    Written secondRows = publish(second);
    assertEquals(rowsOfFeaturesCounting(second.body().get("id").asText()), secondRows);

    // An armed clash is a border clash too, and no village.
    Reply clash = inReview(TestRecords.clash("2020-07-18", "a clash"));
    String clashId = clash.body().get("id").asText();
    Written clashRows = publish(clash);
    assertTrue(atlas.ids("border_clashes").contains(clashId));
    assertEquals(rowsOfFeaturesCounting(clashId), clashRows);
  }

  @Test
  void layersAfterPublishingMovingRetypingAndArchivingEqualABuild() throws Exception {
    JsonNode from = freeSettlement("AZ", 1);
    JsonNode to = freeSettlement("AZ", 2);
    Reply reply = inReview(TestRecords.shelling(from, "2020-07-15"));
    String id = reply.body().get("id").asText();
    publish(reply);
    assertEquals(List.of(), differences());
    reply = api.get(ITEMS + "/" + id, reviewer);

    ObjectNode move = TestAtlas.JSON.createObjectNode();
    move.set("geometry", to.get("geometry"));
    // Its district and names are taken from the new place.
    move.putObject("properties").put("place_id", to.get("id").asText()).putNull("place_name").putNull("admin1")
        .putNull("admin2");
    reply = api.patch(id, reviewer, reply.etag(), move);
    assertEquals(200, reply.status(), reply.raw().body());
    assertTrue(atlas.ids("shelled_villages").contains(to.get("id").asText()));
    assertTrue(!atlas.ids("shelled_villages").contains(from.get("id").asText()), "the village it left is no longer shelled");
    assertEquals(List.of(), differences());

    ObjectNode retype = TestAtlas.JSON.createObjectNode();
    retype.putObject("properties").put("event_type", "armed_clash").putNull("sub_type");
    reply = api.patch(id, reviewer, reply.etag(), retype);
    assertEquals(200, reply.status(), reply.raw().body());
    assertTrue(atlas.ids("border_clashes").contains(id));
    assertTrue(!atlas.ids("shelled_villages").contains(to.get("id").asText()));
    assertEquals(List.of(), differences());

    Reply archived = api.send("DELETE", ITEMS + "/" + id + "?reason=test", reviewer, null, null, reply.etag());
    assertEquals(200, archived.status(), archived.raw().body());
    assertTrue(!atlas.ids("incidents").contains(id));
    assertEquals(List.of(), differences());

    // An incident of geodata: a shelling whose village has others, archived, and one changed.
    JsonNode shelled = atlas.json("/api/collections/shelled_villages/items?limit=1000").get("features").get(0);
    String geodataId = atlas.json("/api/collections/incidents/items?event_type=shelling&place_id="
        + shelled.at("/properties/settlement_id").asText()).at("/features/0/id").asText();
    Reply current = api.get(ITEMS + "/" + geodataId, reviewer);
    archived = api.send("DELETE", ITEMS + "/" + geodataId + "?reason=test", reviewer, null, null, current.etag());
    assertEquals(200, archived.status(), archived.raw().body());
    assertEquals(List.of(), differences());
  }

  private static List<String> differences() throws Exception {
    Path dir = Files.createTempDirectory("atlas-fresh");
    try {
      return FreshDerivation.differences(atlas.config(), atlas.url(""), dir);
    } finally {
      TestAtlas.deleteTree(dir);
    }
  }
}
