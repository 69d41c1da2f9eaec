package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CQL2 JSON ({@code filter-lang=cql2-json}): each filter selects what the same filter in text
 * selects, whose meaning {@link CqlFilterTest} checks feature by feature; errors point into the JSON.
 */
class Cql2JsonTest {
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode json(String layer, String filter) {
    return atlas.json("/api/collections/" + layer + "/items?limit=10000&filter-lang=cql2-json&filter=" + enc(filter));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      incidents | {"op": "=", "args": [{"property": "event_type"}, "shelling"]} | event_type = 'shelling'
      incidents | {"op": "<>", "args": [{"property": "event_type"}, "shelling"]} | event_type <> 'shelling'
      incidents | {"op": ">=", "args": [{"property": "fatalities_high"}, 3]} | fatalities_high >= 3
      incidents | {"op": "<", "args": [2.5, {"property": "border_distance_km"}]} | 2.5 < border_distance_km
      incidents | {"op": "and", "args": [{"op": "=", "args": [{"property": "event_type"}, "shelling"]}, {"op": "not", "args": [{"op": "isNull", "args": [{"property": "fatalities_high"}]}]}]} | event_type = 'shelling' AND NOT fatalities_high IS NULL
      incidents | {"op": "or", "args": [{"op": "like", "args": [{"property": "place_name"}, "A%"]}, {"op": "in", "args": [{"property": "admin1"}, ["Tavush", "Tovuz District"]]}]} | place_name LIKE 'A%' OR admin1 IN ('Tavush', 'Tovuz District')
      incidents | {"op": "between", "args": [{"property": "fatalities_high"}, 1, 5]} | fatalities_high BETWEEN 1 AND 5
      incidents | {"op": ">=", "args": [{"property": "date"}, {"date": "2020-07-14"}]} | date >= DATE('2020-07-14')
      incidents | {"op": "<", "args": [{"property": "date_end"}, {"timestamp": "2020-07-13T23:00:00Z"}]} | date_end < TIMESTAMP('2020-07-13T23:00:00Z')
      incidents | {"op": "t_intersects", "args": [{"property": "datetime"}, {"interval": ["2020-07-13", ".."]}]} | T_INTERSECTS(datetime, INTERVAL('2020-07-13', '..'))
      incidents | {"op": "t_finishedBy", "args": [{"property": "datetime"}, {"interval": ["2020-07-12", "2020-07-14"]}]} | T_FINISHEDBY(datetime, INTERVAL('2020-07-12', '2020-07-14'))
      incidents | {"op": "t_during", "args": [{"interval": [{"property": "date"}, {"property": "date_end"}]}, {"interval": ["2020-07-11", "2020-07-17T12:00:00Z"]}]} | T_DURING(INTERVAL(date, date_end), INTERVAL('2020-07-11', '2020-07-17'))
      incidents | {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [45.45, 40.85, 45.65, 40.98]}]} | S_INTERSECTS(geometry, BBOX(45.45, 40.85, 45.65, 40.98))
      incidents | {"op": "s_within", "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [[[45.40, 40.80], [45.70, 40.85], [45.50, 41.05], [45.40, 40.80]]]}]} | S_WITHIN(geometry, POLYGON((45.40 40.80, 45.70 40.85, 45.50 41.05, 45.40 40.80)))
      exposure_zones | {"op": "s_contains", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [45.50, 40.95]}]} | S_CONTAINS(geometry, POINT(45.50 40.95))
      settlements | {"op": "s_dwithin", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [45.55, 40.93]}, 10, "kilometers"]} | S_DWITHIN(geometry, POINT(45.55 40.93), 10, kilometers)
      incidents | {"op": "a_overlaps", "args": [{"property": "actor_names"}, ["Civilians (Armenia)", "Civilians (Azerbaijan)"]]} | A_OVERLAPS(actor_names, ('Civilians (Armenia)', 'Civilians (Azerbaijan)'))
      incidents | {"op": "a_containedBy", "args": [{"property": "actor_names"}, ["Military Forces of Armenia", "Military Forces of Azerbaijan"]]} | A_CONTAINEDBY(actor_names, ('Military Forces of Armenia', 'Military Forces of Azerbaijan'))
      settlements | {"op": "=", "args": [{"op": "casei", "args": [{"op": "accenti", "args": [{"property": "name"}]}]}, {"op": "casei", "args": [{"op": "accenti", "args": ["AĞDAM"]}]}]} | CASEI(ACCENTI(name)) = CASEI(ACCENTI('AĞDAM'))
      incidents | {"op": ">", "args": [{"op": "-", "args": [{"property": "fatalities_high"}, {"property": "fatalities_low"}]}, 0]} | fatalities_high - fatalities_low > 0
      incidents | {"op": "=", "args": [{"op": "div", "args": [{"property": "uncertainty_m"}, 4000]}, 3]} | uncertainty_m div 4000 = 3
      incidents | {"op": ">", "args": [{"op": "^", "args": [{"property": "border_distance_km"}, 2]}, {"op": "*", "args": [2, 2]}]} | border_distance_km ^ 2 > 2 * 2
      incidents | {"op": "=", "args": [{"op": "%", "args": [{"property": "uncertainty_m"}, 3000]}, {"op": "/", "args": [0, 5]}]} | uncertainty_m % 3000 = 0 / 5
      incidents | true | TRUE
      """)
  void aJsonFilterSelectsWhatTheSameFilterInTextSelects(String layer, String json, String text) {
    JsonNode fromJson = json(layer, json);
    JsonNode fromText = atlas.json("/api/collections/" + layer + "/items?limit=10000&filter=" + enc(text));
    assertEquals(FilterTest.ids(fromText), FilterTest.ids(fromJson), json);
    assertEquals(fromText.get("numberMatched"), fromJson.get("numberMatched"), json);
    // The self link carries the filter and its language, so that the next page keeps both.
    assertTrue(fromJson.toString().contains("filter-lang=cql2-json"), json);
  }

  @Test
  void aJsonFilterNarrowsADownloadToo() {
    String filter = "{\"op\": \"=\", \"args\": [{\"property\": \"event_type\"}, \"shelling\"]}";
    HttpResponse<String> r = atlas.get("/download/incidents.geojson?filter-lang=cql2-json&filter=" + enc(filter));
    assertEquals(200, r.statusCode());
    int shellings = json("incidents", filter).get("numberMatched").asInt();
    assertTrue(shellings > 0);
    assertEquals(shellings, r.body().split("\"event_type\":\"shelling\"", -1).length - 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      {"op": "=", "args": [{"property": "event_type"}, "shelling"] | 61 | end-of-input
      {"op": "=", "args": [{"property": "event_type"}, "shelling"]} x | 63 | not JSON
      {"op": "=", "op": "<>", "args": []} | 13 | Duplicate field 'op'
      {"op": "~", "args": [1, 2]} | 1 | unknown operator
      {"op": "=", "args": [{"property": "event_type"}]} | 1 | takes 2 arguments
      {"op": "=", "args": [{"property": "nope"}, 1]} | 35 | not a queryable
      {"op": "=", "args": [{"property": "fatalities_high"}, "three"]} | 55 | cannot compare
      {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [200, 40]}]} | 59 | outside longitude
      {"op": "t_intersects", "args": [{"property": "datetime"}, {"interval": ["2020-07-15", "yesterday"]}]} | 87 | not an RFC 3339 timestamp
      {"op": "and", "args": [true]} | 1 | at least two
      {"op": "=", "args": [{"op": "upper", "args": [{"property": "place_name"}]}, "X"]} | 22 | unknown function
      {"property": "event_type"} | 1 | expected a predicate
      event_type = 'shelling' | 1 | not JSON
      """)
  void aBadJsonFilterIsA400ThatSaysWhere(String filter, int position, String says) throws Exception {
    HttpResponse<String> r = atlas.get("/api/collections/incidents/items?filter-lang=cql2-json&filter=" + enc(filter));
    assertEquals(400, r.statusCode(), filter + " -> " + r.body());
    String description = TestAtlas.JSON.readTree(r.body()).get("description").asText();
    assertTrue(description.contains(says) && description.contains("at character " + position + " "), filter + " -> " + description);
  }

  @Test
  void conformanceDeclaresCql2Json() {
    assertTrue(atlas.json("/api/conformance").get("conformsTo").toString().contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-json"));
  }
}
