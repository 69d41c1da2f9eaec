package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The areas of other control open from the keyboard into popups that say, in the reader's
 * language, whose the area is by the recognised border, who held it since when, and the source,
 * as the API gives them.
 */
@Tag("browser")
class ControlAreasPageTest {
  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;
  private static JsonNode areas;

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    areas = atlas.json("/api/collections/control_areas/items?limit=100").get("features");
    browser = Browser.openMap(atlas, 1280, 900);
  }

  private static String popupOf(JsonNode area, String language) {
    browser.js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
    browser.js("window.location.hash = arguments[0];", "map=10/40.85/45.3&layers=incidents,border,control_areas");
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    String name = area.at("/properties/name").asText();
    WebElement shape = browser.waitFor("the outline of " + name, d -> d.findElements(By.cssSelector("path.keyboard-shape")).stream()
        .filter(e -> String.valueOf(e.getDomAttribute("aria-label")).startsWith(name + ",")).findFirst().orElse(null));
    browser.js("arguments[0].focus({preventScroll: true});", shape);
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    browser.waitFor("the popup of " + name, d -> d.findElements(By.cssSelector(".leaflet-popup-content .reference-popup"))
        .stream().findFirst().orElse(null));
    // The map pans the popup into view: read while it moves, its top may still lie outside the map,
    // where Selenium reads no text.
    WebElement popup = browser.waitStill("the popup of " + name, By.cssSelector(".leaflet-popup-content .reference-popup"));
    WebElement link = popup.findElement(By.cssSelector("a"));
    assertEquals(area.at("/properties/source_url").asText(), link.getDomAttribute("href"), name);
    // The popup is on the page before it has faded in, and Selenium reads no text from it until then.
    return browser.waitFor("the popup's text", d -> popup.getText().isBlank() ? null : popup.getText().replaceAll("\\s+", " "));
  }

  /** A day, month or year as the browser's own Intl writes it in the language, never the ISO form. */
  private static String dated(String value, String locale) {
    String[] parts = value.split("-");
    String options = parts.length == 3 ? "{day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}"
        : parts.length == 2 ? "{month: 'long', year: 'numeric', timeZone: 'UTC'}" : null;
    if (options == null) {
      return value;
    }
    return browser.js("return new Intl.DateTimeFormat(arguments[0], " + options + ").format(Date.UTC(arguments[1], arguments[2] - 1, arguments[3]));",
        locale, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts.length == 3 ? Integer.parseInt(parts[2]) : 1);
  }

  @Test
  void eachAreaSaysWhoseItIsWhoHeldItAndTheSourceInEnglishAndGerman() {
    assertFalse(areas.isEmpty(), "the atlas has no area of other control");
    JsonNode en = atlas.json("/i18n/en.json");
    JsonNode de = atlas.json("/i18n/de.json");
    for (String language : List.of("en", "de")) {
      JsonNode words = language.equals("en") ? en : de;
      for (JsonNode area : areas) {
        JsonNode p = area.get("properties");
        String text = popupOf(area, language);
        String sovereign = words.get("side." + p.get("sovereign").asText()).asText();
        String heldBy = words.get("control.since").asText().replace("{side}", words.get("side." + p.get("controlled_by").asText()).asText())
            .replace("{since}", dated(p.get("control_since").asText(), words.at("/_meta/locale").asText())).replace("{asOf}", dated(p.get("as_of").asText(), words.at("/_meta/locale").asText()));
        for (String expected : List.of(p.get("name").asText(), words.get("control.sovereign").asText(), sovereign,
            words.get("control.controlledBy").asText(), heldBy, p.get("source_publisher").asText(), p.get("source_quote").asText())) {
          assertTrue(text.contains(expected), language + ": no '" + expected + "' in " + text);
        }
        assertFalse(text.matches(".*\\b(AM|AZ)\\b.*"), "a raw country code in " + text);
      }
      browser.screenshot("control-area-" + language);
    }
    browser.js("localStorage.setItem('incident-atlas.language', 'en');");
  }
}
