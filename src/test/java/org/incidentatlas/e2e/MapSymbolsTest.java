package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The map's symbols against the API: clusters named by the incidents they hold, markers and
 * clusters opened from the keyboard, one rule for exact and approximate places shared by the
 * marker and the popup, opening an incident shows its uncertainty, and popups stay clear of the
 * legend and within a phone's screen.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapSymbolsTest {
  private static final List<String> EVENT_TYPES = List.of("armed_clash", "shelling", "drone_strike", "disrupted_weapons_use");
  private static final List<String> SIDES = List.of("AM", "AZ", "unknown");
  /** The documented rule (docs/map.md, "Symbols"): beyond this radius a place is approximate. */
  private static final int PRECISE_METRES = 500;

  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;
  private static final Map<String, JsonNode> incidents = new LinkedHashMap<>();

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    atlas.json("/api/collections/incidents/items?limit=10000").get("features").forEach(f -> incidents.put(f.get("id").asText(), f));
    browser = Browser.openMap(atlas, 1280, 900);
  }

  // ---- the rule and the texts, from the documentation and the dictionaries ----

  static boolean approximate(JsonNode p) {
    return !"exact".equals(p.path("location_precision").asText()) || p.path("uncertainty_m").asInt(0) > PRECISE_METRES;
  }

  static String fill(String template, Map<String, String> values) {
    String s = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      s = s.replace("{" + e.getKey() + "}", e.getValue());
    }
    return s;
  }

  /** English and German both say "one" for 1 and "other" for every other whole number. */
  static String counted(JsonNode dict, String key, int n, Map<String, String> more) {
    Map<String, String> values = new LinkedHashMap<>(more);
    values.put("count", String.valueOf(n));
    JsonNode forms = dict.get(key);
    return fill(forms.path(n == 1 ? "one" : "other").asText(forms.get("other").asText()), values);
  }

  /** A cluster's name as the dictionary spells it for the incidents the API gives for its members. */
  static String expectedName(JsonNode dict, List<String> ids) {
    Map<String, Integer> types = new LinkedHashMap<>();
    Map<String, Integer> sides = new LinkedHashMap<>();
    for (String id : ids) {
      JsonNode p = incidents.get(id).get("properties");
      types.merge(p.get("event_type").asText(), 1, Integer::sum);
      String country = p.path("country").asText();
      sides.merge(SIDES.contains(country) ? country : "unknown", 1, Integer::sum);
    }
    List<String> typeParts = new ArrayList<>();
    for (String type : EVENT_TYPES) {
      if (types.containsKey(type)) {
        typeParts.add(counted(dict, "cluster.event." + type, types.get(type), Map.of()));
      }
    }
    List<String> sideParts = new ArrayList<>();
    for (String side : SIDES) {
      if (sides.containsKey(side)) {
        sideParts.add(fill(dict.get("cluster.side").asText(), Map.of("side", dict.get("side." + side).asText(), "count", String.valueOf(sides.get(side)))));
      }
    }
    return fill(dict.get("cluster.name").asText(), Map.of(
        "incidents", counted(dict, "cluster.incidents", ids.size(), Map.of()),
        "types", String.join(", ", typeParts), "sides", String.join(", ", sideParts)));
  }

  static List<WebElement> clusters(Browser b) {
    return b.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-cluster"));
  }

  static void checkClusterNames(JsonNode dict) {
    List<WebElement> clusters = clusters(browser);
    assertFalse(clusters.isEmpty(), "the first view has no cluster");
    for (WebElement cluster : clusters) {
      List<String> ids = browser.js("return window.atlas.clusterMembers(arguments[0]);", cluster);
      assertTrue(ids.size() >= 2, "a cluster of " + ids);
      String name = cluster.getDomAttribute("aria-label");
      assertEquals(expectedName(dict, ids), name, "name of the cluster of " + ids);
      assertEquals(name, cluster.getDomAttribute("title"));
      assertEquals(String.valueOf(ids.size()), cluster.getText().trim());
    }
  }

  /** Opens an incident as a reader does from the search box, and waits for its record and for the map to rest. */
  static WebElement openFromSearch(Browser b, String id) {
    WebElement input = b.driver.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(id);
    WebElement option = b.waitFor("the search result " + id, d -> d.findElements(By.cssSelector("#search-results [role=option]")).stream()
        .filter(o -> o.getText().contains(id)).findFirst().orElse(null));
    option.click();
    b.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id")).stream()
        .anyMatch(e -> e.getText().equals(id)));
    return b.waitStill("the popup", By.cssSelector(".leaflet-popup"));
  }

  static Map<String, Number> rect(Browser b, String selector) {
    return b.js("const e = document.querySelector(arguments[0]); if (!e) return null; const r = e.getBoundingClientRect();"
        + " return r.width && r.height ? {left: r.left, top: r.top, right: r.right, bottom: r.bottom} : null;", selector);
  }

  static boolean intersect(Map<String, Number> a, Map<String, Number> b) {
    return a.get("left").doubleValue() < b.get("right").doubleValue() && b.get("left").doubleValue() < a.get("right").doubleValue()
        && a.get("top").doubleValue() < b.get("bottom").doubleValue() && b.get("top").doubleValue() < a.get("bottom").doubleValue();
  }

  static String activeTitle() {
    return browser.js("const e = document.activeElement; return e ? (e.getAttribute('title') || e.className || e.tagName) : null;");
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void clustersAreRingsNamedByTheIncidentsTheyHold() {
    checkClusterNames(atlas.json("/i18n/en.json"));
    // Markercluster's own look is gone: no default classes, no green, no stylesheet.
    assertEquals(List.of(), browser.driver.findElements(By.cssSelector(".marker-cluster-small, .marker-cluster-medium, .marker-cluster-large")));
    assertEquals(Boolean.FALSE, browser.js("return [...document.styleSheets].some(s => (s.href || '').includes('MarkerCluster.Default'));"));
    for (WebElement cluster : clusters(browser)) {
      assertEquals("button", cluster.getDomAttribute("role"));
      assertEquals("0", cluster.getDomAttribute("tabindex"));
      assertFalse(browser.<String>js("return getComputedStyle(arguments[0]).backgroundColor;", cluster).contains("110, 204, 57"));
      assertFalse(cluster.findElements(By.cssSelector("svg circle[stroke-dasharray]")).isEmpty(), "no ring segments");
    }
    // The legend shows the same ring.
    assertFalse(browser.driver.findElements(By.cssSelector(".legend .incident-cluster svg")).isEmpty(), "the legend lacks the ring");
    browser.screenshot("clusters");

    new Select(browser.driver.findElement(By.id("language"))).selectByValue("de");
    browser.waitFor("German cluster names", d -> clusters(browser).stream().allMatch(c -> c.getDomAttribute("aria-label").contains("Vorf")));
    checkClusterNames(atlas.json("/i18n/de.json"));
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("en");
    browser.waitFor("English cluster names", d -> clusters(browser).stream().allMatch(c -> c.getDomAttribute("aria-label").contains("incidents")));
  }

  /** Focuses the map and presses Tab until a marker or cluster matching selector has the focus. */
  static WebElement tabTo(String selector) {
    browser.waitMapSettled();
    browser.js("window.atlas.map.getContainer().focus();");
    for (int i = 0; i < 60; i++) {
      // To whatever has the focus, as a keyboard does: the element itself may be drawn anew meanwhile.
      new Actions(browser.driver).sendKeys(Keys.TAB).perform();
      if (Boolean.TRUE.equals(browser.js("return document.activeElement.matches(arguments[0]);", selector))) {
        return browser.driver.switchTo().activeElement();
      }
    }
    throw new AssertionError("Tab never reached " + selector);
  }

  static String idOf(String title) {
    return title.replaceAll(".*\\((.+)\\)$", "$1");
  }

  @Test
  @Order(2)
  void markersAndClustersOpenWithTheKeyboardAndTheFocusComesBack() {
    for (Keys key : List.of(Keys.ENTER, Keys.SPACE)) {
      browser.js("window.atlas.map.setView([40.93, 45.5], 10, {animate: false});");
      WebElement marker = tabTo(".leaflet-incidents-pane .incident-icon");
      String id = idOf(marker.getDomAttribute("title"));
      new Actions(browser.driver).sendKeys(key).perform();
      browser.waitFor("the popup of " + id + " opened with " + key.name(), d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
          .stream().anyMatch(e -> e.getText().equals(id)));
      browser.waitFor("the focus inside the popup", d -> Boolean.TRUE.equals(browser.js("return !!document.activeElement.closest('.leaflet-popup');")));
      assertEquals("H3", browser.js("return document.activeElement.tagName;"));
      new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
      browser.waitFor("the popup to close", d -> d.findElements(By.cssSelector(".leaflet-popup")).isEmpty());
      browser.waitFor("the focus back on the marker of " + id, d -> activeTitle() != null && activeTitle().endsWith("(" + id + ")"));
    }
    // The close button returns the focus too.
    browser.js("window.atlas.map.setView([40.93, 45.5], 10, {animate: false});");
    WebElement marker = tabTo(".leaflet-incidents-pane .incident-icon");
    String id = idOf(marker.getDomAttribute("title"));
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id")).stream().anyMatch(e -> e.getText().equals(id)));
    browser.driver.findElement(By.cssSelector(".leaflet-popup-close-button")).click();
    browser.waitFor("the focus back on the marker of " + id, d -> activeTitle() != null && activeTitle().endsWith("(" + id + ")"));

    // A cluster: Enter zooms in or spreads it out, and the focus goes to one of its incidents.
    browser.js("window.atlas.map.setView([40.93, 45.5], 10, {animate: false});");
    WebElement cluster = tabTo(".leaflet-incidents-pane .incident-cluster");
    Set<String> members = new TreeSet<>(browser.<List<String>>js("return window.atlas.clusterMembers(arguments[0]);", cluster));
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    browser.waitFor("the focus on a member of " + members, d -> {
      List<String> focused = browser.js("const e = document.activeElement;"
          + " if (e.matches('.incident-icon')) return [e.getAttribute('title').replace(/.*\\((.+)\\)$/, '$1')];"
          + " if (e.matches('.incident-cluster')) return window.atlas.clusterMembers(e); return [];");
      return !focused.isEmpty() && members.containsAll(focused);
    });
  }

  @Test
  @Order(3)
  void aMarkerIsDashedExactlyWhenItsPopupSaysApproximateAndStaysClearOfTheLegend() {
    WebElement toggle = browser.driver.findElement(By.cssSelector(".legend-toggle"));
    int checked = 0;
    for (JsonNode f : incidents.values()) {
      String id = f.get("id").asText();
      JsonNode p = f.get("properties");
      // The legend, open, is what the popup must stay clear of; the last popup may have folded or hidden it.
      browser.js("window.atlas.map.closePopup();");
      browser.waitFor("the legend back", d -> toggle.isDisplayed());
      if ("false".equals(toggle.getDomAttribute("aria-expanded"))) {
        toggle.click();
      }
      WebElement popup = openFromSearch(browser, id);
      String certainty = browser.driver.findElement(By.cssSelector(".leaflet-popup-content .certainty")).getText();
      WebElement icon = browser.driver.findElement(By.cssSelector(".incident-icon[title$='(" + id + ")'] svg g"));
      boolean dashed = icon.getDomAttribute("stroke-dasharray") != null;
      boolean approximate = approximate(p);
      assertEquals(approximate, dashed, id + ": marker dashed");
      assertEquals(approximate, certainty.startsWith("approximate:"), id + ": popup says '" + certainty + "'");
      assertEquals(!approximate, certainty.startsWith("exact"), id + ": popup says '" + certainty + "'");
      if (p.hasNonNull("uncertainty_m")) {
        assertTrue(certainty.contains(String.format("%,d m", p.get("uncertainty_m").asInt())), id + ": " + certainty);
      }
      long zoom = ((Number) browser.js("return window.atlas.map.getZoom();")).longValue();
      assertTrue(zoom <= 15, id + " opened at zoom " + zoom);
      // The popup is clear of the legend, the zoom buttons, the panel and the timeline, and inside the map.
      Map<String, Number> box = rect(browser, ".leaflet-popup");
      for (String other : List.of(".legend", ".leaflet-control-zoom", "#panel", "#timeline")) {
        Map<String, Number> r = rect(browser, other);
        assertTrue(r == null || !intersect(box, r), id + ": the popup " + box + " overlaps " + other + " " + r);
      }
      Map<String, Number> map = rect(browser, "#map");
      assertTrue(box.get("top").doubleValue() >= map.get("top").doubleValue() && box.get("bottom").doubleValue() <= map.get("bottom").doubleValue()
          && box.get("left").doubleValue() >= map.get("left").doubleValue() && box.get("right").doubleValue() <= map.get("right").doubleValue(),
          id + ": the popup " + box + " leaves the map " + map);
      if (p.has("fatalities") && p.get("fatalities").size() > 1) {
        browser.screenshot("popup-legend-1280");
      }
      assertTrue(popup.isDisplayed());
      browser.js("window.atlas.map.closePopup();");
      checked++;
    }
    assertEquals(incidents.size(), checked);
  }

  @Test
  @Order(4)
  void openingAnIncidentKnownToAKilometreShowsItsWholeCircle() {
    JsonNode chosen = incidents.values().stream().filter(f -> f.get("properties").path("uncertainty_m").asInt() == 1000).findFirst()
        .orElseThrow(() -> new AssertionError("no incident known to 1000 m"));
    String id = chosen.get("id").asText();
    // From street level: opening must zoom out to show the circle, not stay at the street.
    JsonNode c = chosen.get("geometry").get("coordinates");
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], 18, {animate: false});", c.get(1).asDouble(), c.get(0).asDouble());
    openFromSearch(browser, id);
    long zoom = ((Number) browser.js("return window.atlas.map.getZoom();")).longValue();
    assertTrue(zoom <= 15, "opened at zoom " + zoom);
    Map<String, Number> circle = browser.js("""
        const m = window.atlas.map, b = L.latLng(arguments[0], arguments[1]).toBounds(2 * arguments[2]);
        const a = m.latLngToContainerPoint(b.getNorthWest()), z = m.latLngToContainerPoint(b.getSouthEast()), s = m.getSize();
        return {left: a.x, top: a.y, right: z.x, bottom: z.y, width: s.x, height: s.y};""",
        c.get(1).asDouble(), c.get(0).asDouble(), 1000);
    assertTrue(circle.get("left").doubleValue() >= 0 && circle.get("top").doubleValue() >= 0
        && circle.get("right").doubleValue() <= circle.get("width").doubleValue()
        && circle.get("bottom").doubleValue() <= circle.get("height").doubleValue(), "the circle leaves the map: " + circle);
    assertFalse(browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane path.uncertainty")).isEmpty(), "no circle drawn");
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(5)
  void onAPhoneThePopupWithItsClaimsFitsTheScreen() {
    JsonNode widest = incidents.values().stream().max((a, b) -> Integer.compare(claimants(a), claimants(b))).orElseThrow();
    assertTrue(claimants(widest) >= 2, "no incident with rival claimants");
    String id = widest.get("id").asText();
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      openFromSearch(phone, id);
      assertFalse(phone.driver.findElements(By.cssSelector(".leaflet-popup-content table.claims")).isEmpty(), "no claims table");
      for (String part : List.of(".leaflet-popup", ".leaflet-popup-content .claims-scroll")) {
        Map<String, Number> r = rect(phone, part);
        assertTrue(r.get("left").doubleValue() >= 0 && r.get("right").doubleValue() <= 375, part + " leaves the screen: " + r);
      }
      Map<String, Number> legend = rect(phone, ".legend");
      // On a phone the legend steps aside while a popup is open.
      assertTrue(legend == null || !intersect(rect(phone, ".leaflet-popup"), legend), "the popup overlaps the legend " + legend);
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is " + width + " px wide");
      phone.screenshot("popup-phone");
    }
  }

  static int claimants(JsonNode f) {
    Set<String> names = new TreeSet<>();
    f.get("properties").path("fatalities").forEach(c -> names.add(c.get("claimed_by").asText()));
    return names.size();
  }

  @Test
  @Order(6)
  void thePageLoggedNoErrors() {
    browser.assertStayedHomeWithoutErrors("/api/collections");
  }
}
