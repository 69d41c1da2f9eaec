package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.incidentatlas.ApiClient;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.records.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writing incidents over HTTP against the real server: who may do what, the review workflow,
 * optimistic locking, validation, history and archive, and the layers brought up to date.
 */
class RecordsApiTest {
  private static TestAtlas atlas;
  private static ApiClient api;
  private static String editor;
  private static String otherEditor;
  private static String reviewer;
  private static String viewer;
  private static String admin;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-records");
    api = atlas.api();
    editor = atlas.addUser("erin", Role.EDITOR);
    otherEditor = atlas.addUser("eddie", Role.EDITOR);
    reviewer = atlas.addUser("rita", Role.REVIEWER);
    viewer = atlas.addUser("vic", Role.VIEWER);
    admin = atlas.addUser("ada", Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  // --- records --------------------------------------------------------------------------------

  /** A new shelling record at a settlement whose one figure is a range, with a claim of responsibility too. */
  static ObjectNode shelling(JsonNode settlement, String date) {
    ObjectNode f = TestRecords.shelling(settlement, date);
    ObjectNode p = (ObjectNode) f.get("properties");
    ((ObjectNode) p.at("/fatalities/0")).put("low", 1).put("high", 2);
    p.putArray("claims").addObject().put("about", "responsibility").put("value", "Armed Forces of the other side")
        .put("claimed_by", "Ministry of Defence").put("source", "S1");
    return f;
  }

  /** A settlement near the border that no incident names yet: found through the API, not chosen by hand. */
  static JsonNode unshelledSettlement(String country, int skip) {
    return BorderSettlements.free(atlas).stream().filter(s -> s.at("/properties/country").asText().equals(country))
        .skip(skip).findFirst().orElseThrow(() -> new AssertionError("no free settlement in " + country));
  }

  // --- who may write ------------------------------------------------------------------------------

  @Test
  void noWriteIsOpenWithoutAToken() {
    JsonNode record = shelling(unshelledSettlement("AZ", 0), "2020-07-15");
    for (Reply r : List.of(api.post(ITEMS, null, record),
        api.send("PUT", ITEMS + "/TT2020-0005", null, record.toString(), "application/geo+json", "\"v1\""),
        api.patch("TT2020-0005", null, "\"v1\"", TestAtlas.JSON.createObjectNode()),
        api.send("DELETE", ITEMS + "/TT2020-0005?reason=x", null, null, null, "\"v1\""),
        api.status("TT2020-0005", null, "\"v1\"", "in_review", null),
        api.get("/api/records", null))) {
      assertEquals(401, r.status(), r.raw().body());
      assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.raw().headers().toString());
      assertEquals("Unauthorized", r.body().get("code").asText());
    }
  }

  @Test
  void aBadTokenIsRefusedNotTreatedAsAnonymous() {
    Reply r = api.post(ITEMS, "atlas_not-a-token", shelling(unshelledSettlement("AZ", 0), "2020-07-15"));
    assertEquals(401, r.status());
  }

  @Test
  void aViewerMayNotWriteAndAnEditorMayNotPublish() {
    assertEquals(403, api.post(ITEMS, viewer, shelling(unshelledSettlement("AZ", 0), "2020-07-15")).status());
    Reply created = api.post(ITEMS, editor, shelling(unshelledSettlement("AZ", 0), "2020-07-15"));
    String id = created.body().get("id").asText();
    Reply inReview = api.status(id, editor, created.etag(), "in_review", null);
    assertEquals(200, inReview.status(), inReview.raw().body());
    Reply publish = api.status(id, editor, inReview.etag(), "published", null);
    assertEquals(403, publish.status());
    assertTrue(publish.body().get("description").asText().contains("reviewer"), publish.raw().body());
    // An editor archives no published record (a change of theirs waits for review: ChangeProposalApiTest).
    assertEquals(403, api.send("DELETE", ITEMS + "/TT2020-0007?reason=x", editor, null, null, "*").status());
  }

  @Test
  void derivedCollectionsCannotBeWritten() {
    Reply r = api.post("/api/collections/shelled_villages/items", editor, shelling(unshelledSettlement("AZ", 0), "2020-07-15"));
    assertEquals(405, r.status());
  }

  // --- validation --------------------------------------------------------------------------------

  @Test
  void everyFailingFieldIsNamedAndNothingIsStored() {
    ObjectNode f = shelling(unshelledSettlement("AZ", 1), "2020-07-15");
    ((ObjectNode) f.get("geometry")).putArray("coordinates").add(200).add(40.9);
    ObjectNode p = (ObjectNode) f.get("properties");
    p.put("event_type", "riot");
    p.put("date", "2999-01-01");
    p.put("date_end", "2020-07-01");
    ((ObjectNode) p.at("/fatalities/0")).put("source", "S7");
    ((ObjectNode) p.at("/sources/0")).put("url", "javascript:alert(1)");
    p.put("notes", "x".repeat(20_000));
    int before = api.get("/api/records?status=draft,in_review,published,rejected,archived&limit=1000", editor)
        .body().get("records").size();
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(400, r.status(), r.raw().body());
    Set<String> fields = new HashSet<>();
    r.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(Set.of("geometry.coordinates[0]", "properties.event_type", "properties.date", "properties.fatalities[0].source",
        "properties.sources[0].url", "properties.notes"), fields, r.raw().body());
    assertEquals(before, api.get("/api/records?status=draft,in_review,published,rejected,archived&limit=1000", editor)
        .body().get("records").size());
  }

  @Test
  void aClaimNeedsASourceAndDatesMustBeInOrder() {
    ObjectNode f = shelling(unshelledSettlement("AZ", 1), "2020-07-15");
    ObjectNode p = (ObjectNode) f.get("properties");
    p.put("date_end", "2020-07-14");
    ((ObjectNode) p.at("/claims/0")).remove("source");
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(400, r.status());
    Set<String> fields = new HashSet<>();
    r.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(Set.of("properties.date_end", "properties.claims[0].source"), fields, r.raw().body());
  }

  @Test
  void aPointMustLieWithinItsUncertaintyOfTheNamedPlace() {
    JsonNode village = unshelledSettlement("AZ", 1);
    ObjectNode f = shelling(village, "2020-07-15");
    double lon = village.at("/geometry/coordinates/0").asDouble();
    double lat = village.at("/geometry/coordinates/1").asDouble();
    // About 5.6 km north of the village: beyond 2,000 m and the margin, within 10,000 m.
    ((ObjectNode) f.get("geometry")).putArray("coordinates").add(lon).add(lat + 0.05);
    Reply far = api.post(ITEMS, editor, f);
    assertEquals(400, far.status(), far.raw().body());
    assertEquals("geometry", far.body().at("/errors/0/field").asText(), far.raw().body());
    assertTrue(far.body().at("/errors/0/message").asText().contains(village.get("id").asText()), far.raw().body());
    assertTrue(far.body().at("/errors/0/message").asText().contains("beyond its uncertainty of 2000 m"), far.raw().body());

    ((ObjectNode) f.get("properties")).put("uncertainty_m", 10_000);
    Reply wide = api.post(ITEMS, editor, f);
    assertEquals(201, wide.status(), wide.raw().body());
    assertEquals(village.get("id").asText(), wide.body().at("/properties/place_id").asText());
  }

  @Test
  void sourceDatesAreDaysOfTheCalendar() {
    ObjectNode f = shelling(unshelledSettlement("AZ", 1), "2020-07-15");
    ((ObjectNode) f.at("/properties/sources/0")).put("date", "2020-13-45");
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(400, r.status(), r.raw().body());
    assertEquals("properties.sources[0].date", r.body().at("/errors/0/field").asText(), r.raw().body());
  }

  @Test
  void oversizedAndMistypedBodiesAreRefused() {
    String huge = "{\"type\":\"Feature\",\"pad\":\"" + "x".repeat(RecordsApi.MAX_BODY_BYTES) + "\"}";
    assertEquals(413, api.send("POST", ITEMS, editor, huge, "application/geo+json", null).status());
    assertEquals(415, api.send("POST", ITEMS, editor, "<xml/>", "text/xml", null).status());
    Reply notJson = api.send("POST", ITEMS, editor, "{\"type\":", "application/geo+json", null);
    assertEquals(400, notJson.status());
  }

  @Test
  void aBodyMaySayItIsUtf8AndARecordReadBackWithItsLinksMayBeSentAgain() {
    Reply created = api.send("POST", ITEMS, editor, shelling(unshelledSettlement("AZ", 3), "2020-07-15").toString(),
        "application/geo+json; charset=UTF-8", null);
    assertEquals(201, created.status(), created.raw().body());
    assertTrue(created.body().has("links"));
    ObjectNode edited = (ObjectNode) created.body().deepCopy();
    ((ObjectNode) edited.get("properties")).put("notes", "read, changed and sent back whole");
    edited.put("note", "second look");
    Reply replaced = api.send("PUT", ITEMS + "/" + created.body().get("id").asText(), editor, edited.toString(),
        "application/json;charset=\"utf-8\"", created.etag());
    assertEquals(200, replaced.status(), replaced.raw().body());
    assertEquals("read, changed and sent back whole", replaced.body().at("/properties/notes").asText());
    JsonNode history = api.get(ITEMS + "/" + created.body().get("id").asText() + "/history", editor).body();
    assertEquals("second look", history.at("/versions/1/note").asText());
    assertEquals("[\"notes\"]", history.at("/versions/1/changed").toString());
    // The history and each version are web pages too, for a reader who asks for one.
    for (String path : List.of("/history", "/history/1")) {
      HttpResponse<String> page = atlas.send(atlas.request(ITEMS + "/" + created.body().get("id").asText() + path + "?f=html")
          .header("Authorization", "Bearer " + editor));
      assertEquals(200, page.statusCode(), path);
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
      assertTrue(page.body().contains(path.endsWith("/1") ? "<h1>" : "second look"), path);
      assertTrue(page.body().contains("f=json"), path);
    }
  }

  // --- values that cannot be true ------------------------------------------------------------------

  private static Set<String> fields(Reply r) {
    assertEquals(400, r.status(), r.raw().body());
    assertEquals("InvalidRecord", r.body().get("code").asText(), r.raw().body());
    Set<String> fields = new HashSet<>();
    r.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }

  @Test
  void everyDateOfARecordLiesFrom1900ToToday() {
    JsonNode village = unshelledSettlement("AZ", 1);
    ObjectNode f = shelling(village, "2020-07-15");
    ObjectNode p = (ObjectNode) f.get("properties");
    p.put("date", "0000-01-01");
    ((ObjectNode) p.at("/sources/0")).put("date", "1899-12");
    ((ObjectNode) p.at("/fatalities/0")).put("made_at", "1899-12-31");
    p.withArray("claims").addObject().put("about", "date").put("value", "0001-01-01").put("claimed_by", "Ministry of Defence")
        .put("source", "S1");
    p.withArray("claims").addObject().put("about", "date").put("value", "2999-01-01").put("claimed_by", "Ministry of Defence")
        .put("source", "S1");
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(Set.of("properties.date", "properties.sources[0].date", "properties.fatalities[0].made_at",
        "properties.claims[1].value", "properties.claims[2].value"), fields(r), r.raw().body());
    assertTrue(r.body().at("/errors/0/message").asText().contains("before 1900-01-01"), r.raw().body());

    // The first day and month of the range are days a record may carry.
    ObjectNode early = shelling(village, "1900-01-01");
    ((ObjectNode) early.at("/properties/sources/0")).put("date", "1900-01");
    Reply accepted = api.post(ITEMS, editor, early);
    assertEquals(201, accepted.status(), accepted.raw().body());
  }

  @Test
  void aPointAtNullIslandIsRefusedWhereverItIsWritten() {
    ObjectNode f = shelling(unshelledSettlement("AZ", 1), "2020-07-15");
    ((ObjectNode) f.get("geometry")).putArray("coordinates").add(0).add(0.0);
    assertEquals(Set.of("geometry.coordinates"), fields(api.post(ITEMS, editor, f)));
    ObjectNode patch = TestAtlas.JSON.createObjectNode();
    patch.putObject("geometry").put("type", "Point").putArray("coordinates").add(0).add(0);
    assertEquals(Set.of("geometry.coordinates"), fields(api.patch("TT2020-0005", reviewer, "*", patch)));
  }

  @Test
  void aPointInTheOtherCountryThanTheRecordSaysIsRefused() {
    ObjectNode f = shelling(unshelledSettlement("AM", 4), "2020-07-15");
    ObjectNode p = (ObjectNode) f.get("properties");
    p.remove("place_id");
    p.put("country", "AZ");
    p.put("uncertainty_m", 50_000);
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(Set.of("properties.country"), fields(r), r.raw().body());
    assertTrue(r.body().at("/errors/0/message").asText().contains("the point lies in Armenia (AM)"), r.raw().body());
  }

  @Test
  void aPointAcrossTheBorderFromItsPlaceAndCountryIsRefusedEvenWithinItsUncertainty() {
    JsonNode[] pair = BorderSettlements.acrossTheBorder(atlas);
    ObjectNode f = shelling(pair[0], "2020-07-15");
    ((ObjectNode) f.get("geometry")).set("coordinates", pair[1].at("/geometry/coordinates").deepCopy());
    ObjectNode p = (ObjectNode) f.get("properties");
    p.put("uncertainty_m", 20_000);
    p.put("country", pair[0].at("/properties/country").asText());
    Reply r = api.post(ITEMS, editor, f);
    assertEquals(Set.of("geometry"), fields(r), r.raw().body());
    assertTrue(r.body().at("/errors/0/message").asText().contains("across the border from " + pair[0].at("/properties/name").asText()),
        r.raw().body());
  }

  @Test
  void aMergeIsCheckedAsAnyWriteAndAMergeThatCannotBeTrueChangesNothing() throws Exception {
    JsonNode[] pair = BorderSettlements.acrossTheBorder(atlas);
    Reply kept = api.post(ITEMS, editor, shelling(pair[0], "2020-07-14"));
    String id = kept.body().get("id").asText();
    // A version stored under older rules, which did not look at the border: its point lies across it.
    ObjectNode older = (ObjectNode) TestAtlas.JSON.readTree(api.get(ITEMS + "/" + id + "/history/1", editor).raw().body());
    older.remove("links");
    for (String served : List.of("status", "status_reason", "version", "external_ids")) {
      ((ObjectNode) older.get("properties")).remove(served);
    }
    ((ObjectNode) older.get("geometry")).set("coordinates", pair[1].at("/geometry/coordinates").deepCopy());
    ((ObjectNode) older.get("properties")).put("uncertainty_m", 20_000);
    byte[] bytes = TestAtlas.JSON.writeValueAsBytes(older);
    try (RecordsDb db = atlas.records()) {
      IncidentRecords records = new IncidentRecords(db);
      db.transaction(c -> records.add(c, new RecordVersion(id, 2, 0, Status.DRAFT, null, "erin", IncidentRecords.now(),
          "stored under older rules", List.of("geometry"), bytes)));
    }
    Reply other = api.post(ITEMS, editor, shelling(pair[0], "2020-07-14"));
    String from = other.body().get("id").asText();
    ObjectNode merge = TestAtlas.JSON.createObjectNode().put("from", from).put("reason", "same shelling");
    Reply refused = api.send("POST", ITEMS + "/" + id + "/merge", reviewer, merge.toString(), "application/json", "*");
    assertEquals(Set.of("geometry"), fields(refused), refused.raw().body());
    assertEquals(2, api.get(ITEMS + "/" + id + "/history", editor).body().get("versions").size());
    assertEquals("draft", api.get(ITEMS + "/" + from, editor).body().at("/properties/status").asText());
  }

  // --- the workflow --------------------------------------------------------------------------------

  @Test
  void aDraftGoesThroughReviewIntoTheLayersAndEveryVersionIsKept() {
    JsonNode village = unshelledSettlement("AZ", 2);
    String villageId = village.get("id").asText();
    assertFalse(atlas.ids("shelled_villages").contains(villageId));
    long zoneIncidentsBefore = zoneIncidents();

    Reply created = api.post(ITEMS, editor, shelling(village, "2020-07-15").put("note", "first report"));
    assertEquals(201, created.status(), created.raw().body());
    String id = created.body().get("id").asText();
    assertEquals("\"v1\"", created.etag());
    assertTrue(created.raw().headers().firstValue("Location").orElseThrow().endsWith(ITEMS + "/" + id));
    assertEquals("draft", created.body().at("/properties/status").asText());
    // Names outside Latin-1 come back as written.
    assertEquals(village.at("/properties/name").asText(), created.body().at("/properties/place_name").asText());

    // A draft is the editors' business: the public neither sees it nor finds it in a layer.
    assertEquals(404, api.get(ITEMS + "/" + id, null).status());
    assertEquals(404, api.get(ITEMS + "/" + id + "/history", null).status());
    assertEquals(200, api.get(ITEMS + "/" + id, otherEditor).status());
    assertFalse(atlas.ids("incidents").contains(id));

    Reply inReview = api.status(id, editor, created.etag(), "in_review", null);
    Reply published = api.status(id, reviewer, inReview.etag(), "published", null);
    assertEquals(200, published.status(), published.raw().body());
    assertEquals("\"v3\"", published.etag());

    // Published: served by every layer it belongs in, at once.
    Reply served = api.get(ITEMS + "/" + id, null);
    assertEquals(200, served.status());
    assertEquals("\"v3\"", served.etag());
    assertEquals(1, served.body().at("/properties/fatalities_low").asInt());
    assertEquals(2, served.body().at("/properties/fatalities_high").asInt());
    assertTrue(served.body().at("/properties/responsibility/0").asText().contains("Ministry of Defence"));
    assertTrue(atlas.ids("shelled_villages").contains(villageId), "the village is now a shelled village");
    assertEquals(zoneIncidentsBefore + 1, zoneIncidents());
    JsonNode villageFeature = atlas.json("/api/collections/shelled_villages/items/" + villageId);
    assertEquals(1, villageFeature.at("/properties/shelling_incidents").asInt());
    List<String> atVillage = new ArrayList<>();
    atlas.json("/api/collections/incidents/items?event_type=shelling&place_id="
        + java.net.URLEncoder.encode(villageId, java.nio.charset.StandardCharsets.UTF_8)).get("features")
        .forEach(f -> atVillage.add(f.get("id").asText()));
    assertEquals(List.of(id), atVillage);

    JsonNode history = api.get(ITEMS + "/" + id + "/history", null).body();
    List<String> steps = new ArrayList<>();
    history.get("versions").forEach(v -> steps.add(v.get("status").asText() + " by " + v.get("author").asText()));
    assertEquals(List.of("draft by erin", "in_review by erin", "published by rita"), steps);
    assertEquals("first report", history.at("/versions/0/note").asText());
    Reply first = api.get(ITEMS + "/" + id + "/history/1", null);
    assertEquals("draft", first.body().at("/properties/status").asText());

    // Archived: gone from the layers, its history kept, a reason given.
    Reply noReason = api.send("DELETE", ITEMS + "/" + id, reviewer, null, null, published.etag());
    assertEquals(400, noReason.status());
    Reply archived = api.send("DELETE", ITEMS + "/" + id + "?reason=duplicate%20report", reviewer, null, null, published.etag());
    assertEquals(200, archived.status(), archived.raw().body());
    assertEquals(410, api.get(ITEMS + "/" + id, null).status());
    assertFalse(atlas.ids("incidents").contains(id));
    assertFalse(atlas.ids("shelled_villages").contains(villageId));
    assertEquals(zoneIncidentsBefore, zoneIncidents());
    JsonNode after = api.get(ITEMS + "/" + id + "/history", reviewer).body();
    assertEquals(4, after.get("versions").size());
    assertEquals("duplicate report", after.at("/versions/3/reason").asText());
  }

  private static long zoneIncidents() {
    long n = 0;
    for (JsonNode z : atlas.json("/api/collections/exposure_zones/items").get("features")) {
      n += z.at("/properties/incident_count").asLong();
    }
    return n;
  }

  @Test
  void rejectingNeedsAReasonAndReworkMakesADraftAgain() {
    Reply created = api.post(ITEMS, editor, shelling(unshelledSettlement("AM", 0), "2020-07-13"));
    String id = created.body().get("id").asText();
    Reply inReview = api.status(id, editor, created.etag(), "in_review", null);
    assertEquals(400, api.status(id, reviewer, inReview.etag(), "rejected", null).status());
    Reply rejected = api.status(id, reviewer, inReview.etag(), "rejected", "no second source");
    assertEquals("rejected", rejected.body().at("/properties/status").asText());
    assertEquals("no second source", rejected.body().at("/properties/status_reason").asText());
    Reply reworked = api.patch(id, editor, rejected.etag(), TestRecords.notes("second source found"));
    assertEquals(200, reworked.status(), reworked.raw().body());
    assertEquals("draft", reworked.body().at("/properties/status").asText());
    Reply impossible = api.status(id, reviewer, reworked.etag(), "published", null);
    assertEquals(409, impossible.status());
    assertTrue(impossible.body().get("description").asText().contains("in_review"), impossible.raw().body());
  }

  @Test
  void changingAnIncidentOfGeodataStartsItsHistoryWithGeodata() {
    Reply before = api.get(ITEMS + "/TT2020-0013", null);
    assertEquals("\"v1\"", before.etag());
    Reply changed = api.patch("TT2020-0013", reviewer, before.etag(), TestRecords.notes("Corrected after review."));
    assertEquals(200, changed.status(), changed.raw().body());
    assertEquals("\"v2\"", changed.etag());
    JsonNode history = api.get(ITEMS + "/TT2020-0013/history", null).body();
    assertEquals("geodata", history.at("/versions/0/author").asText());
    assertEquals("[\"notes\"]", history.at("/versions/1/changed").toString());
    assertEquals("Corrected after review.", atlas.json(ITEMS + "/TT2020-0013").at("/properties/notes").asText());
  }

  @Test
  void everyMoveOfTheWorkflowNeedsItsRoleAndNoLower() {
    // Each step: the move, the role that may make it, and the role just below, which may not.
    String[][] steps = {
        {"in_review", "editor", "viewer"},
        {"draft", "editor", "viewer"},
        {"in_review", "editor", "viewer"},
        {"published", "reviewer", "editor"},
        {"in_review", "reviewer", "editor"},
        {"rejected", "reviewer", "editor"},
        {"draft", "editor", "viewer"},
        {"in_review", "editor", "viewer"},
        {"published", "admin", "editor"}};
    Reply r = api.post(ITEMS, editor, shelling(unshelledSettlement("AM", 3), "2020-07-15"));
    String id = r.body().get("id").asText();
    String etag = r.etag();
    for (String[] step : steps) {
      String reason = step[0].equals("rejected") ? "needs a second source" : null;
      Reply refused = api.status(id, token(step[2]), etag, step[0], reason);
      assertEquals(403, refused.status(), step[0] + " by " + step[2] + ": " + refused.raw().body());
      Reply moved = api.status(id, token(step[1]), etag, step[0], reason);
      assertEquals(200, moved.status(), step[0] + " by " + step[1] + ": " + moved.raw().body());
      assertEquals(step[0], moved.body().at("/properties/status").asText());
      etag = moved.etag();
    }
    // Archived by a reviewer (published), restored to a draft by a reviewer only.
    Reply archived = api.send("DELETE", ITEMS + "/" + id + "?reason=withdrawn", reviewer, null, null, etag);
    assertEquals(200, archived.status(), archived.raw().body());
    assertEquals(403, api.status(id, editor, archived.etag(), "draft", null).status());
    Reply restored = api.status(id, reviewer, archived.etag(), "draft", null);
    assertEquals("draft", restored.body().at("/properties/status").asText());
    List<String> statuses = new ArrayList<>();
    api.get(ITEMS + "/" + id + "/history", editor).body().get("versions").forEach(v -> statuses.add(v.get("status").asText()));
    assertEquals(List.of("draft", "in_review", "draft", "in_review", "published", "in_review", "rejected", "draft", "in_review",
        "published", "archived", "draft"), statuses);
  }

  private static String token(String role) {
    return switch (role) {
      case "viewer" -> viewer;
      case "editor" -> editor;
      case "reviewer" -> reviewer;
      default -> admin;
    };
  }

  // --- optimistic locking --------------------------------------------------------------------------

  @Test
  void aStaleWriteGets412AndAMissingIfMatch428() {
    Reply created = api.post(ITEMS, editor, shelling(unshelledSettlement("AM", 1), "2020-07-13"));
    String id = created.body().get("id").asText();
    assertEquals(428, api.patch(id, editor, null, TestRecords.notes("a")).status());
    assertEquals(200, api.patch(id, editor, created.etag(), TestRecords.notes("a")).status());
    Reply stale = api.patch(id, otherEditor, created.etag(), TestRecords.notes("b"));
    assertEquals(412, stale.status());
    assertEquals("a", api.get(ITEMS + "/" + id, editor).body().at("/properties/notes").asText());
  }

  @Test
  void ofTwoConcurrentWritersOneWinsAndTheOtherGets412() throws Exception {
    Reply created = api.post(ITEMS, editor, shelling(unshelledSettlement("AM", 2), "2020-07-13"));
    String id = created.body().get("id").asText();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (String[] w : new String[][] {{editor, "first writer"}, {otherEditor, "second writer"}}) {
      Callable<Reply> write = () -> {
        go.await();
        return api.patch(id, w[0], created.etag(), TestRecords.notes(w[1]));
      };
      replies.add(pool.submit(write));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    String winner = null;
    for (Future<Reply> f : replies) {
      Reply r = f.get();
      statuses.add(r.status());
      if (r.status() == 200) {
        winner = r.body().at("/properties/notes").asText();
      }
    }
    pool.shutdown();
    statuses.sort(Integer::compare);
    assertEquals(List.of(200, 412), statuses);
    assertEquals(winner, api.get(ITEMS + "/" + id, editor).body().at("/properties/notes").asText());
    assertEquals(2, api.get(ITEMS + "/" + id + "/history", editor).body().get("versions").size());
  }

  // --- duplicates and merging ------------------------------------------------------------------------

  @Test
  void aRecordCloseToAnotherIsFlaggedAndAReviewerCanMergeThem() {
    JsonNode agdam = atlas.json(ITEMS + "/TT2020-0006");
    ObjectNode twin = shelling(atlas.json("/api/collections/settlements/items/" + agdam.at("/properties/place_id").asText()),
        agdam.at("/properties/date").asText());
    Reply created = api.post(ITEMS, editor, twin);
    assertEquals(201, created.status(), created.raw().body());
    JsonNode flagged = created.body().at("/properties/possible_duplicates");
    List<String> flaggedIds = new ArrayList<>();
    flagged.forEach(d -> flaggedIds.add(d.get("id").asText()));
    assertTrue(flaggedIds.contains("TT2020-0006"), flagged.toString());
    assertTrue(flagged.toString().contains("km apart"), flagged.toString());
    assertEquals(flagged.size(), created.body().at("/properties/possible_duplicates_total").asInt(), created.raw().body());

    String id = created.body().get("id").asText();
    Reply served = api.get(ITEMS + "/TT2020-0006", null);
    int sourcesBefore = served.body().at("/properties/sources").size();
    ObjectNode merge = TestAtlas.JSON.createObjectNode().put("from", id).put("reason", "same shelling");
    assertEquals(403, api.send("POST", ITEMS + "/TT2020-0006/merge", editor, merge.toString(), "application/json",
        served.etag()).status());
    Reply merged = api.send("POST", ITEMS + "/TT2020-0006/merge", reviewer, merge.toString(), "application/json", served.etag());
    assertEquals(200, merged.status(), merged.raw().body());
    assertEquals(sourcesBefore + 1, atlas.json(ITEMS + "/TT2020-0006").at("/properties/sources").size());
    JsonNode source = api.get(ITEMS + "/" + id, editor).body();
    assertEquals("archived", source.at("/properties/status").asText());
    assertTrue(source.at("/properties/status_reason").asText().startsWith("merged into TT2020-0006"));
    assertNotNull(api.get(ITEMS + "/" + id + "/history", editor).body().get("versions"));
  }

  @Test
  void recordsInTheWorksAreFlaggedWhenNearInPlaceTimeAndTypeAndOnlyThen() {
    JsonNode place = atlas.json("/api/collections/settlements/items?limit=1&bbox=45.9,40.7,46.1,40.9").at("/features/0");
    Reply first = api.post(ITEMS, editor, shelling(place, "2020-07-18"));
    assertEquals(201, first.status(), first.raw().body());
    String firstId = first.body().get("id").asText();
    Reply twin = api.post(ITEMS, editor, shelling(place, "2020-07-19"));
    assertTrue(ids(twin.body().at("/properties/possible_duplicates")).contains(firstId), twin.raw().body());
    Reply later = api.post(ITEMS, editor, shelling(place, "2020-07-22"));
    assertFalse(ids(later.body().at("/properties/possible_duplicates")).contains(firstId), later.raw().body());
    ObjectNode clash = shelling(place, "2020-07-18");
    ((ObjectNode) clash.get("properties")).put("event_type", "armed_clash");
    Reply otherType = api.post(ITEMS, editor, clash);
    assertFalse(ids(otherType.body().at("/properties/possible_duplicates")).contains(firstId), otherType.raw().body());
  }

  private static List<String> ids(JsonNode duplicates) {
    List<String> out = new ArrayList<>();
    duplicates.forEach(d -> out.add(d.get("id").asText()));
    return out;
  }
}
