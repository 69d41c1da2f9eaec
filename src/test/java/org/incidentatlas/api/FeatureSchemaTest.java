package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.incident.IncidentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema of each collection (OGC API Features Part 5 / Common Part 3, Schemas), checked as
 * its abstract tests do: linked from the collection, a JSON Schema 2020-12 that its meta-schema
 * accepts, one id, a primary geometry, the days of a feature, and every served feature valid
 * against it.
 */
class FeatureSchemaTest {
  static final String REL = "http://www.opengis.net/def/rel/ogc/1.0/schema";
  static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
  static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  private static List<JsonNode> collections() {
    List<JsonNode> out = new ArrayList<>();
    atlas.json("/api/collections").get("collections").forEach(out::add);
    assertTrue(out.size() >= 8, "too few collections: " + out.size());
    return out;
  }

  /** The schema behind the collection's link, fetched as the standard says: by its $id, as schema+json. */
  private static JsonNode schemaOf(JsonNode collection) throws Exception {
    String href = null;
    for (JsonNode l : collection.get("links")) {
      if (l.get("rel").asText().equals(REL) && l.get("type").asText().equals("application/schema+json")) {
        href = l.get("href").asText();
      }
    }
    String id = collection.get("id").asText();
    assertEquals(atlas.url("/api/collections/" + id + "/schema"), href, id + " links no schema");
    HttpResponse<String> r = atlas.send(HttpRequest.newBuilder(java.net.URI.create(href)).header("Accept", "application/schema+json"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/schema+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode schema = TestAtlas.JSON.readTree(r.body());
    assertEquals(DIALECT, schema.get("$schema").asText());
    assertEquals(href, schema.get("$id").asText());
    assertEquals("object", schema.get("type").asText());
    return schema;
  }

  @Test
  void everyCollectionHasASchemaItsMetaSchemaAccepts() throws Exception {
    Schema meta = REGISTRY.getSchema(SchemaLocation.of(DIALECT));
    for (JsonNode c : collections()) {
      JsonNode schema = schemaOf(c);
      List<Error> errors = meta.validate(schema);
      assertTrue(errors.isEmpty(), c.get("id") + ": " + errors);
      for (var it = schema.get("properties").fields(); it.hasNext(); ) {
        var p = it.next();
        JsonNode s = p.getValue();
        assertTrue(s.hasNonNull("title") && s.hasNonNull("description"), c.get("id") + "." + p.getKey());
        // A spatial property has a geometry format and no type; every other one has a type.
        boolean spatial = s.path("format").asText().startsWith("geometry-");
        assertEquals(!spatial, s.has("type"), c.get("id") + "." + p.getKey());
        s.fieldNames().forEachRemaining(k -> assertTrue(Set.of("title", "description", "type", "format", "items", "enum",
            "readOnly", "x-ogc-role").contains(k), c.get("id") + "." + p.getKey() + " has keyword " + k));
      }
    }
  }

  @Test
  void eachSchemaNamesOneIdOnePrimaryGeometryAndTheDaysOfAFeature() throws Exception {
    for (JsonNode c : collections()) {
      String id = c.get("id").asText();
      JsonNode props = schemaOf(c).get("properties");
      Map<String, List<String>> byRole = new java.util.HashMap<>();
      props.fields().forEachRemaining(p -> {
        if (p.getValue().has("x-ogc-role")) {
          byRole.computeIfAbsent(p.getValue().get("x-ogc-role").asText(), k -> new ArrayList<>()).add(p.getKey());
        }
      });
      assertEquals(List.of("id"), byRole.get("id"), id);
      assertEquals(List.of("geometry"), byRole.get("primary-geometry"), id);
      assertEquals("geometry-" + c.get("geometryType").asText().toLowerCase(Locale.ROOT), props.at("/geometry/format").asText(), id);
      boolean temporal = c.at("/extent/temporal").isObject();
      Set<String> roles = new TreeSet<>(byRole.keySet());
      assertEquals(temporal ? Set.of("id", "primary-geometry", "primary-interval-start", "primary-interval-end")
          : Set.of("id", "primary-geometry"), roles, id);
      if (temporal) {
        String start = byRole.get("primary-interval-start").get(0);
        String end = byRole.get("primary-interval-end").get(0);
        assertEquals("date", props.get(start).get("format").asText(), id);
        assertEquals("date", props.get(end).get("format").asText(), id);
        // The queryables mark the same two properties.
        JsonNode queryables = atlas.json("/api/collections/" + id + "/queryables").get("properties");
        assertEquals("primary-interval-start", queryables.at("/" + start + "/x-ogc-role").asText(), id);
        assertEquals("primary-interval-end", queryables.at("/" + end + "/x-ogc-role").asText(), id);
      }
    }
  }

  @Test
  void datetimeSelectsTheFeaturesWhoseDaysOverlapIt() throws Exception {
    for (String id : List.of("incidents", "shelled_villages")) {
      JsonNode props = atlas.json("/api/collections/" + id + "/schema").get("properties");
      String start = null;
      String end = null;
      for (var it = props.fields(); it.hasNext(); ) {
        var p = it.next();
        String role = p.getValue().path("x-ogc-role").asText();
        if (role.equals("primary-interval-start")) {
          start = p.getKey();
        } else if (role.equals("primary-interval-end")) {
          end = p.getKey();
        }
      }
      List<JsonNode> features = CqlFilterTest.all(id);
      Set<LocalDate> days = new TreeSet<>();
      for (JsonNode f : features) {
        days.add(LocalDate.parse(f.get("properties").get(start).asText()));
        days.add(LocalDate.parse(f.get("properties").get(end).asText()).plusDays(1));
      }
      // A feature that spans several days makes the two readings differ: the test needs one.
      boolean spans = false;
      for (LocalDate day : days) {
        Set<String> expected = new TreeSet<>();
        Set<String> startingOn = new TreeSet<>();
        for (JsonNode f : features) {
          LocalDate s = LocalDate.parse(f.get("properties").get(start).asText());
          LocalDate e = LocalDate.parse(f.get("properties").get(end).asText());
          if (!day.isBefore(s) && !day.isAfter(e)) {
            expected.add(f.get("id").asText());
          }
          if (!s.isBefore(day)) {
            startingOn.add(f.get("id").asText());
          }
        }
        assertEquals(expected, ids(id, "datetime=" + day), id + " on " + day);
        Set<String> fromDay = new TreeSet<>();
        for (JsonNode f : features) {
          if (!LocalDate.parse(f.get("properties").get(end).asText()).isBefore(day)) {
            fromDay.add(f.get("id").asText());
          }
        }
        assertEquals(fromDay, ids(id, "datetime=" + day + "/.."), id + " from " + day);
        spans |= !fromDay.equals(startingOn);
      }
      assertTrue(spans || id.equals("shelled_villages"), id + ": no feature spans days, so datetime and the start day agree");
    }
  }

  private static Set<String> ids(String layer, String query) {
    Set<String> out = new TreeSet<>();
    atlas.json("/api/collections/" + layer + "/items?limit=10000&" + query).get("features").forEach(f -> out.add(f.get("id").asText()));
    return out;
  }

  @Test
  void everyFeatureServedIsValidAgainstItsSchemaAndEveryPropertyIsServed() throws Exception {
    for (JsonNode c : collections()) {
      String id = c.get("id").asText();
      JsonNode schemaNode = schemaOf(c);
      Schema schema = REGISTRY.getSchema(schemaNode);
      Set<String> seen = new HashSet<>();
      List<JsonNode> features = CqlFilterTest.all(id);
      for (JsonNode f : features) {
        // The feature as the schema describes it: its id, its geometry and its properties side by side.
        ObjectNode logical = ((ObjectNode) f.get("properties")).deepCopy();
        logical.set("id", f.get("id"));
        logical.set("geometry", f.get("geometry"));
        List<Error> errors = schema.validate(logical);
        assertTrue(errors.isEmpty(), id + " feature " + f.get("id") + ": " + errors);
        logical.fieldNames().forEachRemaining(seen::add);
      }
      Set<String> declared = new TreeSet<>();
      schemaNode.get("properties").fieldNames().forEachRemaining(declared::add);
      if (!features.isEmpty()) {
        assertEquals(declared, new TreeSet<>(seen), id + ": declared and served properties differ");
      }
    }
  }

  @Test
  void whatTheAtlasDerivesIsReadOnlyWhereRecordsAreWritten() {
    JsonNode props = atlas.json("/api/collections/incidents/schema").get("properties");
    List<String> readOnly = new ArrayList<>();
    props.fields().forEachRemaining(p -> {
      if (p.getValue().path("readOnly").asBoolean()) {
        readOnly.add(p.getKey());
      }
    });
    assertTrue(readOnly.containsAll(List.of("nearest_settlement", "fatalities_high", "version", "status")), readOnly.toString());
    for (String name : readOnly) {
      assertTrue(IncidentJson.SERVED_FIELDS.contains(name), name + " is read-only but a record is written with it");
    }
    for (String written : List.of("date", "event_type", "fatalities", "sources", "notes")) {
      assertFalse(props.get(written).has("readOnly"), written);
    }
  }

  @Test
  void theSchemaIsAPageTooAndConformanceDeclaresTheClasses() {
    HttpResponse<String> page = atlas.get("/api/collections/incidents/schema?f=html");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("primary-interval-start"), page.body());
    assertEquals(404, atlas.get("/api/collections/nope/schema").statusCode());
    assertEquals(400, atlas.get("/api/collections/incidents/schema?limit=3").statusCode());
    List<String> classes = new ArrayList<>();
    atlas.json("/api/conformance").get("conformsTo").forEach(x -> classes.add(x.asText()));
    assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-common-3/1.0/conf/schemas"), classes.toString());
    assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-common-3/1.0/conf/advanced-property-roles"), classes.toString());
    assertFalse(classes.contains("http://www.opengis.net/spec/ogcapi-common-3/1.0/conf/returnables-and-receivables"));
    assertTrue(atlas.json("/api/openapi").at("/paths/~1collections~1{collectionId}~1schema/get").isObject());
  }
}
