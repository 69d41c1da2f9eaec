package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sortby}: the expected order is computed here from the layer in stored order, by the
 * documented rule: each key ascending or descending, missing values last, ties in stored order.
 */
class SortByTest {
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  /** One key as the test understands it; {@code datetime} is the first and then the last day. */
  static Comparator<JsonNode> key(String layer, String spec) {
    String s = spec.strip();
    boolean descending = s.startsWith("-");
    String name = s.replaceFirst("^[-+]", "");
    if (name.equals("datetime")) {
      String[] days = layer.equals("shelled_villages") ? new String[] {"first_date", "last_date"} : new String[] {"date", "date_end"};
      return key(layer, (descending ? "-" : "") + days[0]).thenComparing(key(layer, (descending ? "-" : "") + days[1]));
    }
    Comparator<JsonNode> byValue = (a, b) -> {
      JsonNode x = a.get("properties").get(name);
      JsonNode y = b.get("properties").get(name);
      boolean xm = x == null || x.isNull();
      boolean ym = y == null || y.isNull();
      if (xm || ym) {
        return Boolean.compare(xm, ym); // missing last, in both directions
      }
      int c = x.isNumber() ? Double.compare(x.asDouble(), y.asDouble()) : x.asText().compareTo(y.asText());
      return descending ? -c : c;
    };
    return byValue;
  }

  static List<String> expected(String layer, String sortby, String filter) {
    List<JsonNode> all = filter == null ? CqlFilterTest.all(layer)
        : FilterTest.features(TestAtlas.shared().json(CqlFilterTest.items(layer, filter)));
    List<JsonNode> sorted = new ArrayList<>(all);
    Comparator<JsonNode> order = null;
    for (String spec : sortby.split(",")) {
      order = order == null ? key(layer, spec) : order.thenComparing(key(layer, spec));
    }
    sorted.sort(order); // stable: ties keep stored order
    return FilterTest.ids(sorted);
  }

  static String url(String layer, String sortby, String filter, int limit) {
    return "/api/collections/" + layer + "/items?limit=" + limit + "&sortby=" + Hrefs.encode(sortby)
        + (filter == null ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents        | -fatalities_high                  | ",
      "incidents        | fatalities_high                   | ",
      "incidents        | +place_name                       | ",
      "incidents        | ' place_name'                     | ",
      "incidents        | date,-border_distance_km          | ",
      "incidents        | datetime                          | ",
      "incidents        | -datetime,id                      | ",
      "incidents        | event_type,-fatalities_low        | ",
      "incidents        | -uncertainty_m                    | country = 'AM'",
      "border_clashes   | -date                             | ",
      "shelled_villages | -shelling_incidents,name          | ",
      "shelled_villages | -datetime                         | ",
      "settlements      | -population                       | ",
      "settlements      | country,-border_distance_km,name  | ",
      "exposure_zones   | -area_km2                         | ",
  })
  void itemsComeInTheRequestedOrderWithTiesInStoredOrder(String layer, String sortby, String filter) {
    List<String> expected = expected(layer, sortby, filter);
    List<String> got = FilterTest.ids(atlas.json(url(layer, sortby, filter, ItemsRequest.MAX_LIMIT)));
    assertEquals(expected, got, layer + " sortby=" + sortby);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents      | -fatalities_high      | ",
      "incidents      | event_type            | ",
      "incidents      | -datetime             | ",
      "incidents      | country,-date         | fatalities_high IS NULL OR fatalities_high >= 0",
      "border_clashes | location_precision    | ",
  })
  void pagingThroughASortedResultVisitsEachFeatureOnceInOrder(String layer, String sortby, String filter) {
    List<String> expected = expected(layer, sortby, filter);
    assertTrue(expected.size() > 4, "needs several pages: " + expected);
    List<List<String>> pages = FilterTest.pageIds(url(layer, sortby, filter, 2),
        (next, page) -> assertEquals(expected.size(), page.get("numberMatched").asInt()));
    assertEquals(expected, pages.stream().flatMap(List::stream).toList());
    // Asked again, a page holds the same features.
    assertEquals(FilterTest.ids(atlas.json(url(layer, sortby, filter, 2) + "&offset=2")),
        FilterTest.ids(atlas.json(url(layer, sortby, filter, 2) + "&offset=2")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents   | actor_names",
      "incidents   | geometry",
      "incidents   | no_such_property",
      "incidents   | -",
      "incidents   | date,,id",
      "settlements | datetime",
      "border      | population",
  })
  void sortingByWhatIsNotASortableQueryableIsA400(String layer, String sortby) throws Exception {
    var r = atlas.get(url(layer, sortby, null, 10));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(TestAtlas.JSON.readTree(r.body()).get("description").asText().contains("sortby"), r.body());
  }
}
