package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attribute filters, property selection and filtered downloads against the real server. Expected
 * answers are computed here from the unfiltered layer by the documented rule of each parameter.
 */
class FilterTest {
  static final String BOX = "45.45,40.85,45.65,40.98";
  static final Pattern FILE_NAME = Pattern.compile("attachment; filename=\"([^\"]+)\"");
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  /** {@code a=1&b=x y} as written in the tests, unencoded, into its parameters in order. */
  static Map<String, String> parse(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }

  static String encode(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return String.join("&", pairs);
  }

  static String items(String layer, String query) {
    String encoded = encode(parse(query));
    return "/api/collections/" + layer + "/items?" + (encoded.isEmpty() ? "" : encoded + "&") + "limit=" + ItemsRequest.MAX_LIMIT;
  }

  static List<JsonNode> features(JsonNode collection) {
    List<JsonNode> out = new ArrayList<>();
    collection.get("features").forEach(out::add);
    return out;
  }

  /** Every feature of the layer, unfiltered, in stored order. */
  static List<JsonNode> all(String layer) {
    List<JsonNode> out = features(atlas.json(items(layer, "")));
    assertEquals(atlas.json("/api/collections/" + layer).get("featureCount").asInt(), out.size(), layer);
    return out;
  }

  static List<String> ids(List<JsonNode> features) {
    return features.stream().map(f -> f.get("id").asText()).toList();
  }

  static List<String> ids(JsonNode featureCollection) {
    return ids(features(featureCollection));
  }

  /**
   * Follows the {@code next} links from {@code first}, checking each page with {@code check} and
   * that no feature comes back on a later page; the ids of each page, in order.
   */
  static List<List<String>> pageIds(String first, BiConsumer<String, JsonNode> check) {
    TestAtlas server = TestAtlas.shared();
    List<List<String>> pages = new ArrayList<>();
    Set<String> unique = new HashSet<>();
    String next = first;
    while (next != null) {
      JsonNode page = server.json(next);
      check.accept(next, page);
      List<String> ids = ids(page);
      for (String id : ids) {
        assertTrue(unique.add(id), "repeated " + id + " at " + next);
      }
      pages.add(ids);
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.get("rel").asText().equals("next")) {
          next = l.get("href").asText().substring(server.url("").length());
        }
      }
    }
    return pages;
  }

  /** The documented meaning of one query parameter, as a test on a feature. */
  static Predicate<JsonNode> rule(String param, String value) {
    List<String> values = List.of(value.split(","));
    return switch (param) {
      case "event_type", "country", "location_precision" -> f -> {
        JsonNode v = f.get("properties").get(param);
        return v != null && v.isTextual() && values.contains(v.asText());
      };
      case "actor" -> f -> {
        for (JsonNode name : f.get("properties").path("actor_names")) {
          if (values.contains(name.asText())) {
            return true;
          }
        }
        return false;
      };
      case "min_fatalities" -> f -> {
        JsonNode high = f.get("properties").path("fatalities_high");
        long n = high.isNull() || high.isMissingNode() ? 0 : high.asLong();
        return n >= Long.parseLong(value);
      };
      case "bbox" -> f -> {
        double[] b = values.stream().mapToDouble(Double::parseDouble).toArray();
        double x = f.at("/geometry/coordinates/0").asDouble();
        double y = f.at("/geometry/coordinates/1").asDouble();
        return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
      };
      case "datetime" -> f -> {
        String[] parts = value.contains("/") ? value.split("/") : new String[] {value, value};
        LocalDate from = parts[0].equals("..") ? LocalDate.MIN : LocalDate.parse(parts[0]);
        LocalDate to = parts[1].equals("..") ? LocalDate.MAX : LocalDate.parse(parts[1]);
        return !LocalDate.parse(f.at("/properties/date").asText()).isAfter(to)
            && !LocalDate.parse(f.at("/properties/date_end").asText()).isBefore(from);
      };
      default -> throw new IllegalArgumentException("no rule for " + param);
    };
  }

  /** All parameters of the query must hold. */
  static Predicate<JsonNode> rules(String query) {
    Predicate<JsonNode> all = f -> true;
    for (Map.Entry<String, String> p : parse(query).entrySet()) {
      all = all.and(rule(p.getKey(), p.getValue()));
    }
    return all;
  }

  static List<JsonNode> expected(String layer, String query) {
    return all(layer).stream().filter(rules(query)).toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents      | event_type=shelling",
      "incidents      | event_type=shelling,drone_strike",
      "incidents      | country=AM",
      "incidents      | country=AZ",
      "incidents      | location_precision=exact,near",
      "incidents      | actor=Civilians (Armenia)",
      "incidents      | actor=Civilians (Armenia),Civilians (Azerbaijan)",
      "incidents      | min_fatalities=0",
      "incidents      | min_fatalities=1",
      "incidents      | min_fatalities=3",
      "incidents      | min_fatalities=100000",
      "incidents      | event_type=shelling&country=AM",
      "incidents      | event_type=armed_clash&min_fatalities=1",
      "incidents      | event_type=shelling,drone_strike&bbox=" + BOX,
      "incidents      | country=AZ&datetime=2020-07-14",
      "incidents      | location_precision=exact&datetime=../2020-07-14",
      "incidents      | actor=Military Forces of Armenia&datetime=2020-07-12/2020-07-13&bbox=" + BOX,
      "incidents      | min_fatalities=1&country=AM&datetime=2020-07-14/..&bbox=" + BOX,
      "border_clashes | event_type=shelling",
      "border_clashes | event_type=armed_clash",
      "border_clashes | country=AM",
      "border_clashes | location_precision=exact,near&bbox=" + BOX,
      "border_clashes | min_fatalities=3",
      "border_clashes | actor=Military Forces of Azerbaijan&datetime=2020-07-14/..",
  })
  void itemsFiltersSelectExactlyTheFeaturesTheirRuleSelects(String layer, String query) {
    List<JsonNode> expected = expected(layer, query);
    JsonNode fc = atlas.json(items(layer, query));
    assertEquals(ids(expected), ids(fc), layer + "?" + query);
    assertEquals(expected.size(), fc.get("numberMatched").asInt(), layer + "?" + query);
    assertEquals(expected.size(), fc.get("numberReturned").asInt(), layer + "?" + query);
  }

  @ParameterizedTest
  @ValueSource(strings = {"event_type=shelling", "event_type=shelling,drone_strike", "country=AM",
      "location_precision=exact,near", "actor=Civilians (Armenia)", "min_fatalities=1"})
  void eachSingleFilterSelectsAProperNonEmptySubsetOfIncidents(String query) {
    // Otherwise the comparisons above could pass with a filter that does nothing.
    int total = all("incidents").size();
    int matched = atlas.json(items("incidents", query)).get("numberMatched").asInt();
    assertTrue(matched > 0 && matched < total, query + ": " + matched + " of " + total);
  }

  @Test
  void incidentsWithoutFatalityClaimsCountAsNone() {
    List<JsonNode> incidents = all("incidents");
    List<String> unclaimed = ids(incidents.stream().filter(f -> f.at("/properties/fatalities_high").isNull()).toList());
    assertFalse(unclaimed.isEmpty(), "the data has incidents without fatality claims");
    assertEquals(ids(incidents), ids(atlas.json(items("incidents", "min_fatalities=0"))));
    List<String> atLeastOne = ids(atlas.json(items("incidents", "min_fatalities=1")));
    assertTrue(unclaimed.stream().noneMatch(atLeastOne::contains), atLeastOne.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents      | event_type=shelling,drone_strike",
      "incidents      | actor=Civilians (Armenia),Military Forces of Armenia&properties=id,actor_names",
      "incidents      | country=AM&datetime=2020-07-12/2020-07-14",
      "border_clashes | min_fatalities=0&bbox=" + BOX,
  })
  void pagingThroughAFilteredResultVisitsEachMatchOnce(String layer, String query) {
    List<String> expected = ids(expected(layer, query.replaceAll("&properties=[^&]*", "")));
    assertTrue(expected.size() > 2, "needs more than one page: " + expected);
    List<List<String>> pages = pageIds("/api/collections/" + layer + "/items?" + encode(parse(query)) + "&limit=2", (url, page) -> {
      assertEquals(expected.size(), page.get("numberMatched").asInt(), url);
      assertTrue(page.get("numberReturned").asInt() <= 2, url);
    });
    assertEquals(expected, pages.stream().flatMap(List::stream).toList());
    assertEquals((expected.size() + 1) / 2, pages.size());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/collections/incidents/items?min_fatalities=abc          | min_fatalities",
      "/api/collections/incidents/items?min_fatalities=-1           | min_fatalities",
      "/api/collections/incidents/items?min_fatalities=1.5          | min_fatalities",
      "/api/collections/incidents/items?min_fatalities=             | min_fatalities",
      "/api/collections/incidents/items?event_type=                 | event_type",
      "/api/collections/incidents/items?event_type                  | event_type",
      "/api/collections/incidents/items?event_type=shelling,,x      | event_type",
      "/api/collections/incidents/items?country=AM,                 | country",
      "/api/collections/incidents/items?actor=%20                   | actor",
      "/api/collections/incidents/items?country=AM&country=AZ       | country",
      "/api/collections/border_clashes/items?location_precision=,   | location_precision",
      "/api/collections/settlements/items?event_type=shelling       | event_type",
      "/api/collections/border/items?country=AM                     | country",
      "/api/collections/shelled_villages/items?event_type=shelling  | event_type",
      "/api/collections/shelled_villages/items?min_fatalities=1     | min_fatalities",
      "/api/collections/incidents/items?properties=a%20b            | properties",
      "/api/collections/incidents/items?properties=                 | properties",
      "/api/collections/incidents/items?properties=event_type,,date | properties",
      "/api/collections/incidents/items?properties=properties.id    | properties",
      "/download/incidents.geojson?min_fatalities=abc               | min_fatalities",
      "/download/incidents.geojson?event_type=                      | event_type",
      "/download/countries.geojson?country=AM                       | country",
      "/download/incidents.geojson?event_type=shelling&limit=5      | limit",
  })
  void badFilterValuesAreA400NamingTheParameter(String pathAndQuery, String param) throws Exception {
    HttpResponse<String> r = atlas.get(pathAndQuery);
    assertEquals(400, r.statusCode(), pathAndQuery + " -> " + r.body());
    JsonNode error = TestAtlas.JSON.readTree(r.body());
    assertEquals("InvalidParameterValue", error.get("code").asText(), r.body());
    assertTrue(error.get("description").asText().contains(param), pathAndQuery + " -> " + r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"country=AM", "country=AZ", "country=AM,AZ", "country=AM&datetime=2020-07-16",
      "country=AZ&bbox=" + BOX})
  void shelledVillagesFilterByCountry(String query) {
    Map<String, String> params = parse(query);
    Predicate<JsonNode> rule = rule("country", params.get("country"));
    if (params.containsKey("bbox")) {
      rule = rule.and(rule("bbox", params.get("bbox")));
    }
    if (params.containsKey("datetime")) {
      // Villages are dated from their first to their last reported shelling.
      LocalDate day = LocalDate.parse(params.get("datetime"));
      rule = rule.and(f -> !LocalDate.parse(f.at("/properties/first_date").asText()).isAfter(day)
          && !LocalDate.parse(f.at("/properties/last_date").asText()).isBefore(day));
    }
    List<JsonNode> expected = all("shelled_villages").stream().filter(rule).toList();
    JsonNode fc = atlas.json(items("shelled_villages", query));
    assertEquals(ids(expected), ids(fc), query);
    assertEquals(expected.size(), fc.get("numberMatched").asInt(), query);
    if (query.equals("country=AM") || query.equals("country=AZ")) {
      assertFalse(expected.isEmpty(), "villages on both sides were shelled");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents        | event_type,date                |                     | event_type,date",
      "incidents        | date, event_type,date          |                     | event_type,date",
      "incidents        | event_type,no_such_property    |                     | event_type",
      "incidents        | actor_names,fatalities,sources |                     | actor_names,fatalities,sources",
      "incidents        | id                             | event_type=shelling | id",
      "border_clashes   | fatalities_high                | country=AM          | fatalities_high",
      "shelled_villages | name,shelling_incidents        | country=AZ          | name,shelling_incidents",
      "settlements      | nothing_at_all                 |                     | ''",
  })
  void propertiesSelectsTheNamedPropertiesAndLeavesGeometryAndIdAlone(String layer, String properties, String filter,
      String keys) {
    String query = (filter == null ? "" : filter + "&") + "properties=" + properties;
    Set<String> wanted = keys.isEmpty() ? Set.of() : Set.of(keys.split(","));
    Map<String, JsonNode> full = new HashMap<>();
    List<JsonNode> expected = filter == null ? all(layer) : expected(layer, filter);
    expected.forEach(f -> full.put(f.get("id").asText(), f));
    JsonNode fc = atlas.json(items(layer, query));
    List<JsonNode> got = features(fc);
    assertEquals(ids(expected), ids(got), query);
    assertEquals(expected.size(), fc.get("numberMatched").asInt());
    for (JsonNode f : got) {
      JsonNode whole = full.get(f.get("id").asText());
      assertEquals(whole.get("type"), f.get("type"));
      assertEquals(whole.get("geometry"), f.get("geometry"));
      Set<String> present = new HashSet<>();
      f.get("properties").fieldNames().forEachRemaining(present::add);
      Set<String> expectedKeys = new HashSet<>();
      for (String k : wanted) {
        if (whole.get("properties").has(k)) {
          expectedKeys.add(k);
        }
      }
      assertEquals(wanted, expectedKeys, "every selected property the test expects exists on " + f.get("id"));
      assertEquals(expectedKeys, present, query + " on " + f.get("id"));
      for (String k : present) {
        assertEquals(whole.get("properties").get(k), f.get("properties").get(k), k + " of " + f.get("id"));
      }
    }
  }

  @Test
  void derivedIncidentPropertiesFollowTheirClaims() {
    List<JsonNode> incidents = all("incidents");
    boolean rivalClaims = false;
    for (JsonNode f : incidents) {
      JsonNode p = f.get("properties");
      List<String> parties = new ArrayList<>();
      for (JsonNode a : p.get("actors")) {
        if (!a.get("role").asText().equals("claimant")) {
          parties.add(a.get("name").asText());
        }
      }
      List<String> actorNames = new ArrayList<>();
      p.get("actor_names").forEach(n -> actorNames.add(n.asText()));
      assertEquals(parties, actorNames, f.get("id").asText());

      // Per side and group the lowest and the highest claim; the groups are added up.
      Map<String, int[]> range = new LinkedHashMap<>();
      for (JsonNode c : p.get("fatalities")) {
        int n = c.get("count").asInt();
        range.merge(c.get("side").asText() + " " + c.get("group").asText(), new int[] {n, n},
            (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
      rivalClaims |= range.size() < p.get("fatalities").size();
      if (range.isEmpty()) {
        assertTrue(p.get("fatalities_low").isNull(), f.get("id").asText());
        assertTrue(p.get("fatalities_high").isNull(), f.get("id").asText());
      } else {
        assertEquals(range.values().stream().mapToInt(r -> r[0]).sum(), p.get("fatalities_low").asInt(), f.get("id").asText());
        assertEquals(range.values().stream().mapToInt(r -> r[1]).sum(), p.get("fatalities_high").asInt(), f.get("id").asText());
      }
    }
    assertTrue(rivalClaims, "the data has rival claims about the same people");
  }

  // --- downloads ---

  static String fileName(HttpResponse<?> r) {
    String disposition = r.headers().firstValue("Content-Disposition").orElse("");
    Matcher m = FILE_NAME.matcher(disposition);
    assertTrue(m.matches(), disposition);
    return m.group(1);
  }

  static String download(String query) {
    String encoded = encode(parse(query));
    return "/download/incidents.geojson" + (encoded.isEmpty() ? "" : "?" + encoded);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''",
      "event_type=shelling",
      "datetime=2020-07-12/2020-07-14&event_type=shelling&bbox=" + BOX,
      "event_type=shelling,drone_strike&country=AM",
      "actor=Civilians (Armenia)&min_fatalities=1",
      "location_precision=exact,near&datetime=2020-07-14",
      "min_fatalities=3&datetime=../2020-07-13",
      "country=AZ&datetime=2020-07-15/..",
  })
  void aFilteredDownloadHoldsWhatItemsReturnsForTheSameFilters(String query) throws Exception {
    HttpResponse<String> r = atlas.get(download(query));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(Formats.GEOJSON, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode file = TestAtlas.JSON.readTree(r.body());
    JsonNode fromItems = atlas.json(items("incidents", query));
    assertEquals(features(fromItems), features(file), query);
    assertEquals(ids(expected("incidents", query)), ids(file), query);
    assertEquals(features(file).size(), file.get("numberReturned").asInt());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                                            | ''",
      "event_type=shelling                                           | event_type-shelling",
      "datetime=2020-07-12/2020-07-14&event_type=shelling&bbox=" + BOX
          + " | 2020-07-12_to_2020-07-14 event_type-shelling bbox-45.45_40.85_45.65_40.98",
      "bbox=45.451,40.849,45.6549,40.98&datetime=2020-07-14&country=AM | 2020-07-14_to_2020-07-14 country-AM bbox-45.45_40.85_45.65_40.98",
      "country=AM&event_type=shelling,drone_strike                   | event_type-shelling+drone-strike country-AM",
      "actor=Civilians (Armenia)&min_fatalities=1                    | actor-Civilians-Armenia- min_fatalities-1",
      "location_precision=exact,near&datetime=2020-07-14             | 2020-07-14_to_2020-07-14 location_precision-exact+near",
      "datetime=../2020-07-13                                        | until_2020-07-13",
      "datetime=2020-07-15/..                                        | from_2020-07-15",
  })
  void theDownloadNameSaysWhatTheFileHolds(String query, String parts) {
    HttpResponse<String> r = atlas.get(download(query));
    assertEquals(200, r.statusCode(), r.body());
    String name = fileName(r);
    assertTrue(name.matches("incident-atlas_incidents[A-Za-z0-9._+-]*\\.geojson"), name);
    if (parts.isEmpty()) {
      assertEquals("incident-atlas_incidents.geojson", name);
      return;
    }
    // The parts appear in a fixed order: dates, then the filters, then the box.
    int at = "incident-atlas_incidents".length();
    for (String part : parts.split(" ")) {
      int found = name.indexOf(part, at);
      assertTrue(found >= at, "'" + part + "' after position " + at + " in " + name);
      at = found + part.length();
    }
  }

  @Test
  void aLongQueryGivesAShortenedNameNotABrokenOne() {
    String query = "event_type=armed_clash,shelling,drone_strike&country=AM,AZ&location_precision=exact,near,district"
        + "&actor=Military Forces of Azerbaijan,Military Forces of Armenia,Civilians (Armenia),Civilians (Azerbaijan)"
        + "&min_fatalities=0&datetime=2020-07-01/2020-07-31&bbox=" + BOX;
    HttpResponse<String> r = atlas.get(download(query));
    assertEquals(200, r.statusCode(), r.body());
    String name = fileName(r);
    assertTrue(name.startsWith("incident-atlas_incidents_2020-07-01_to_2020-07-31_event_type-"), name);
    assertTrue(name.endsWith(".geojson"), name);
    assertTrue(name.length() <= 200, name.length() + ": " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "event_type=shelling,drone_strike&datetime=2020-07-14&bbox=" + BOX,
      "actor=Civilians (Armenia)&min_fatalities=1"})
  void headOfADownloadAnswersWithTheHeadersOfGet(String query) {
    HttpResponse<String> get = atlas.get(download(query));
    HttpResponse<String> head = atlas.head(download(query));
    assertEquals(200, head.statusCode());
    assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
    assertNotNull(fileName(head));
    assertEquals(fileName(get), fileName(head));
    assertTrue(head.body().isEmpty());
  }

  @Test
  void headOfADownloadChecksItsParametersLikeGet() {
    assertEquals(400, atlas.head("/download/incidents.geojson?min_fatalities=abc").statusCode());
    assertEquals(400, atlas.head("/download/incidents.geojson?event_type=shelling&limit=5").statusCode());
    assertEquals(400, atlas.head("/download/border.geojson?country=AM").statusCode());
  }

  @Test
  void filterParametersArePassedOnInPagingLinks() {
    JsonNode page = atlas.json("/api/collections/incidents/items?actor=" + URLEncoder.encode("Civilians (Armenia)",
        StandardCharsets.UTF_8).replace("+", "%20") + "&min_fatalities=0&limit=1");
    for (Iterator<JsonNode> it = page.get("links").elements(); it.hasNext(); ) {
      JsonNode l = it.next();
      if (l.get("rel").asText().equals("next") || l.get("rel").asText().equals("self")) {
        String href = l.get("href").asText();
        assertTrue(href.contains("actor=Civilians%20%28Armenia%29"), href);
        assertTrue(href.contains("min_fatalities=0"), href);
      }
    }
  }
}
