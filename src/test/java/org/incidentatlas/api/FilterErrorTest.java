package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters that cannot be applied are a 400 that says where; hostile ones change nothing. */
class FilterErrorTest {
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  static HttpResponse<String> filter(String layer, String filter) {
    return atlas.get("/api/collections/" + layer + "/items?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
  }

  static JsonNode error(HttpResponse<String> r) throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = TestAtlas.JSON.readTree(r.body());
    assertEquals("InvalidParameterValue", e.get("code").asText(), r.body());
    return e;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // filter                                                   | position | token
      "event_typ = 'shelling'                                     | 1  | event_typ",
      "event_type = 3                                             | 14 | 3",
      "fatalities_high = 'three'                                  | 19 | 'three'",
      "event_type = 'shelling' AND                                | 28 | END",
      "event_type = 'shelling' ANDD country = 'AM'                | 25 | ANDD",
      "event_type == 'shelling'                                   | 13 | =",
      "(event_type = 'shelling'                                   | 25 | END",
      "event_type = 'shelling')                                   | 24 | )",
      "event_type = 'shelling                                     | 14 | 'shelling",
      "event_type                                                 | 11 | END",
      "event_type = shelling                                      | 14 | shelling",
      "datetime = DATE('2020-07-14')                              | 1  | datetime",
      "geometry = 'x'                                             | 1  | geometry",
      "actor_names = 'x'                                          | 1  | actor_names",
      "date = DATE('2020-13-01')                                  | 13 | '2020-13-01'",
      "date > TIMESTAMP('yesterday')                              | 18 | 'yesterday'",
      "place_name LIKE 3                                          | 17 | 3",
      "place_name LIKE 'a\\b'                                     | 19 | \\",
      "fatalities_high BETWEEN 1 OR 3                             | 27 | OR",
      "event_type IN ('a', 3)                                     | 21 | 3",
      "S_INTERSECTS(geometry, POINT(200 40))                      | 24 | POINT",
      "S_INTERSECTS(geometry, POINT(45 40)                        | 36 | END",
      "S_INTERSECTS(geometry, POLYGON((45 40, 46 41, 46 40, 45 41, 45 40))) | 24 | POLYGON",
      "S_INTERSECTS(event_type, POINT(45 40))                     | 14 | event_type",
      "S_NEAR(geometry, POINT(45 40))                             | 1  | S_NEAR",
      "S_DWITHIN(geometry, POINT(45 40), 10, miles)               | 39 | miles",
      "S_DWITHIN(geometry, POINT(45 40), -10, meters)             | 35 | -",
      "T_INTERSECTS(datetime, INTERVAL('2020-07-15', '2020-07-13')) | 24 | \"INTERVAL('2020-07-15', '2020-07-13')\"",
      "T_INTERSECTS(event_type, DATE('2020-07-14'))               | 14 | event_type",
      "A_CONTAINS(actor_names, ('a', 1))                          | 31 | 1",
      "CASEI(fatalities_high) = 'x'                               | 7  | fatalities_high",
      "ACCENTI(place_name = 'x'                                   | 20 | =",
      "place_name ILIKE 'x'                                       | 12 | ILIKE",
      "place_name + 1 > 2                                         | 1  | place_name",
      "fatalities_high * > 2                                      | 19 | >",
      "(fatalities_high + 1 > 2                                   | 25 | END",
      "event_type = 'x'; DROP TABLE layer_incidents               | 17 | ;",
  })
  void aBadFilterIsA400ThatSaysWhere(String filter, int position, String token) throws Exception {
    JsonNode e = error(filter("incidents", filter));
    String description = e.get("description").asText();
    assertTrue(description.startsWith("filter: "), description);
    assertTrue(description.contains("at character " + position + " "), filter + " -> " + description);
    if (token.equals("END")) {
      assertTrue(description.contains("(end of filter)"), description);
    } else {
      assertTrue(description.contains("('" + token + "')"), filter + " -> " + description);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "settlements      | T_INTERSECTS(datetime, DATE('2020-07-14')) | no time",
      "settlements      | event_type = 'shelling'                    | not a queryable",
      "border           | country = 'AM'                             | not a queryable",
      "countries        | population > 3                             | not a queryable",
  })
  void aPropertyTheLayerLacksIsNamed(String layer, String filter, String says) throws Exception {
    String description = error(filter(layer, filter)).get("description").asText();
    assertTrue(description.contains(says) && description.contains("at character 1"), description);
  }

  @ParameterizedTest
  @ValueSource(strings = {"filter-lang=cql2-jsonb", "filter-lang=CQL-TEXT", "filter-lang=ecql", "filter-crs=EPSG:3857",
      "filter=", "filter=%20%20", "filter=a&filter=b", "fatalities_low=many", "date=yesterday", "sortby=actor_names"})
  void otherFilterParametersAreCheckedToo(String query) throws Exception {
    error(atlas.get("/api/collections/incidents/items?" + query));
    error(atlas.get("/download/incidents.geojson?" + query.replace("sortby", "limit")));
  }

  /** Parentheses are read as a condition first, then as a number, nested as deep as a filter may go. */
  @Test
  void deeplyNestedArithmeticIsReadAtOnce() {
    String nested = "(".repeat(60) + "fatalities_high - 1" + ")".repeat(60) + " >= 0";
    assertEquals(atlas.json("/api/collections/incidents/items?limit=1&filter=fatalities_high >= 1".replace(" ", "%20")
        .replace(">", "%3E")).get("numberMatched"), atlas.json("/api/collections/incidents/items?limit=1&filter="
        + URLEncoder.encode(nested, StandardCharsets.UTF_8)).get("numberMatched"));
  }

  @Test
  void theFilterLanguageAndCrsMayBeNamed() {
    String f = URLEncoder.encode("event_type = 'shelling'", StandardCharsets.UTF_8);
    assertEquals(200, atlas.get("/api/collections/incidents/items?filter-lang=cql2-text&filter=" + f).statusCode());
    assertEquals(200, atlas.get("/api/collections/incidents/items?filter-lang=cql-text&filter=" + f).statusCode());
    // In the pre-standard language a quoted date compared with a date property is that day; in CQL2 it stays a text.
    String day = URLEncoder.encode("date >= '2020-07-14T'", StandardCharsets.UTF_8);
    assertEquals(200, atlas.get("/api/collections/incidents/items?filter-lang=cql-text&filter=" + day).statusCode());
    assertEquals(400, atlas.get("/api/collections/incidents/items?filter=" + day).statusCode());
    assertEquals(400, atlas.get("/api/collections/incidents/items?filter-lang=cql-text&filter="
        + URLEncoder.encode("date >= 'July'", StandardCharsets.UTF_8)).statusCode());
    // ILIKE, which the pre-standard language had, is CASEI on both sides of LIKE.
    String ilike = atlas.json("/api/collections/incidents/items?limit=1&filter-lang=cql-text&filter="
        + URLEncoder.encode("place_name ILIKE 'AYGEP%'", StandardCharsets.UTF_8)).get("numberMatched").asText();
    String casei = atlas.json("/api/collections/incidents/items?limit=1&filter="
        + URLEncoder.encode("CASEI(place_name) LIKE CASEI('AYGEP%')", StandardCharsets.UTF_8)).get("numberMatched").asText();
    assertEquals(casei, ilike);
    assertTrue(Integer.parseInt(ilike) > 0, ilike);
    assertEquals(200, atlas.get("/api/collections/incidents/items?filter-crs="
        + URLEncoder.encode("http://www.opengis.net/def/crs/OGC/1.3/CRS84", StandardCharsets.UTF_8) + "&filter=" + f).statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "event_type = 'x'' OR 1=1 --'",
      "event_type = 'x'' OR ''1''=''1'",
      "place_name = '''; DROP TABLE layer_incidents; --'",
      "place_name LIKE '%''; DELETE FROM layer_incidents; --'",
      "admin1 IN ('x'') OR (1=1', 'y')",
      "A_OVERLAPS(actor_names, ('x'') OR TRUE OR (''', 'y'))",
  })
  void quotesInsideAStringAreOnlyText(String filter) {
    JsonNode fc = atlas.json(CqlFilterTest.items("incidents", filter));
    assertEquals(0, fc.get("numberMatched").asInt(), filter);
    assertDataIntact();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a_event_type;DROP = 'x'",
      "\"a_event_type\" = 'x'",
      "\"event_type = 'x' OR 1=1 --\" = 'x'",
      "\"seq\" >= 0",
      "\"properties_json\" LIKE '%'",
      "event_type = 'x' -- comment",
      "event_type = 'x' /* */",
  })
  void namesOutsideTheQueryablesNeverReachTheDatabase(String filter) throws Exception {
    error(filter("incidents", filter));
    assertDataIntact();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sortby=a_event_type;DROP TABLE layer_incidents", "sortby=seq", "sortby=properties_json",
      "sortby=event_type DESC", "admin1=x' OR '1'='1", "a_event_type=x"})
  void hostileParametersChangeNothing(String query) {
    int eq = query.indexOf('=');
    HttpResponse<String> r = atlas.get("/api/collections/incidents/items?" + query.substring(0, eq + 1)
        + URLEncoder.encode(query.substring(eq + 1), StandardCharsets.UTF_8));
    assertTrue(r.statusCode() == 400 || (r.statusCode() == 200 && r.body().contains("\"numberMatched\":0")), query + " -> " + r.body());
    assertDataIntact();
  }

  static void assertDataIntact() {
    for (String layer : List.of("incidents", "settlements")) {
      long count = atlas.json("/api/collections/" + layer).get("featureCount").asLong();
      assertEquals(count, atlas.json("/api/collections/" + layer + "/items?limit=1").get("numberMatched").asLong(), layer);
      assertEquals(count, atlas.json(CqlFilterTest.items(layer, "TRUE")).get("numberMatched").asLong(), layer);
    }
  }
}
