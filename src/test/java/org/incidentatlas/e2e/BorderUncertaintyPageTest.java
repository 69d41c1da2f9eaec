package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
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
 * Every distance to the border on the map page comes with the border's position uncertainty,
 * "1.0 km ± 0.5 km", in English and in German, built from the values the API serves: in an
 * incident's popup, a shelled village's popup and name, and the border's own popup.
 */
@Tag("browser")
class BorderUncertaintyPageTest {
  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;
  private static double uncertaintyKm;

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    uncertaintyKm = atlas.json("/api/collections/border/items").at("/features/0/properties/position_uncertainty_km").asDouble();
    assertTrue(uncertaintyKm > 0, "the border layer has no position uncertainty");
    browser = Browser.openMap(atlas, 1280, 900);
  }

  private static JsonNode dictionary(String language) {
    try {
      return TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", language + ".json")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fill(JsonNode dict, String key, String... params) {
    JsonNode entry = dict.get(key);
    String text = entry.isTextual() ? entry.asText() : entry.get("other").asText();
    for (int i = 0; i < params.length; i += 2) {
      text = text.replace("{" + params[i] + "}", params[i + 1]);
    }
    return text;
  }

  private static Locale locale(String language) {
    return language.equals("de") ? Locale.GERMAN : Locale.ENGLISH;
  }

  /** A number to one decimal, as the language writes it. */
  private static String tenths(double value, String language) {
    NumberFormat f = NumberFormat.getNumberInstance(locale(language));
    f.setMinimumFractionDigits(1);
    f.setMaximumFractionDigits(1);
    return f.format(value);
  }

  /** What the page must write for a feature's distance to the border: the dictionary's words, the API's figures. */
  private static String distance(JsonNode properties, String language) {
    String text = fill(dictionary(language), "borderDistance.value",
        "km", tenths(properties.get("border_distance_km").asDouble(), language),
        "uncertainty", tenths(properties.get("border_distance_uncertainty_km").asDouble(), language));
    assertTrue(text.contains("±"), text);
    return text;
  }

  private static String plain(String s) {
    return s.replace('\u00a0', ' ').replace('\u202f', ' ').replaceAll("\\s+", " ").trim();
  }

  private static void language(Browser b, String language) {
    b.js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
  }

  /** An incident nearer the border than its uncertainty if there is one: its number must still be written. */
  private static JsonNode incidentNearTheBorder() {
    JsonNode chosen = null;
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000").get("features")) {
      JsonNode p = f.get("properties");
      if (p.get("border_distance_km").isNumber() && p.get("border_side").isTextual()
          && (chosen == null || p.get("border_distance_km").asDouble() < chosen.at("/properties/border_distance_km").asDouble())) {
        chosen = f;
      }
    }
    assertTrue(chosen != null, "no incident with a distance to the border");
    return chosen;
  }

  private static String openIncident(Browser b, JsonNode incident) {
    String id = incident.get("id").asText();
    b.js("window.location.hash = 'map=12/' + arguments[1] + '/' + arguments[0] + '&selected=incidents/' + arguments[2];",
        incident.at("/geometry/coordinates/0").asDouble(), incident.at("/geometry/coordinates/1").asDouble(), id);
    b.driver.navigate().refresh();
    b.waitLoaded();
    WebElement popup = b.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content")).stream()
        .filter(e -> e.getText().contains(id)).findFirst().orElse(null));
    return plain(popup.getText());
  }

  @Test
  void anIncidentsPopupGivesItsDistanceWithTheBordersUncertainty() {
    JsonNode incident = incidentNearTheBorder();
    JsonNode p = incident.get("properties");
    assertEquals(uncertaintyKm, p.get("border_distance_uncertainty_km").asDouble(), 0);
    for (String language : List.of("en", "de")) {
      JsonNode dict = dictionary(language);
      language(browser, language);
      String text = openIncident(browser, incident);
      String expected = fill(dict, "popup.borderValue", "km", distance(p, language),
          "side", dict.get("side." + p.get("border_side").asText()).asText());
      assertTrue(text.contains(expected), language + ": '" + expected + "' not in the popup: " + text);
      browser.screenshot(language.equals("en") ? "border-uncertainty-popup" : "border-uncertainty-popup-de");
    }
    language(browser, "en");
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      String text = openIncident(phone, incident);
      assertTrue(text.contains(distance(p, "en")), "'" + distance(p, "en") + "' not in the popup on a phone: " + text);
      phone.screenshot("border-uncertainty-popup-375");
    }
  }

  /** Opens a keyboard stop's popup as a keyboard user does and returns its text. */
  private static String openWithKeyboard(WebElement shape) {
    browser.js("window.atlas.map.closePopup(); arguments[0].focus({preventScroll: true});", shape);
    browser.waitFor("the previous popup to go", d -> d.findElements(By.cssSelector(".leaflet-popup")).isEmpty());
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    WebElement content = browser.waitFor("the popup", d -> d.findElements(By.cssSelector(".leaflet-popup-content .reference-popup"))
        .stream().findFirst().orElse(null));
    // The popup is on the page before it has faded in, and Selenium reads no text from it until then.
    return browser.waitFor("the popup's text", d -> plain(content.getText()).isEmpty() ? null : plain(content.getText()));
  }

  private static WebElement shape(String css, String text) {
    return browser.waitFor("a shape named '" + text + "'", d -> d.findElements(By.cssSelector("path.keyboard-shape" + css)).stream()
        .filter(e -> plain(String.valueOf(e.getDomAttribute("aria-label"))).contains(text)).findFirst().orElse(null));
  }

  @Test
  void aShelledVillageAndTheBorderSayHowWellTheBorderIsKnown() {
    JsonNode village = atlas.json("/api/collections/shelled_villages/items?limit=1").at("/features/0/properties");
    assertEquals(uncertaintyKm, village.get("border_distance_uncertainty_km").asDouble(), 0);
    for (String language : List.of("en", "de")) {
      JsonNode dict = dictionary(language);
      language(browser, language);
      browser.js("window.location.hash = 'layers=incidents,shelled_villages,border';");
      browser.driver.navigate().refresh();
      browser.waitLoaded();
      String km = distance(village, language);
      WebElement shape = shape(".shelled-village", village.get("name").asText());
      String label = plain(shape.getDomAttribute("aria-label"));
      assertTrue(label.contains(km), language + ": '" + km + "' not in the village's name: " + label);
      String text = openWithKeyboard(shape);
      String side = village.get("border_side").isTextual() ? village.get("border_side").asText() : village.get("country").asText();
      String expected = fill(dict, "popup.borderValue", "km", km, "side", dict.get("side." + side).asText());
      assertTrue(text.contains(expected), language + ": '" + expected + "' not in the village's popup: " + text);

      String title = dict.get("border.title").asText();
      String borderName = title.substring(0, title.indexOf("{length}")).replaceAll("[,\\s]+$", "");
      String borderText = openWithKeyboard(shape("", borderName));
      String stated = fill(dict, "border.uncertaintyValue", "km", tenths(uncertaintyKm, language));
      assertTrue(borderText.contains(stated), language + ": '" + stated + "' not in the border's popup: " + borderText);
      browser.screenshot(language.equals("en") ? "border-uncertainty-border" : "border-uncertainty-border-de");
    }
    language(browser, "en");
  }
}
