package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.ApiClient;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change to a published incident by an editor waits for review, and until a reviewer publishes
 * it the published version stays what everyone is served: the layer, the public record and its
 * public history.
 */
class ChangeProposalApiTest {
  private static TestAtlas atlas;
  private static ApiClient api;
  private static String editor;
  private static String reviewer;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-proposals");
    api = atlas.api();
    editor = atlas.addUser("enzo", Role.EDITOR);
    reviewer = atlas.addUser("rosa", Role.REVIEWER);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  /** The record as served, with one more source. */
  private static ObjectNode withSource(JsonNode served, String id, String publisher) {
    ObjectNode record = served.deepCopy();
    ArrayNode sources = (ArrayNode) record.with("properties").get("sources");
    sources.addObject().put("id", id).put("publisher", publisher).put("date", "2020-07-20").put("language", "en");
    return record;
  }

  private static List<String> sourceIds(JsonNode record) {
    List<String> ids = new ArrayList<>();
    record.at("/properties/sources").forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }

  private static Reply put(String id, String token, String etag, JsonNode record) {
    return api.send("PUT", ITEMS + "/" + id, token, record.toString(), "application/geo+json", etag);
  }

  @Test
  void anEditorsChangeToAPublishedIncidentWaitsForReviewWhileThePublishedVersionStaysServed() {
    String id = "TT2020-0009";
    Reply before = api.get(ITEMS + "/" + id, null);
    assertEquals(200, before.status());
    List<String> publishedSources = sourceIds(before.body());
    String newSource = "S" + (publishedSources.size() + 10);

    Reply proposed = put(id, editor, before.etag(), withSource(before.body(), newSource, "Proposal Weekly"));
    assertEquals(200, proposed.status(), proposed.raw().body());
    assertEquals("in_review", proposed.body().at("/properties/status").asText());
    assertEquals(1, proposed.body().at("/properties/published_version").asInt(), proposed.raw().body());

    // The public, the layer and the public history still have the published version.
    Reply publicRead = api.get(ITEMS + "/" + id, null);
    assertEquals(before.etag(), publicRead.etag());
    assertEquals(publishedSources, sourceIds(publicRead.body()));
    assertTrue(atlas.ids("incidents").contains(id));
    JsonNode publicHistory = api.get(ITEMS + "/" + id + "/history", null).body();
    assertEquals(1, publicHistory.get("versions").size(), publicHistory.toString());
    assertEquals(404, api.get(ITEMS + "/" + id + "/history/2", null).status());

    // Editors read the change, and the review list names the version it would replace.
    Reply editorRead = api.get(ITEMS + "/" + id, editor);
    assertEquals(proposed.etag(), editorRead.etag());
    assertTrue(sourceIds(editorRead.body()).contains(newSource));
    JsonNode listed = null;
    for (JsonNode r : api.get("/api/records?status=in_review", editor).body().get("records")) {
      if (r.get("id").asText().equals(id)) {
        listed = r;
      }
    }
    assertTrue(listed != null, "the change is listed for review");
    assertEquals(1, listed.get("published_version").asInt());
    assertEquals("Point", listed.at("/geometry/type").asText());

    // While it waits, an editor cannot take the published incident off the map by archiving it.
    assertEquals(403, api.send("DELETE", ITEMS + "/" + id + "?reason=x", editor, null, null, proposed.etag()).status());

    // Published by a reviewer: now everyone is served the new version.
    Reply published = api.status(id, reviewer, proposed.etag(), "published", null);
    assertEquals(200, published.status(), published.raw().body());
    Reply after = api.get(ITEMS + "/" + id, null);
    assertEquals(published.etag(), after.etag());
    assertTrue(sourceIds(after.body()).contains(newSource), after.raw().body());
    assertEquals(3, api.get(ITEMS + "/" + id + "/history", null).body().get("versions").size());
  }

  @Test
  void aRejectedChangeLeavesThePublishedVersionServedAndAReviewerStillChangesAtOnce() {
    String id = "TT2020-0010";
    Reply before = api.get(ITEMS + "/" + id, null);
    Reply proposed = put(id, editor, before.etag(), withSource(before.body(), "S40", "Rejected Daily"));
    assertEquals(200, proposed.status(), proposed.raw().body());
    Reply rejected = api.status(id, reviewer, proposed.etag(), "rejected", "not a reliable outlet");
    assertEquals(200, rejected.status(), rejected.raw().body());
    assertEquals(1, rejected.body().at("/properties/published_version").asInt());
    Reply publicRead = api.get(ITEMS + "/" + id, null);
    assertEquals(200, publicRead.status());
    assertEquals(before.etag(), publicRead.etag());
    assertFalse(sourceIds(publicRead.body()).contains("S40"));
    assertTrue(atlas.ids("incidents").contains(id));

    // A reviewer's own change to a published incident is published at once, as before.
    String other = "TT2020-0011";
    Reply served = api.get(ITEMS + "/" + other, null);
    Reply direct = put(other, reviewer, served.etag(), withSource(served.body(), "S41", "Reviewer Gazette"));
    assertEquals(200, direct.status(), direct.raw().body());
    assertEquals("published", direct.body().at("/properties/status").asText());
    assertTrue(sourceIds(api.get(ITEMS + "/" + other, null).body()).contains("S41"));
  }

  @Test
  void aReviewerWhoTakesAPublishedIncidentBackToReviewTakesItOffTheLayers() {
    String id = "TT2020-0012";
    Reply before = api.get(ITEMS + "/" + id, null);
    Reply back = api.status(id, reviewer, before.etag(), "in_review", null);
    assertEquals(200, back.status(), back.raw().body());
    assertEquals(404, api.get(ITEMS + "/" + id, null).status());
    assertFalse(atlas.ids("incidents").contains(id));
  }
}
