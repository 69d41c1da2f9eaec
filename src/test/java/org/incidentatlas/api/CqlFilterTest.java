package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.geotools.referencing.GeodeticCalculator;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * CQL2 filters ({@code filter}) against the real server. Every expected answer is computed here
 * from the whole layer by the meaning of the filter, written out as Java: comparisons with a
 * missing value are unknown (null), and only features for which the filter is true are selected.
 */
class CqlFilterTest {
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  // --- fetching ---

  static String items(String layer, String filter) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("filter", filter);
    p.put("limit", String.valueOf(ItemsRequest.MAX_LIMIT));
    return "/api/collections/" + layer + "/items?" + FilterTest.encode(p);
  }

  static List<JsonNode> all(String layer) {
    return FilterTest.features(TestAtlas.shared().json("/api/collections/" + layer + "/items?limit=" + ItemsRequest.MAX_LIMIT));
  }

  // --- the meaning of filters, with SQL's unknown as null ---

  /** A rule on one feature: TRUE, FALSE or null for unknown. */
  interface Rule extends Function<JsonNode, Boolean> {}

  static JsonNode prop(JsonNode f, String name) {
    JsonNode v = f.get("properties").get(name);
    return v == null || v.isNull() ? null : v;
  }

  static Rule text(String name, Predicate<String> test) {
    return f -> prop(f, name) == null ? null : test.test(prop(f, name).asText());
  }

  static Rule num(String name, DoublePredicate test) {
    return f -> prop(f, name) == null ? null : test.test(prop(f, name).asDouble());
  }

  static Rule day(String name, Predicate<LocalDate> test) {
    return f -> prop(f, name) == null ? null : test.test(LocalDate.parse(prop(f, name).asText()));
  }

  static Rule list(String name, Predicate<List<String>> test) {
    return f -> {
      if (prop(f, name) == null) {
        return null;
      }
      List<String> items = new ArrayList<>();
      prop(f, name).forEach(n -> items.add(n.asText()));
      return test.test(items);
    };
  }

  static Rule and(Rule... rules) {
    return f -> {
      boolean unknown = false;
      for (Rule r : rules) {
        Boolean v = r.apply(f);
        if (Boolean.FALSE.equals(v)) {
          return false;
        }
        unknown |= v == null;
      }
      return unknown ? null : true;
    };
  }

  static Rule or(Rule... rules) {
    return f -> {
      boolean unknown = false;
      for (Rule r : rules) {
        Boolean v = r.apply(f);
        if (Boolean.TRUE.equals(v)) {
          return true;
        }
        unknown |= v == null;
      }
      return unknown ? null : false;
    };
  }

  static Rule not(Rule r) {
    return f -> {
      Boolean v = r.apply(f);
      return v == null ? null : !v;
    };
  }

  static Rule always(boolean v) {
    return f -> v;
  }

  static Geometry geometry(JsonNode f) {
    try {
      return new GeoJsonReader().read(f.get("geometry").toString());
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  static Geometry wkt(String wkt) {
    try {
      return new WKTReader().read(wkt);
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  static Rule spatial(Predicate<Geometry> test) {
    return f -> test.test(geometry(f));
  }

  /** Days as numbers, for Allen's relations between a feature's days and an interval. */
  static Rule days(String start, String end, Predicate<long[]> test) {
    return f -> test.test(new long[] {LocalDate.parse(prop(f, start).asText()).toEpochDay(),
        LocalDate.parse(prop(f, end).asText()).toEpochDay()});
  }

  static long d(String day) {
    return LocalDate.parse(day).toEpochDay();
  }

  static void assertSelects(String layer, String filter, Rule rule) {
    List<JsonNode> expected = all(layer).stream().filter(f -> Boolean.TRUE.equals(rule.apply(f))).toList();
    JsonNode fc = atlas.json(items(layer, filter));
    assertEquals(FilterTest.ids(expected), FilterTest.ids(fc), layer + ": " + filter);
    assertEquals(expected.size(), fc.get("numberMatched").asInt(), layer + ": " + filter);
  }

  static Arguments c(String layer, String filter, Rule rule) {
    return Arguments.of(layer, filter, rule);
  }

  static final String AM_FORCES = "Military Forces of Armenia";
  static final String AZ_FORCES = "Military Forces of Azerbaijan";

  static Stream<Arguments> comparisons() {
    return Stream.of(
        c("incidents", "event_type = 'shelling'", text("event_type", "shelling"::equals)),
        c("incidents", "event_type <> 'shelling'", text("event_type", v -> !v.equals("shelling"))),
        c("incidents", "\"event_type\" = 'armed_clash'", text("event_type", "armed_clash"::equals)),
        c("incidents", "fatalities_high > 2", num("fatalities_high", v -> v > 2)),
        c("incidents", "fatalities_high >= 3", num("fatalities_high", v -> v >= 3)),
        c("incidents", "fatalities_high < 3", num("fatalities_high", v -> v < 3)),
        c("incidents", "fatalities_high <= 0", num("fatalities_high", v -> v <= 0)),
        c("incidents", "3 <= fatalities_high", num("fatalities_high", v -> v >= 3)),
        c("incidents", "fatalities_low = 0", num("fatalities_low", v -> v == 0)),
        c("incidents", "border_distance_km < 2.5", num("border_distance_km", v -> v < 2.5)),
        c("incidents", "uncertainty_m >= 1e3", num("uncertainty_m", v -> v >= 1000)),
        c("incidents", "place_name > 'M'", text("place_name", v -> v.compareTo("M") > 0)),
        c("incidents", "date = DATE('2020-07-14')", day("date", v -> v.equals(LocalDate.parse("2020-07-14")))),
        c("incidents", "date >= DATE('2020-07-16')", day("date", v -> !v.isBefore(LocalDate.parse("2020-07-16")))),
        // A timestamp is compared by its UTC day: 02:00 at UTC+03:00 is still the 13th in UTC.
        c("incidents", "date_end < TIMESTAMP('2020-07-14T02:00:00+03:00')", day("date_end", v -> v.isBefore(LocalDate.parse("2020-07-13")))),
        c("incidents", "date <> date_end", f -> !prop(f, "date").asText().equals(prop(f, "date_end").asText())),
        c("incidents", "country = country_by_location", f -> prop(f, "country_by_location") == null ? null
            : prop(f, "country").asText().equals(prop(f, "country_by_location").asText())),
        c("settlements", "population >= 10000", num("population", v -> v >= 10000)),
        c("settlements", "feature_code = 'PPLA'", text("feature_code", "PPLA"::equals)),
        c("shelled_villages", "shelling_incidents > 1", num("shelling_incidents", v -> v > 1)),
        c("exposure_zones", "min_km = 5 AND side = 'AZ'", and(num("min_km", v -> v == 5), text("side", "AZ"::equals))),
        c("border", "length_km > 100", num("length_km", v -> v > 100)),
        c("countries", "iso_a2 = 'AM'", text("iso_a2", "AM"::equals)));
  }

  static Stream<Arguments> advanced() {
    return Stream.of(
        c("incidents", "place_name LIKE 'A%'", text("place_name", v -> v.startsWith("A"))),
        c("incidents", "place_name LIKE '_o%'", text("place_name", v -> v.length() > 1 && v.charAt(1) == 'o')),
        c("incidents", "place_name NOT LIKE '%a%'", text("place_name", v -> !v.contains("a"))),
        c("incidents", "admin2 LIKE '%Municipality'", text("admin2", v -> v.endsWith("Municipality"))),
        c("incidents", "id LIKE 'TT2020-000_'", text("id", v -> v.matches("TT2020-000."))),
        c("settlements", "name LIKE '%\\_%'", text("name", v -> v.contains("_"))),
        c("incidents", "event_type IN ('shelling', 'drone_strike')", text("event_type", v -> v.equals("shelling") || v.equals("drone_strike"))),
        c("incidents", "country NOT IN ('AM')", text("country", v -> !v.equals("AM"))),
        c("incidents", "fatalities_high IN (1, 3)", num("fatalities_high", v -> v == 1 || v == 3)),
        c("incidents", "date IN (DATE('2020-07-12'), DATE('2020-07-16'))", day("date", v -> v.toString().equals("2020-07-12") || v.toString().equals("2020-07-16"))),
        c("incidents", "fatalities_high BETWEEN 1 AND 3", num("fatalities_high", v -> v >= 1 && v <= 3)),
        c("incidents", "uncertainty_m NOT BETWEEN 100 AND 2000", num("uncertainty_m", v -> v < 100 || v > 2000)),
        c("incidents", "date BETWEEN DATE('2020-07-13') AND DATE('2020-07-15')",
            day("date", v -> !v.isBefore(LocalDate.parse("2020-07-13")) && !v.isAfter(LocalDate.parse("2020-07-15")))),
        c("incidents", "fatalities_high IS NULL", f -> prop(f, "fatalities_high") == null),
        c("incidents", "fatalities_high IS NOT NULL", f -> prop(f, "fatalities_high") != null),
        c("incidents", "border_side IS NULL OR country_by_location IS NULL",
            f -> prop(f, "border_side") == null || prop(f, "country_by_location") == null),
        c("settlements", "population IS NULL", f -> prop(f, "population") == null),
        c("incidents", "A_OVERLAPS(actor_names, ('Civilians (Armenia)', 'Civilians (Azerbaijan)'))",
            list("actor_names", v -> v.contains("Civilians (Armenia)") || v.contains("Civilians (Azerbaijan)"))),
        c("incidents", "A_CONTAINS(actor_names, ('" + AM_FORCES + "', '" + AZ_FORCES + "'))",
            list("actor_names", v -> v.contains(AM_FORCES) && v.contains(AZ_FORCES))),
        c("incidents", "A_CONTAINEDBY(actor_names, ('" + AM_FORCES + "', '" + AZ_FORCES + "'))",
            list("actor_names", v -> List.of(AM_FORCES, AZ_FORCES).containsAll(v))),
        c("exposure_zones", "A_OVERLAPS(settlement_ids, ('supplement:agdam-tovuz'))",
            list("settlement_ids", v -> v.contains("supplement:agdam-tovuz"))));
  }

  // CASEI and ACCENTI as CQL2 defines them, with ICU: full case folding; the canonical
  // decomposition without its non-spacing marks.
  private static final com.ibm.icu.text.Transliterator STRIP_MARKS =
      com.ibm.icu.text.Transliterator.getInstance("NFD; [:Mn:] Remove; NFC");

  static String casei(String s) {
    return com.ibm.icu.lang.UCharacter.foldCase(s, true);
  }

  static String accenti(String s) {
    return STRIP_MARKS.transliterate(s);
  }

  static Stream<Arguments> insensitive() {
    return Stream.of(
        c("settlements", "CASEI(name) = CASEI('TOVUZ')", text("name", v -> casei(v).equals(casei("TOVUZ")))),
        c("settlements", "ACCENTI(name) = ACCENTI('Agdam')", text("name", v -> accenti(v).equals("Agdam"))),
        c("settlements", "ACCENTI(name) = 'Agdam'", text("name", v -> accenti(v).equals("Agdam"))),
        c("settlements", "name = 'Agdam'", text("name", "Agdam"::equals)),
        c("settlements", "CASEI(ACCENTI(name)) = CASEI(ACCENTI('AĞDAM'))", text("name", v -> casei(accenti(v)).equals("agdam"))),
        c("settlements", "ACCENTI(CASEI(name)) LIKE ACCENTI(CASEI('GÖY%'))", text("name", v -> casei(accenti(v)).startsWith("goy"))),
        c("settlements", "CASEI(name) LIKE 'göy%'", text("name", v -> casei(v).startsWith("göy"))),
        c("settlements", "NOT ACCENTI(name) LIKE '%g%'", text("name", v -> !accenti(v).contains("g"))),
        c("incidents", "CASEI(place_name) IN (CASEI('AYGEPAR'), CASEI('berd'), 'x')",
            text("place_name", v -> Stream.of("aygepar", "berd").anyMatch(casei(v)::equals))),
        c("incidents", "CASEI(admin1) = CASEI('tavush') AND ACCENTI(place_name) <> ''",
            and(text("admin1", v -> casei(v).equals("tavush")), text("place_name", v -> !accenti(v).isEmpty()))));
  }

  /** A number computed from two properties, or unknown where one is missing or the result is not finite. */
  static Rule arithmetic(String a, String b, java.util.function.DoubleBinaryOperator f, DoublePredicate test) {
    return feature -> {
      JsonNode x = prop(feature, a);
      JsonNode y = b == null ? x : prop(feature, b);
      if (x == null || y == null) {
        return null;
      }
      double r = f.applyAsDouble(x.asDouble(), y.asDouble());
      return Double.isFinite(r) ? test.test(r) : null;
    };
  }

  static Stream<Arguments> arithmetic() {
    return Stream.of(
        c("incidents", "fatalities_high - fatalities_low > 0", arithmetic("fatalities_high", "fatalities_low", (x, y) -> x - y, r -> r > 0)),
        c("incidents", "border_distance_km * 1000 < uncertainty_m",
            arithmetic("border_distance_km", "uncertainty_m", (x, y) -> x * 1000 - y, r -> r < 0)),
        c("incidents", "uncertainty_m / 1000 >= 10", num("uncertainty_m", v -> v / 1000 >= 10)),
        c("incidents", "uncertainty_m % 3000 = 0", num("uncertainty_m", v -> v % 3000 == 0)),
        c("incidents", "uncertainty_m div 4000 = 3", num("uncertainty_m", v -> Math.floor(v / 4000) == 3)),
        c("incidents", "border_distance_km ^ 2 > 4", num("border_distance_km", v -> v * v > 4)),
        c("incidents", "(fatalities_high - fatalities_low) * 2 >= 2",
            arithmetic("fatalities_high", "fatalities_low", (x, y) -> (x - y) * 2, r -> r >= 2)),
        c("incidents", "2 * (border_distance_km + 1) BETWEEN 4 AND 10", num("border_distance_km", v -> 2 * (v + 1) >= 4 && 2 * (v + 1) <= 10)),
        c("incidents", "uncertainty_m / 0 > 1", always(false)),
        c("incidents", "NOT uncertainty_m / 0 > 1", always(false)),
        c("incidents", "1e308 * border_distance_km > 1", arithmetic("border_distance_km", null, (x, y) -> 1e308 * x, r -> r > 1)),
        c("incidents", "(event_type = 'shelling') AND (uncertainty_m - 1000 > 0)",
            and(text("event_type", "shelling"::equals), num("uncertainty_m", v -> v - 1000 > 0))),
        c("incidents", "2 ^ 3 ^ 2 = 512", always(true)),
        c("incidents", "uncertainty_m IN (1000 + 0, 3000 * 5)", num("uncertainty_m", v -> v == 1000 || v == 15000)),
        c("incidents", "-1 * uncertainty_m < -2000", num("uncertainty_m", v -> -v < -2000)));
  }

  static Stream<Arguments> logic() {
    Rule shelling = text("event_type", "shelling"::equals);
    return Stream.of(
        c("incidents", "event_type = 'shelling' AND country = 'AM'", and(shelling, text("country", "AM"::equals))),
        c("incidents", "event_type = 'armed_clash' OR fatalities_high >= 3",
            or(text("event_type", "armed_clash"::equals), num("fatalities_high", v -> v >= 3))),
        c("incidents", "NOT (event_type = 'shelling')", not(shelling)),
        c("incidents", "NOT fatalities_high > 1", not(num("fatalities_high", v -> v > 1))),
        c("incidents", "NOT fatalities_high > 1 OR fatalities_high IS NULL",
            or(not(num("fatalities_high", v -> v > 1)), f -> prop(f, "fatalities_high") == null)),
        c("incidents", "(country = 'AM' OR country = 'AZ') AND NOT location_precision = 'district'",
            and(or(text("country", "AM"::equals), text("country", "AZ"::equals)), not(text("location_precision", "district"::equals)))),
        // AND binds tighter than OR.
        c("incidents", "event_type = 'shelling' OR event_type = 'drone_strike' AND country = 'AZ'",
            or(shelling, and(text("event_type", "drone_strike"::equals), text("country", "AZ"::equals)))),
        c("incidents", "event_type = 'shelling' and not country = 'AM'", and(shelling, not(text("country", "AM"::equals)))),
        c("incidents", "NOT NOT event_type = 'shelling'", shelling),
        c("incidents", "event_type = 'x' OR 1 = 1", always(true)),
        c("incidents", "event_type = 'shelling' AND 'a' > 'b'", always(false)),
        c("incidents", "TRUE", always(true)),
        c("incidents", "FALSE", always(false)),
        c("incidents", "TRUE AND event_type = 'shelling'", shelling),
        c("incidents", "((((event_type = 'shelling'))))", shelling),
        c("incidents", "fatalities_high BETWEEN 1 AND 3 AND event_type = 'armed_clash'",
            and(num("fatalities_high", v -> v >= 1 && v <= 3), text("event_type", "armed_clash"::equals))));
  }

  /** Allen's relations of a feature's days [s, e] and the days [13, 15] July, as in the CQL2 standard. */
  static Stream<Arguments> temporal() {
    long bs = d("2020-07-13");
    long be = d("2020-07-15");
    String iv = "INTERVAL('2020-07-13', '2020-07-15')";
    Map<String, Predicate<long[]>> relations = new LinkedHashMap<>();
    relations.put("T_AFTER", a -> a[0] > be);
    relations.put("T_BEFORE", a -> a[1] < bs);
    relations.put("T_CONTAINS", a -> a[0] < bs && a[1] > be);
    relations.put("T_DISJOINT", a -> a[0] > be || a[1] < bs);
    relations.put("T_DURING", a -> a[0] > bs && a[1] < be);
    relations.put("T_EQUALS", a -> a[0] == bs && a[1] == be);
    relations.put("T_FINISHEDBY", a -> a[0] < bs && a[1] == be);
    relations.put("T_FINISHES", a -> a[0] > bs && a[1] == be);
    relations.put("T_INTERSECTS", a -> a[0] <= be && a[1] >= bs);
    relations.put("T_MEETS", a -> a[1] == bs);
    relations.put("T_METBY", a -> a[0] == be);
    relations.put("T_OVERLAPPEDBY", a -> a[0] > bs && a[0] < be && a[1] > be);
    relations.put("T_OVERLAPS", a -> a[0] < bs && a[1] > bs && a[1] < be);
    relations.put("T_STARTEDBY", a -> a[0] == bs && a[1] > be);
    relations.put("T_STARTS", a -> a[0] == bs && a[1] < be);
    List<Arguments> out = new ArrayList<>();
    relations.forEach((fn, rule) -> out.add(c("incidents", fn + "(datetime, " + iv + ")", days("date", "date_end", rule))));
    long day = d("2020-07-14");
    out.addAll(List.of(
        c("incidents", "T_INTERSECTS(datetime, DATE('2020-07-14'))", days("date", "date_end", a -> a[0] <= day && a[1] >= day)),
        c("incidents", "T_INTERSECTS(datetime, TIMESTAMP('2020-07-14T23:30:00Z'))", days("date", "date_end", a -> a[0] <= day && a[1] >= day)),
        c("incidents", "t_intersects(datetime, INTERVAL('..', '2020-07-13'))", days("date", "date_end", a -> a[0] <= bs)),
        c("incidents", "T_INTERSECTS(datetime, INTERVAL('2020-07-16', '..'))", days("date", "date_end", a -> a[1] >= d("2020-07-16"))),
        c("incidents", "T_INTERSECTS(datetime, INTERVAL('..', '..'))", always(true)),
        c("incidents", "T_AFTER(datetime, INTERVAL('..', '2020-07-14'))", days("date", "date_end", a -> a[0] > day)),
        c("incidents", "T_INTERSECTS(datetime, INTERVAL('2020-07-13T00:00:00Z', '2020-07-13T23:59:59Z'))",
            days("date", "date_end", a -> a[0] <= bs && a[1] >= bs)),
        c("incidents", "T_BEFORE(date, DATE('2020-07-14'))", days("date", "date", a -> a[0] < day)),
        c("incidents", "T_EQUALS(INTERVAL(date, date_end), DATE('2020-07-14'))", days("date", "date_end", a -> a[0] == day && a[1] == day)),
        c("incidents", "T_DURING(DATE('2020-07-14'), datetime)", days("date", "date_end", a -> day > a[0] && day < a[1])),
        c("incidents", "T_INTERSECTS(datetime, " + iv + ") AND event_type = 'shelling'",
            and(days("date", "date_end", a -> a[0] <= be && a[1] >= bs), text("event_type", "shelling"::equals))),
        c("shelled_villages", "T_INTERSECTS(datetime, DATE('2020-07-16'))",
            days("first_date", "last_date", a -> a[0] <= d("2020-07-16") && a[1] >= d("2020-07-16")))));
    return out.stream();
  }

  static final String TRIANGLE = "POLYGON((45.40 40.80, 45.70 40.85, 45.50 41.05, 45.40 40.80))";
  static final String BOX = "BBOX(45.45, 40.85, 45.65, 40.98)";

  static Stream<Arguments> spatialFunctions() {
    Geometry triangle = wkt(TRIANGLE);
    Geometry box = wkt("POLYGON((45.45 40.85, 45.65 40.85, 45.65 40.98, 45.45 40.98, 45.45 40.85))");
    Geometry point = wkt("POINT(45.50 40.95)");
    Geometry line = wkt("LINESTRING(45.30 40.80, 45.80 41.10)");
    Geometry multi = wkt("MULTIPOLYGON(((45.0 40.5, 45.3 40.5, 45.3 40.8, 45.0 40.8, 45.0 40.5)),"
        + " ((46.0 40.7, 46.4 40.7, 46.4 41.0, 46.0 41.0, 46.0 40.7)))");
    return Stream.of(
        c("incidents", "S_INTERSECTS(geometry, " + BOX + ")", spatial(g -> g.intersects(box))),
        c("incidents", "S_INTERSECTS(geometry, " + TRIANGLE + ")", spatial(g -> g.intersects(triangle))),
        c("incidents", "S_INTERSECTS(" + TRIANGLE + ", geometry)", spatial(g -> g.intersects(triangle))),
        c("incidents", "S_WITHIN(geometry, " + TRIANGLE + ")", spatial(g -> g.within(triangle))),
        c("incidents", "S_DISJOINT(geometry, " + TRIANGLE + ")", spatial(g -> g.disjoint(triangle))),
        c("incidents", "NOT S_INTERSECTS(geometry, " + TRIANGLE + ") AND event_type = 'shelling'",
            and(spatial(g -> !g.intersects(triangle)), text("event_type", "shelling"::equals))),
        c("settlements", "S_INTERSECTS(geometry, " + multi.toText() + ")", spatial(g -> g.intersects(multi))),
        c("settlements", "S_INTERSECTS(geometry, BBOX(45.0, 40.5, 45.3, 40.8)) OR population > 50000",
            or(spatial(g -> g.intersects(wkt("POLYGON((45 40.5, 45.3 40.5, 45.3 40.8, 45 40.8, 45 40.5))"))),
                num("population", v -> v > 50000))),
        c("exposure_zones", "S_INTERSECTS(geometry, " + point.toText() + ")", spatial(g -> g.intersects(point))),
        c("exposure_zones", "S_CONTAINS(geometry, " + point.toText() + ")", spatial(g -> g.contains(point))),
        c("exposure_zones", "S_INTERSECTS(geometry, " + line.toText() + ")", spatial(g -> g.intersects(line))),
        c("exposure_zones", "S_OVERLAPS(geometry, " + TRIANGLE + ")", spatial(g -> g.overlaps(triangle))),
        c("exposure_zones", "S_TOUCHES(geometry, " + TRIANGLE + ")", spatial(g -> g.touches(triangle))),
        c("exposure_zones", "S_INTERSECTS(geometry, " + TRIANGLE + ") AND max_km <= 10",
            and(spatial(g -> g.intersects(triangle)), num("max_km", v -> v <= 10))),
        c("countries", "S_INTERSECTS(geometry, POINT(44.5 40.2))", spatial(g -> g.intersects(wkt("POINT(44.5 40.2)")))),
        c("countries", "S_INTERSECTS(geometry, " + line.toText() + ")", spatial(g -> g.intersects(line))),
        c("border", "S_CROSSES(geometry, " + line.toText() + ")", spatial(g -> g.crosses(line))),
        c("border", "S_INTERSECTS(geometry, BBOX(44.0, 41.5, 44.5, 42.0))",
            spatial(g -> g.intersects(wkt("POLYGON((44 41.5, 44.5 41.5, 44.5 42, 44 42, 44 41.5))")))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource({"comparisons", "advanced", "logic", "temporal", "spatialFunctions", "insensitive", "arithmetic"})
  void aFilterSelectsExactlyTheFeaturesItsMeaningSelects(String layer, String filter, Rule rule) {
    assertSelects(layer, filter, rule);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents | event_type = 'shelling'",
      "incidents | fatalities_high >= 1",
      "incidents | place_name LIKE '%a%'",
      "incidents | T_INTERSECTS(datetime, INTERVAL('2020-07-13', '2020-07-15'))",
      "incidents | S_INTERSECTS(geometry, " + BOX + ")",
      "incidents | A_OVERLAPS(actor_names, ('Civilians (Armenia)'))",
      "settlements | population > 1000",
      "exposure_zones | side = 'AM'",
      "settlements | ACCENTI(name) = ACCENTI('Agdam')",
      "settlements | CASEI(ACCENTI(name)) LIKE CASEI(ACCENTI('GÖY%'))",
      "incidents | CASEI(admin1) = CASEI('TAVUSH')",
      "incidents | border_distance_km * 1000 < uncertainty_m",
      "incidents | (fatalities_high - fatalities_low) * 2 >= 2",
  })
  void eachKindOfFilterSelectsAProperNonEmptySubset(String layer, String filter) {
    // Otherwise the comparisons above could pass with a filter that does nothing.
    int total = all(layer).size();
    int matched = atlas.json(items(layer, filter)).get("numberMatched").asInt();
    assertTrue(matched > 0 && matched < total, layer + ": " + filter + " matched " + matched + " of " + total);
  }

  @Test
  void aTimeIntervalFilterAgreesWithTheDatetimeParameter() {
    for (String[] pair : new String[][] {
        {"INTERVAL('2020-07-12', '2020-07-14')", "2020-07-12/2020-07-14"},
        {"DATE('2020-07-14')", "2020-07-14"},
        {"INTERVAL('..', '2020-07-13')", "../2020-07-13"},
        {"INTERVAL('2020-07-15', '..')", "2020-07-15/.."}}) {
      List<String> byFilter = FilterTest.ids(atlas.json(items("incidents", "T_INTERSECTS(datetime, " + pair[0] + ")")));
      List<String> byParameter = FilterTest.ids(atlas.json(
          "/api/collections/incidents/items?limit=10000&datetime=" + pair[1]));
      assertEquals(byParameter, byFilter, pair[0]);
    }
  }

  @Test
  void filterAndTheOtherParametersMustAllHold() {
    String q = "/api/collections/incidents/items?limit=10000&bbox=45.45,40.85,45.65,40.98&event_type=shelling,drone_strike&filter="
        + URLEncoder.encode("fatalities_high IS NULL OR country = 'AZ'", StandardCharsets.UTF_8);
    Geometry box = wkt("POLYGON((45.45 40.85, 45.65 40.85, 45.65 40.98, 45.45 40.98, 45.45 40.85))");
    Rule rule = and(spatial(g -> g.intersects(box)), text("event_type", v -> v.equals("shelling") || v.equals("drone_strike")),
        or(f -> prop(f, "fatalities_high") == null, text("country", "AZ"::equals)));
    List<String> expected = FilterTest.ids(all("incidents").stream().filter(f -> Boolean.TRUE.equals(rule.apply(f))).toList());
    assertFalse(expected.isEmpty());
    assertEquals(expected, FilterTest.ids(atlas.json(q)));
  }

  // --- distances ---

  static double metres(Coordinate a, Coordinate b) {
    GeodeticCalculator calc = new GeodeticCalculator();
    calc.setStartingGeographicPoint(a.x, a.y);
    calc.setDestinationGeographicPoint(b.x, b.y);
    return calc.getOrthodromicDistance();
  }

  /**
   * Geodesic distance from a point to a geometry, independent of the server's method: 0 inside,
   * else the nearest of points spaced at most 5 m apart along its edges.
   */
  static double metres(Coordinate p, Geometry g) {
    if (g.intersects(g.getFactory().createPoint(p))) {
      return 0;
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      List<LineString> lines = new ArrayList<>();
      if (part instanceof org.locationtech.jts.geom.Polygon poly) {
        lines.add(poly.getExteriorRing());
        for (int r = 0; r < poly.getNumInteriorRing(); r++) {
          lines.add(poly.getInteriorRingN(r));
        }
      } else if (part instanceof LineString l) {
        lines.add(l);
      } else {
        best = Math.min(best, metres(p, part.getCoordinate()));
      }
      for (LineString l : lines) {
        Coordinate[] cs = l.getCoordinates();
        for (int k = 0; k + 1 < cs.length; k++) {
          // Only segments that can be near: a degree is more than 80 km here.
          double roughKm = Math.min(cs[k].distance(p), cs[k + 1].distance(p)) * 80;
          if (roughKm * 1000 - cs[k].distance(cs[k + 1]) * 112_000 > best) {
            continue;
          }
          double length = metres(cs[k], cs[k + 1]);
          int steps = Math.max(1, (int) Math.ceil(length / 5));
          for (int s = 0; s <= steps; s++) {
            double t = (double) s / steps;
            Coordinate q = new Coordinate(cs[k].x + t * (cs[k + 1].x - cs[k].x), cs[k].y + t * (cs[k + 1].y - cs[k].y));
            best = Math.min(best, metres(p, q));
          }
        }
      }
    }
    return best;
  }

  static void assertWithinDistance(String layer, Coordinate centre, double limitMetres, String unitText) {
    String filter = String.format(java.util.Locale.ROOT, "S_DWITHIN(geometry, POINT(%s %s), %s)", centre.x, centre.y, unitText);
    List<String> got = FilterTest.ids(atlas.json(items(layer, filter)));
    List<String> surely = new ArrayList<>();
    int near = 0;
    for (JsonNode f : all(layer)) {
      double m = metres(centre, geometry(f));
      // Within 0.1 % of the limit the two methods may differ in the last metre: not judged.
      if (Math.abs(m - limitMetres) <= limitMetres * 0.001) {
        near++;
        continue;
      }
      String id = f.get("id").asText();
      assertEquals(m < limitMetres, got.contains(id), filter + ": " + id + " lies " + m + " m away");
      if (m < limitMetres) {
        surely.add(id);
      }
    }
    assertTrue(near <= 1, "too many features at the limit to judge: " + near);
    assertTrue(got.size() >= surely.size());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents   | 45.55 | 40.93 | 5000  | 5000, meters",
      "incidents   | 45.55 | 40.93 | 12500 | 12.5, kilometers",
      "incidents   | 45.30 | 41.00 | 20000 | 20000, metres",
      "settlements | 45.55 | 40.93 | 10000 | 10, km",
      "settlements | 46.00 | 40.60 | 7500  | 7500, m",
  })
  void withinDistanceOfAPointIsGeodesic(String layer, double lon, double lat, double metres, String distance) {
    assertWithinDistance(layer, new Coordinate(lon, lat), metres, distance);
  }

  @Test
  void withinDistanceOfTheBorderLineIsGeodesicToTheMetre() {
    Coordinate p = new Coordinate(45.55, 40.93);
    double toBorder = metres(p, geometry(all("border").get(0)));
    assertTrue(toBorder > 1000, "the point should lie off the border: " + toBorder);
    // 0.2 % either side of the true distance: a UTM or plate carrée distance would miss one.
    String below = String.format(java.util.Locale.ROOT, "S_DWITHIN(geometry, POINT(45.55 40.93), %.1f, meters)", toBorder * 0.998);
    String above = String.format(java.util.Locale.ROOT, "S_DWITHIN(geometry, POINT(45.55 40.93), %.1f, meters)", toBorder * 1.002);
    assertEquals(0, atlas.json(items("border", below)).get("numberMatched").asInt(), below);
    assertEquals(1, atlas.json(items("border", above)).get("numberMatched").asInt(), above);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"45.55 | 40.93 | 2500", "45.20 | 41.10 | 8000", "46.10 | 40.50 | 15000"})
  void withinDistanceOfPolygonsIsGeodesic(double lon, double lat, double metres) {
    assertWithinDistance("exposure_zones", new Coordinate(lon, lat), metres, metres + ", meters");
  }

  // --- downloads ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "event_type = 'shelling' AND fatalities_high >= 1",
      "S_INTERSECTS(geometry, " + BOX + ") OR T_INTERSECTS(datetime, DATE('2020-07-16'))",
  })
  void aDownloadWithAFilterHoldsWhatItemsReturns(String filter) throws Exception {
    HttpResponse<String> r = atlas.get("/download/incidents.geojson?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
        + "&filter-lang=cql2-text");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode file = TestAtlas.JSON.readTree(r.body());
    assertEquals(FilterTest.features(atlas.json(items("incidents", filter))), FilterTest.features(file));
    String name = FilterTest.fileName(r);
    assertTrue(name.matches("incident-atlas_incidents_filter-[0-9a-f]{8}\\.geojson"), name);
  }

  // --- queryables as parameters ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "incidents        | admin1=Tavush                 | admin1 = 'Tavush'",
      "incidents        | fatalities_low=0              | fatalities_low = 0",
      "incidents        | date=2020-07-14               | date = DATE('2020-07-14')",
      "incidents        | actor_names=Civilians (Armenia) | A_OVERLAPS(actor_names, ('Civilians (Armenia)'))",
      "settlements      | country=AM&feature_code=PPLA  | country = 'AM' AND feature_code = 'PPLA'",
      "exposure_zones   | settlement_ids=supplement:agdam-tovuz | A_OVERLAPS(settlement_ids, ('supplement:agdam-tovuz'))",
      "incidents        | exposure_zone=az-0-5km        | exposure_zone = 'az-0-5km'",
  })
  void aQueryableGivenAsAParameterSelectsWhatTheFilterSelects(String layer, String params, String filter) {
    Map<String, String> p = FilterTest.parse(params);
    p.put("limit", "10000");
    List<String> byParameter = FilterTest.ids(atlas.json("/api/collections/" + layer + "/items?" + FilterTest.encode(p)));
    List<String> byFilter = FilterTest.ids(atlas.json(items(layer, filter)));
    assertFalse(byFilter.isEmpty(), filter);
    assertEquals(byFilter, byParameter, params);
  }
}
