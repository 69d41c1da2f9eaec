package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The names on the offline base map, against the API's countries and settlements: each country's
 * name inside that country on either side of the border, towns before villages, no two names
 * overlapping, names in the page's language, and what the page says when street tiles fail.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaseMapLabelsTest {
  /** Where the border runs through the middle of the view. */
  private static final double LAT = 40.98;
  private static final double LON = 45.55;

  private static TestAtlas atlas;
  private static Browser browser;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  @BeforeAll
  static void openMapPage() {
    atlas = TestAtlas.shared();
    browser = Browser.open(1280, 800);
    browser.load(atlas, "/#map=12/" + LAT + "/" + LON);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** A label as drawn: its kind, what it names, its text and its box in the map's pixels. */
  record Label(String kind, String id, String text, double left, double top, double width, double height) {
    double right() {
      return left + width;
    }

    double bottom() {
      return top + height;
    }

    boolean overlaps(Label o) {
      return left < o.right() && o.left < right() && top < o.bottom() && o.top < bottom();
    }
  }

  /** Moves the map and waits until the labels of the new view are drawn, with the gazetteer. */
  private static List<Label> labelsAt(Browser b, double lat, double lon, int zoom) {
    b.js("const c = document.querySelector('.base-labels'); if (c) delete c.dataset.zoom;"
        + "window.atlas.map.setView([arguments[0], arguments[1]], arguments[2], {animate: false});", lat, lon, zoom);
    return drawn(b, zoom);
  }

  private static List<Label> drawn(Browser b, int zoom) {
    b.waitFor("the labels of zoom " + zoom, d -> b.js("const c = document.querySelector('.base-labels');"
        + "return !!c && c.dataset.zoom === String(arguments[0]) && c.dataset.settlements !== '0';", zoom));
    List<Map<String, Object>> raw = b.js("const m = window.atlas.map.getContainer().getBoundingClientRect();"
        + "return [...document.querySelectorAll('.base-label')].map(e => { const r = e.getBoundingClientRect();"
        + " return {kind: e.dataset.kind, id: e.dataset.id || e.dataset.country || e.dataset.admin1, text: e.textContent,"
        + " left: r.left - m.left, top: r.top - m.top, width: r.width, height: r.height}; });");
    return raw.stream().map(r -> new Label((String) r.get("kind"), (String) r.get("id"), (String) r.get("text"),
        num(r.get("left")), num(r.get("top")), num(r.get("width")), num(r.get("height")))).toList();
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  /** The point of the map under a pixel of the map, as longitude and latitude. */
  private static Coordinate lonLat(double x, double y) {
    List<Number> ll = browser.js("const p = window.atlas.map.containerPointToLatLng([arguments[0], arguments[1]]); return [p.lng, p.lat];", x, y);
    return new Coordinate(ll.get(0).doubleValue(), ll.get(1).doubleValue());
  }

  private static Map<String, Geometry> countries() throws Exception {
    Map<String, Geometry> out = new HashMap<>();
    GeoJsonReader reader = new GeoJsonReader();
    for (JsonNode f : atlas.json("/api/collections/countries/items?limit=100").get("features")) {
      out.put(f.at("/properties/iso_a2").asText(), reader.read(f.get("geometry").toString()));
    }
    return out;
  }

  private static String bbox() {
    return browser.js("const b = window.atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');");
  }

  /** The settlements in the current view, per the API. */
  private static List<JsonNode> settlementsInView() {
    List<JsonNode> out = new ArrayList<>();
    atlas.json("/api/collections/settlements/items?limit=10000&bbox=" + bbox()).get("features").forEach(out::add);
    return out;
  }

  /** The documented rule (docs/map.md): capitals, provincial centres and places of 5,000 or more are towns. */
  private static boolean isTown(JsonNode settlement) {
    String code = settlement.at("/properties/feature_code").asText();
    JsonNode population = settlement.at("/properties/population");
    return Set.of("PPLC", "PPLA", "PPLA2").contains(code) || (population.isNumber() && population.asLong() >= 5000);
  }

  /** The settlement's place lies on the map, 20 px or more from its edges and from every control. */
  private static boolean clearOfControls(JsonNode settlement) {
    return browser.<Boolean>js("const map = window.atlas.map; const m = map.getContainer().getBoundingClientRect();"
        + "const p = map.latLngToContainerPoint([arguments[1], arguments[0]]); const x = p.x + m.left, y = p.y + m.top, d = 20;"
        + "if (x < m.left + d || x > m.right - d || y < m.top + d || y > m.bottom - d) return false;"
        + "return ![...map.getContainer().querySelectorAll('.leaflet-control')].some(c => { const r = c.getBoundingClientRect();"
        + " return x > r.left - d && x < r.right + d && y > r.top - d && y < r.bottom + d; });",
        settlement.at("/geometry/coordinates/0").asDouble(), settlement.at("/geometry/coordinates/1").asDouble());
  }

  private static void assertNoOverlap(List<Label> labels) {
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) {
        assertFalse(labels.get(i).overlaps(labels.get(j)), labels.get(i) + " overlaps " + labels.get(j));
      }
    }
  }

  private static Label country(List<Label> labels, String iso) {
    return labels.stream().filter(l -> "country".equals(l.kind()) && iso.equals(l.id())).findFirst()
        .orElseThrow(() -> new AssertionError("no label of " + iso + " in " + labels));
  }

  @Test
  @Order(1)
  void eachCountryIsNamedInsideItselfOnEitherSideOfTheBorder() throws Exception {
    List<Label> labels = labelsAt(browser, LAT, LON, 12);
    Map<String, Geometry> countries = countries();
    JsonNode features = atlas.json("/api/collections/countries/items?limit=100").get("features");
    for (String iso : List.of("AM", "AZ")) {
      Label label = country(labels, iso);
      String name = null;
      for (JsonNode f : features) {
        if (f.at("/properties/iso_a2").asText().equals(iso)) {
          name = f.at("/properties/name").asText();
        }
      }
      assertEquals(name, label.text(), "the English page names the country as the API does");
      Geometry own = countries.get(iso);
      double cx = label.left() + label.width() / 2;
      double cy = label.top() + label.height() / 2;
      for (double[] p : new double[][] {{cx, cy}, {label.left(), label.top()}, {label.right(), label.top()},
          {label.left(), label.bottom()}, {label.right(), label.bottom()}}) {
        Coordinate c = lonLat(p[0], p[1]);
        assertTrue(own.contains(GEOMETRY.createPoint(c)), iso + " label at " + c + " lies outside " + iso + ": " + label);
      }
    }
    assertNoOverlap(labels);
    browser.screenshot("labels-1280");
  }

  @Test
  @Order(2)
  void labelsAreDecorationThatNeverTakesFocusOrClicks() {
    labelsAt(browser, LAT, LON, 12);
    Map<String, Object> facts = browser.js("const c = document.querySelector('.base-labels');"
        + "const labels = [...c.querySelectorAll('.base-label')];"
        + "return {hidden: c.getAttribute('aria-hidden'), count: labels.length,"
        + " focusable: labels.filter(e => e.tabIndex >= 0 || e.querySelector('a,button,input,[tabindex]')).length,"
        + " catching: labels.filter(e => getComputedStyle(e).pointerEvents !== 'none').length};");
    assertEquals("true", facts.get("hidden"));
    assertTrue(((Number) facts.get("count")).intValue() > 2, "labels: " + facts);
    assertEquals(0L, ((Number) facts.get("focusable")).longValue());
    assertEquals(0L, ((Number) facts.get("catching")).longValue());
  }

  @Test
  @Order(3)
  void villagesAppearOnlyWhenZoomedInAndTownsBeforeThem() {
    List<Label> close = labelsAt(browser, LAT, LON, 12);
    Map<String, JsonNode> inView = settlementsInView().stream().collect(Collectors.toMap(f -> f.get("id").asText(), f -> f));
    List<Label> villagesNamed = close.stream().filter(l -> inView.containsKey(l.id()) && !isTown(inView.get(l.id()))).toList();
    assertFalse(villagesNamed.isEmpty(), "no village named at zoom 12: " + close);
    assertNoOverlap(close);

    List<Label> far = labelsAt(browser, LAT, LON, 9);
    Map<String, JsonNode> wide = settlementsInView().stream().collect(Collectors.toMap(f -> f.get("id").asText(), f -> f));
    List<Label> settlementLabels = far.stream().filter(l -> wide.containsKey(l.id())).toList();
    assertFalse(settlementLabels.isEmpty(), "no settlement named at zoom 9: " + far);
    settlementLabels.forEach(l -> assertTrue(isTown(wide.get(l.id())), "a village named at zoom 9: " + l));
    // Names give way to the map's controls (the legend, the zoom buttons): the largest town of
    // the part of the map they leave free.
    JsonNode largest = wide.values().stream().filter(BaseMapLabelsTest::isTown).filter(BaseMapLabelsTest::clearOfControls)
        .max(Comparator.comparingLong(f -> f.at("/properties/population").asLong())).orElseThrow();
    Label town = settlementLabels.stream().filter(l -> l.id().equals(largest.get("id").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("the largest town in view, " + largest.at("/properties/name") + ", is not named: " + far));
    assertEquals(largest.at("/properties/name").asText(), town.text());
    // The name stands on its place's row.
    List<Number> at = browser.js("const p = window.atlas.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
        largest.at("/geometry/coordinates/0").asDouble(), largest.at("/geometry/coordinates/1").asDouble());
    assertTrue(Math.abs(town.top() + town.height() / 2 - at.get(1).doubleValue()) < 2, "label " + town + " not at " + at);
    assertNoOverlap(far);
    country(far, "AM");
    country(far, "AZ");
  }

  @Test
  @Order(4)
  void germanShowsTheGermanNamesOfTheGazetteer() throws Exception {
    // The settlement with a German name in settlement_names.csv that has the most people.
    Map<String, String> german = new HashMap<>();
    try (var reader = Files.newBufferedReader(TestAtlas.GEODATA.resolve("settlement_names.csv"))) {
      for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
        if (row.get("language").equals("de")) {
          german.putIfAbsent(row.get("settlement_id"), row.get("name"));
        }
      }
    }
    assertFalse(german.isEmpty());
    List<JsonNode> named = new ArrayList<>();
    for (String id : german.keySet()) {
      JsonNode f = atlas.json("/api/collections/settlements/items/" + java.net.URLEncoder.encode(id, "UTF-8"));
      assertEquals(german.get(id), f.at("/properties/name_by_language/de").asText(), "the API's German name of " + id);
      named.add(f);
    }
    JsonNode place = named.stream().max(Comparator.comparingLong(f -> f.at("/properties/population").asLong())).orElseThrow();
    String expected = place.at("/properties/name_by_language/de").asText();
    assertFalse(expected.equals(place.at("/properties/name").asText()), "pick a place whose German name differs");

    new Select(browser.driver.findElement(By.id("language"))).selectByValue("de");
    browser.waitFor("German labels", d -> d.findElement(By.id("filters-title")).getDomProperty("textContent").equals("Filter"));
    // The place a little left of the centre, clear of the legend in the map's lower right corner.
    List<Label> labels = labelsAt(browser, place.at("/geometry/coordinates/1").asDouble(), place.at("/geometry/coordinates/0").asDouble() + 0.05, 11);
    Label label = labels.stream().filter(l -> place.get("id").asText().equals(l.id())).findFirst()
        .orElseThrow(() -> new AssertionError(place.at("/properties/name") + " is not named: " + labels));
    assertEquals(expected, label.text());

    JsonNode dictionary = TestAtlas.JSON.readTree(Path.of("web", "i18n", "de.json").toFile());
    List<Label> border = labelsAt(browser, LAT, LON, 12);
    for (String iso : List.of("AM", "AZ")) {
      assertEquals(dictionary.get("baseMap.country." + iso).asText(), country(border, iso).text());
    }
    browser.screenshot("labels-de");
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("en");
    browser.waitFor("English again", d -> d.findElement(By.id("filters-title")).getDomProperty("textContent").equals("Filters"));
  }

  @Test
  @Order(5)
  void streetTilesThatFailToLoadAreReportedAndTheLabelsGiveWay() {
    labelsAt(browser, LAT, LON, 12);
    String host = URI.create(atlas.json("/map-settings.json").get("tileUrl").asText()
        .replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")).getHost();
    assertNotNull(host);
    browser.driver.findElement(By.cssSelector("input[name=base][value=osm]")).click();
    String message = browser.waitFor("the tile failure to be reported", d -> {
      String text = d.findElement(By.id("status")).getText();
      return text.contains(host) ? text : null;
    });
    assertTrue(message.startsWith("Street map tiles could not be loaded"), message);
    assertEquals(0L, (long) browser.driver.findElements(By.cssSelector(".base-label")).size(), "labels over street tiles");

    browser.driver.findElement(By.cssSelector("input[name=base][value=atlas]")).click();
    browser.waitFor("the message to go", d -> d.findElement(By.id("status")).getText().isEmpty());
    List<Label> back = drawn(browser, 12);
    country(back, "AM");
  }

  @Test
  @Order(6)
  void onAPhoneTheNamesStillFitWithoutOverlap() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/#map=12/" + LAT + "/" + LON);
      List<Label> labels = drawn(phone, 12);
      assertNoOverlap(labels);
      double width = phone.<Number>js("return window.atlas.map.getSize().x;").doubleValue();
      for (Label l : labels) {
        assertTrue(l.left() >= 0 && l.right() <= width, "cut off at the edge: " + l);
      }
      assertTrue(labels.stream().anyMatch(l -> "country".equals(l.kind())), "no country named on a phone: " + labels);
      phone.screenshot("labels-375");
    }
  }
}
