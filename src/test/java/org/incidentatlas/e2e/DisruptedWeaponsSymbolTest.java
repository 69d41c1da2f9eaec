package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Disrupted weapons use on the map: the legend names it in English and German beside a shape of
 * its own, and a marker of an incident the API gives that type has that shape.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisruptedWeaponsSymbolTest {
  private static final String TYPE = "disrupted_weapons_use";
  /** The shape of an SVG symbol, whatever its size: its elements and how many corners a polygon has. */
  private static final String SHAPE = "const g = arguments[0].querySelector('svg g');"
      + " return Array.from(g.children).map(c => c.tagName + (c.getAttribute('points') ? c.getAttribute('points').trim().split(/\\s+/).length : ''))"
      + ".join('+');";

  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    browser = Browser.openMap(atlas, 1280, 900);
  }

  /** Each legend entry of the shapes: its label and its shape. */
  private static Map<String, String> legendShapes(Browser b) {
    Map<String, String> shapes = new LinkedHashMap<>();
    b.waitFor("the legend's shapes", d -> !d.findElements(By.cssSelector(".legend-body ul.inline li svg g")).isEmpty());
    for (WebElement li : b.driver.findElements(By.cssSelector(".legend-body ul.inline li"))) {
      if (!li.findElements(By.cssSelector("svg g")).isEmpty()) {
        shapes.put(li.getText().trim(), b.js(SHAPE, li));
      }
    }
    return shapes;
  }

  private static void checkLegend(Browser b, JsonNode dict) {
    Map<String, String> shapes = legendShapes(b);
    String label = dict.get("event." + TYPE).asText();
    assertTrue(shapes.containsKey(label), "the legend lacks '" + label + "': " + shapes.keySet());
    // One shape per event type, none shared.
    assertEquals(shapes.size(), new HashSet<>(shapes.values()).size(), shapes.toString());
    for (String other : List.of("armed_clash", "shelling", "drone_strike")) {
      assertNotEquals(shapes.get(dict.get("event." + other).asText()), shapes.get(label), other);
    }
  }

  @Test
  @Order(1)
  void theLegendShowsDisruptedWeaponsUseWithAShapeOfItsOwnInEnglishAndGerman() {
    checkLegend(browser, atlas.json("/i18n/en.json"));
    browser.screenshot("disrupted-legend");
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("de");
    JsonNode de = atlas.json("/i18n/de.json");
    browser.waitFor("the German legend", d -> legendShapes(browser).containsKey(de.get("event." + TYPE).asText()));
    checkLegend(browser, de);
    browser.screenshot("disrupted-legend-de");
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("en");
  }

  @Test
  @Order(2)
  void aMarkerOfThatTypeHasTheLegendsShape() {
    JsonNode features = atlas.json("/api/collections/incidents/items?limit=10000&event_type=" + TYPE).get("features");
    assertFalse(features.isEmpty(), "the atlas has no incident of type " + TYPE);
    JsonNode en = atlas.json("/i18n/en.json");
    String legendShape = legendShapes(browser).get(en.get("event." + TYPE).asText());
    java.util.Set<String> positions = new java.util.HashSet<>();
    for (JsonNode f : features) {
      // Markers stacked on one place open inside a spiderfied cluster that keeps moving: one per place.
      if (!positions.add(f.get("geometry").get("coordinates").toString())) {
        continue;
      }
      String id = f.get("id").asText();
      MapSymbolsTest.openFromSearch(browser, id);
      WebElement icon = browser.driver.findElement(By.cssSelector(".incident-icon[title$='(" + id + ")']"));
      assertEquals(legendShape, browser.js(SHAPE, icon), id);
      assertTrue(icon.getDomAttribute("title").startsWith(en.get("event." + TYPE).asText()), icon.getDomAttribute("title"));
      String heading = browser.driver.findElement(By.cssSelector(".leaflet-popup-content h3")).getText();
      assertTrue(heading.startsWith(en.get("event." + TYPE).asText()), heading);
    }
    browser.screenshot("disrupted-marker");
  }

  @Test
  @Order(3)
  void onAPhoneTheLegendListsItToo() {
    try (Browser phone = Browser.openMap(atlas, 375, 812)) {
      WebElement toggle = phone.driver.findElement(By.cssSelector(".legend-toggle"));
      if ("false".equals(toggle.getDomAttribute("aria-expanded"))) {
        toggle.click();
      }
      checkLegend(phone, atlas.json("/i18n/en.json"));
      phone.screenshot("disrupted-legend-phone");
    }
  }

  @Test
  @Order(4)
  void thePageLoggedNoErrors() {
    browser.assertStayedHomeWithoutErrors("/api/collections");
  }
}
