package org.incidentatlas.message;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.incidentatlas.ApiClient;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error answers carry, beside their English description, the key of the message in the page's
 * dictionaries and its parameters, and the description is that key's English filled with them.
 * Every key the server can send has an entry in English and German.
 */
class ErrorMessagesTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private static TestAtlas atlas;
  private static ApiClient api;
  private static String editor;
  private static String otherEditor;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-messages");
    api = atlas.api();
    editor = atlas.addUser("erin", Role.EDITOR);
    otherEditor = atlas.addUser("eddie", Role.EDITOR);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  private static JsonNode dictionary(String language) throws Exception {
    return TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", language + ".json")));
  }

  /** The texts of an entry: the string, or each of its plural forms. */
  private static List<String> texts(JsonNode entry) {
    if (entry.isTextual()) {
      return List.of(entry.asText());
    }
    return StreamSupport.stream(entry.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void everyKeyTheServerSendsHasAnEntryInEveryDictionaryWithOnlyItsParameters() throws Exception {
    for (String language : List.of("en", "de")) {
      JsonNode dict = dictionary(language);
      List<String> missing = new ArrayList<>();
      for (MessageKey key : MessageKey.values()) {
        JsonNode entry = dict.get(key.key());
        if (entry == null) {
          missing.add(key.key());
          continue;
        }
        Set<String> known = placeholders(key.english());
        known.add("count");
        for (String text : texts(entry)) {
          assertTrue(known.containsAll(placeholders(text)),
              language + ".json " + key.key() + " names parameters the server does not send: " + text);
        }
      }
      assertEquals(List.of(), missing, "keys without an entry in " + language + ".json");
    }
  }

  @Test
  void keysAreUnique() {
    Set<String> keys = new TreeSet<>();
    for (MessageKey key : MessageKey.values()) {
      assertTrue(keys.add(key.key()), "used twice: " + key.key());
    }
  }

  /** The answer's description is the English of its key with its parameters, and both are there. */
  private static JsonNode assertMessage(Reply reply, int status, MessageKey key) {
    assertEquals(status, reply.status(), reply.raw().body());
    JsonNode message = reply.body().get("message");
    assertEquals(key.key(), message.path("key").asText(), reply.raw().body());
    assertTrue(reply.body().get("code").isTextual(), "the code stays: " + reply.raw().body());
    JsonNode params = message.get("params");
    assertEquals(key.with(paramsOf(params)).english(), reply.body().get("description").asText());
    return params;
  }

  private static Object[] paramsOf(JsonNode params) {
    List<Object> out = new ArrayList<>();
    params.fields().forEachRemaining(e -> {
      out.add(e.getKey());
      out.add(e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().isNull() ? null : e.getValue().asText());
    });
    return out.toArray();
  }

  @Test
  void aSearchThatCannotBeAnsweredSaysWhyByKey() {
    Reply reply = api.get("/api/search?q=" + "%21%21%21", null);
    JsonNode params = assertMessage(reply, 400, MessageKey.SEARCH_NO_LETTER);
    assertEquals("!!!", params.get("query").asText());
    assertEquals("InvalidParameterValue", reply.body().get("code").asText());
  }

  @Test
  void aTokenTheServerRefusesIsA401WithItsKey() {
    assertMessage(api.get("/api/me", "atlas_" + "x".repeat(43)), 401, MessageKey.AUTH_UNKNOWN_TOKEN);
    JsonNode params = assertMessage(api.get("/api/me", "nonsense"), 401, MessageKey.AUTH_MALFORMED);
    assertEquals("atlas_", params.get("prefix").asText());
  }

  @Test
  void aFieldErrorCarriesItsKeyAndParameters() {
    ObjectNode record = TestRecords.shelling(BorderSettlements.free(atlas).get(0), "2020-07-13");
    ((ObjectNode) record.at("/properties/sources/0")).remove("publisher");
    ((ObjectNode) record.get("properties")).put("uncertainty_m", 99_999_999);
    Reply reply = api.post(ITEMS, editor, record);
    assertEquals(400, reply.status(), reply.raw().body());
    assertEquals("InvalidRecord", reply.body().get("code").asText());
    assertEquals(MessageKey.RECORD_NOT_STORED.key(), reply.body().at("/message/key").asText());
    assertEquals(reply.body().get("errors").size(), reply.body().at("/message/params/count").asInt());
    JsonNode publisher = find(reply.body().get("errors"), "properties.sources[0].publisher");
    assertEquals(MessageKey.RECORD_REQUIRED.key(), publisher.get("key").asText());
    assertEquals("is required", publisher.get("message").asText());
    JsonNode uncertainty = find(reply.body().get("errors"), "properties.uncertainty_m");
    assertEquals(MessageKey.RECORD_OUT_OF_RANGE.key(), uncertainty.get("key").asText());
    assertEquals(99_999_999, uncertainty.at("/params/value").asInt());
    assertEquals(MessageKey.RECORD_OUT_OF_RANGE.with(paramsOf(uncertainty.get("params"))).english(),
        uncertainty.get("message").asText());
  }

  private static JsonNode find(JsonNode errors, String field) {
    for (JsonNode e : errors) {
      if (e.get("field").asText().equals(field)) {
        return e;
      }
    }
    throw new AssertionError("no error for " + field + " in " + errors);
  }

  @Test
  void refusedMovesAndStaleWritesSayWhyByKey() {
    Reply created = api.post(ITEMS, editor, TestRecords.shelling(BorderSettlements.free(atlas).get(1), "2020-07-14"));
    assertEquals(201, created.status(), created.raw().body());
    String id = created.body().get("id").asText();
    JsonNode params = assertMessage(api.status(id, editor, created.etag(), "published", null), 409, MessageKey.EDIT_CANNOT_MOVE);
    assertEquals("draft", params.get("from").asText());
    assertEquals("published", params.get("to").asText());

    assertEquals(200, api.patch(id, editor, created.etag(), TestRecords.notes("a")).status());
    params = assertMessage(api.patch(id, otherEditor, created.etag(), TestRecords.notes("b")), 412, MessageKey.EDIT_STALE);
    assertEquals(id, params.get("id").asText());
    assertEquals(2, params.get("version").asInt());
    assertMessage(api.patch(id, editor, null, TestRecords.notes("c")), 428, MessageKey.EDIT_IF_MATCH_REQUIRED);

    Reply reply = api.send("DELETE", ITEMS + "/" + id, editor, null, null, "*");
    assertEquals(400, reply.status(), reply.raw().body());
    JsonNode reason = find(reply.body().get("errors"), "reason");
    assertEquals(MessageKey.RECORD_REASON_REQUIRED.key(), reason.get("key").asText());
    assertEquals("archive", reason.at("/params/action").asText());
  }

  @Test
  void anUnknownAddressAndAnUnknownFeatureSayWhyByKey() {
    assertMessage(api.get("/api/nothing-here", null), 404, MessageKey.NO_RESOURCE);
    JsonNode params = assertMessage(api.get(ITEMS + "/no-such-incident", null), 404, MessageKey.NO_FEATURE);
    assertEquals("no-such-incident", params.get("id").asText());
  }
}
