package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.incident.AcledCoding;
import org.incidentatlas.incident.Incident;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queryables of each collection (OGC API Features Part 3) and the conformance that announces them. */
class QueryablesTest {
  static final String REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  static String href(JsonNode collection) {
    for (JsonNode l : collection.get("links")) {
      if (l.get("rel").asText().equals(REL)) {
        assertEquals("application/schema+json", l.get("type").asText());
        return l.get("href").asText();
      }
    }
    throw new AssertionError("no queryables link in " + collection.get("id"));
  }

  @Test
  void everyCollectionLinksToAJsonSchemaOfItsQueryables() throws Exception {
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String id = c.get("id").asText();
      String href = href(c);
      assertEquals(atlas.url("/api/collections/" + id + "/queryables"), href);
      HttpResponse<String> r = atlas.get(href.substring(atlas.url("").length()));
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("application/schema+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      JsonNode schema = TestAtlas.JSON.readTree(r.body());
      assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
      assertEquals(href, schema.get("$id").asText());
      assertEquals("object", schema.get("type").asText());
      assertEquals(c.get("title").asText(), schema.get("title").asText());
      assertFalse(schema.get("additionalProperties").asBoolean(true), id);
      JsonNode props = schema.get("properties");
      assertEquals("geometry-" + c.get("geometryType").asText().toLowerCase(Locale.ROOT), props.at("/geometry/format").asText(), id);
      assertEquals(c.at("/extent/temporal").isObject(), props.has("datetime"), id);
      // Every other queryable is a property the features carry, with a JSON type that fits it.
      List<JsonNode> features = CqlFilterTest.all(id);
      for (var it = props.fields(); it.hasNext(); ) {
        var p = it.next();
        if (p.getKey().equals("geometry") || p.getKey().equals("datetime")) {
          continue;
        }
        // Every queryable may be null, as many are in the data; its other type says what a value is.
        JsonNode types = p.getValue().get("type");
        assertTrue(types.isArray() && types.size() == 2 && types.get(1).asText().equals("null"), id + "." + p.getKey() + ": " + types);
        String type = types.get(0).asText();
        assertTrue(p.getValue().hasNonNull("title") && p.getValue().hasNonNull("description"), id + "." + p.getKey());
        boolean seen = false;
        for (JsonNode f : features) {
          JsonNode v = f.get("properties").get(p.getKey());
          assertTrue(v != null, id + " feature " + f.get("id") + " lacks " + p.getKey());
          if (v.isNull()) {
            continue;
          }
          seen = true;
          boolean fits = switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "array" -> v.isArray();
            default -> false;
          };
          assertTrue(fits, id + "." + p.getKey() + " is " + type + " but " + f.get("id") + " has " + v);
          if (p.getValue().has("enum")) {
            List<String> allowed = new ArrayList<>();
            p.getValue().get("enum").forEach(e -> allowed.add(e.asText()));
            assertTrue(p.getValue().get("enum").get(p.getValue().get("enum").size() - 1).isNull(), id + "." + p.getKey());
            assertTrue(allowed.contains(v.asText()), id + "." + p.getKey() + " = " + v + " not in " + allowed);
          }
          if ("date".equals(p.getValue().path("format").asText(null))) {
            java.time.LocalDate.parse(v.asText());
          }
        }
        assertTrue(seen || features.isEmpty(), id + "." + p.getKey() + " is never set");
      }
    }
  }

  @Test
  void incidentsOfferTheirDescriptiveProperties() {
    for (String layer : List.of("incidents", "border_clashes")) {
      JsonNode props = atlas.json("/api/collections/" + layer + "/queryables").get("properties");
      Set<String> names = new HashSet<>();
      props.fieldNames().forEachRemaining(names::add);
      assertTrue(names.containsAll(List.of("geometry", "datetime", "id", "date", "date_end", "date_precision", "event_type",
          "sub_type", "place_id", "place_name", "country", "admin1", "admin2", "location_precision", "uncertainty_m",
          "fatalities_low", "fatalities_high", "border_distance_km", "border_side", "nearest_settlement",
          "country_by_location", "actor_names", "acled_event_type", "acled_sub_event_type")), names.toString());
      List<Object> eventTypes = new ArrayList<>(Incident.EVENT_TYPES);
      eventTypes.add(null);
      assertEquals(eventTypes, TestAtlas.JSON.convertValue(props.at("/event_type/enum"), List.class));
      List<Object> acled = new ArrayList<>(AcledCoding.acledEventTypes());
      acled.add(null);
      assertEquals(acled, TestAtlas.JSON.convertValue(props.at("/acled_event_type/enum"), List.class));
      assertEquals("date", props.at("/date/format").asText());
      assertEquals("string", props.at("/actor_names/items/type").asText());
    }
    JsonNode settlements = atlas.json("/api/collections/settlements/queryables").get("properties");
    for (String name : List.of("name", "country", "admin1", "admin2", "population", "border_distance_km", "feature_code")) {
      assertTrue(settlements.has(name), name);
    }
  }

  @Test
  void unknownCollectionsAndParametersAreErrors() {
    assertEquals(404, atlas.get("/api/collections/nope/queryables").statusCode());
    assertEquals(400, atlas.get("/api/collections/incidents/queryables?limit=3").statusCode());
  }

  @Test
  void conformanceAnnouncesFilteringAndCql2() {
    List<String> classes = new ArrayList<>();
    atlas.json("/api/conformance").get("conformsTo").forEach(c -> classes.add(c.asText()));
    for (String c : List.of(
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic")) {
      assertTrue(classes.contains(c), c);
    }
  }

  @Test
  void theApiDefinitionDescribesFilterSortbyAndQueryables() {
    JsonNode doc = atlas.json("/api/openapi");
    List<String> params = new ArrayList<>();
    for (JsonNode p : doc.at("/paths/~1collections~1{collectionId}~1items/get/parameters")) {
      String ref = p.get("$ref").asText();
      params.add(doc.at(ref.substring(1)).get("name").asText());
    }
    assertTrue(params.containsAll(List.of("filter", "filter-lang", "filter-crs", "sortby")), params.toString());
    assertEquals(List.of("cql2-text", "cql2-json", "cql-text"), TestAtlas.JSON.convertValue(doc.at("/components/parameters/filter-lang/schema/enum"), List.class));
    assertTrue(doc.at("/paths/~1collections~1{collectionId}~1queryables/get").isObject());
  }
}
