package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The header's search box in real headless Chromium against the shared atlas. What each option
 * says is computed here from the API's answer to the same query and from the page's dictionaries:
 * kinds, districts, distances to the border and between candidates, in the page's language.
 */
@Tag("browser")
class SearchBoxTest {
  private static final TestAtlas ATLAS = TestAtlas.shared();
  private static final String OPTIONS = "#search-results [role=option]";
  @AutoClose
  private static Browser browser;

  @BeforeAll
  static void open() {
    browser = Browser.openMap(ATLAS, 1280, 800);
  }

  @BeforeEach
  void english() {
    setLanguage(browser, "en");
    browser.js("window.atlas.map.setView([40.95, 45.5], 9, {animate: false});");
  }

  // ---- the API, the dictionaries, and what the page should make of them ----

  private static JsonNode api(String q) {
    return ATLAS.json("/api/search?limit=8&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  private static Map<String, String> dictionary(String language) {
    return TestAtlas.JSON.convertValue(ATLAS.json("/i18n/" + language + ".json"), Map.class);
  }

  private static String fill(String template, String name, String value) {
    return template.replace("{" + name + "}", value);
  }

  /**
   * A distance as the page writes it: whole metres below 1 km, one decimal below 10 km, whole km
   * above, rounded half up.
   */
  static String km(double km, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    if (km < 1) {
      return f.format(Math.round(km * 1000)) + " m";
    }
    f.setMaximumFractionDigits(km < 10 ? 1 : 0);
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(km) + " km";
  }

  /** A hit's distance to the border with its uncertainty, "1.0 km ± 0.5 km", from the hit's own figures. */
  static String borderKm(JsonNode hit, Map<String, String> dict, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMinimumFractionDigits(1);
    f.setMaximumFractionDigits(1);
    String text = fill(dict.get("borderDistance.value"), "km", f.format(hit.get("borderDistanceKm").asDouble()));
    return fill(text, "uncertainty", f.format(hit.get("borderDistanceUncertaintyKm").asDouble()));
  }

  /** Great-circle distance as Leaflet measures it (a sphere of 6,371 km). */
  static double haversineKm(JsonNode a, JsonNode b) {
    double lat1 = Math.toRadians(a.get("lat").asDouble());
    double lat2 = Math.toRadians(b.get("lat").asDouble());
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(b.get("lon").asDouble() - a.get("lon").asDouble());
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371.0 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  /** What the option of a place hit must say: kind, distance to the border, distance from the first. */
  private static List<String> factsOf(JsonNode hit, JsonNode first, Map<String, String> dict, Locale locale) {
    List<String> facts = new ArrayList<>();
    facts.add(dict.get("search.kind." + hit.get("kind").asText()));
    facts.add(fill(dict.get("search.fromBorder"), "km", borderKm(hit, dict, locale)));
    if (first != null && first != hit) {
      facts.add(fill(dict.get("search.fromFirst"), "km", km(haversineKm(first, hit), locale)));
    }
    return facts;
  }

  /** Text with the spaces Intl puts between number and unit made plain. */
  private static String plain(String s) {
    return s.replace('\u00a0', ' ').replace('\u202f', ' ').replaceAll("\\s+", " ").trim();
  }

  // ---- driving the page ----

  private static void setLanguage(Browser b, String language) {
    Select select = new Select(b.driver.findElement(By.id("language")));
    if (!language.equals(select.getFirstSelectedOption().getDomAttribute("value"))) {
      select.selectByValue(language);
      b.waitFor("the page in " + language, d -> language.equals(b.js("return document.documentElement.lang;")));
    }
  }

  private static WebElement input(Browser b) {
    return b.driver.findElement(By.id("search-input"));
  }

  /** Types the query afresh and waits for the options of the API's answer. */
  private static List<WebElement> type(Browser b, String query, int expected) {
    WebElement input = input(b);
    input.clear();
    input.sendKeys(query);
    return b.waitFor(expected + " options for " + query, d -> {
      List<WebElement> options = d.findElements(By.cssSelector(OPTIONS));
      WebElement list = d.findElement(By.id("search-results"));
      return options.size() == expected && list.isDisplayed() && query.equals(list.getDomAttribute("data-query")) ? options : null;
    });
  }

  /** Waits until the list shows {@code expected} as its message. */
  private static void waitMessage(Browser b, String expected) {
    String[] last = {null};
    try {
      b.waitFor("the message '" + expected + "'", d -> {
        last[0] = d.findElements(By.cssSelector("#search-results .message")).stream()
            .filter(WebElement::isDisplayed).findFirst().map(WebElement::getText).orElse(null);
        return expected.equals(last[0]);
      });
    } catch (AssertionError e) {
      throw new AssertionError("the list says '" + last[0] + "', not '" + expected + "'", e);
    }
  }

  // ---- the tests ----

  @Test
  void theCandidatesOfAnAmbiguousNameSayWhatTellsThemApart() {
    JsonNode answer = api("agdam");
    assertTrue(answer.get("ambiguous").asBoolean(), answer.toString());
    JsonNode places = answer.get("places");
    Map<String, String> en = dictionary("en");
    List<WebElement> options = type(browser, "agdam", places.size() + answer.get("incidents").size());
    assertTrue(browser.driver.findElement(By.cssSelector("#search-results .ambiguous")).getText().contains("agdam"));

    // The page keeps the server's order: both exact Ağdams, then the guesses.
    List<String> matches = new ArrayList<>();
    for (int i = 0; i < places.size(); i++) {
      JsonNode hit = places.get(i);
      matches.add(hit.get("match").asText());
      String text = plain(options.get(i).getText());
      String name = plain(options.get(i).getAccessibleName());
      assertTrue(text.startsWith(hit.get("name").asText()), text);
      assertTrue(text.contains(hit.get("admin1").asText()) && name.contains(hit.get("admin1").asText()), text + " / " + name);
      for (String fact : factsOf(hit, places.get(0), en, Locale.ENGLISH)) {
        assertTrue(text.contains(fact), "'" + fact + "' not in the option: " + text);
        assertTrue(name.contains(fact), "'" + fact + "' not in the accessible name: " + name);
      }
    }
    assertEquals(List.of("exact", "exact"), matches.subList(0, 2));
    assertTrue(matches.subList(2, matches.size()).stream().noneMatch(m -> m.equals("exact")), matches.toString());
    String tovuz = plain(options.get(0).getText() + " | " + options.get(1).getText());
    assertTrue(tovuz.contains("Tovuz District") && tovuz.contains(en.get("search.kind.village"))
        && tovuz.contains(en.get("search.kind.town")), tovuz);
    browser.screenshot("search-candidates");

    // Enter alone never guesses between the candidates.
    input(browser).sendKeys(Keys.ENTER);
    assertTrue(browser.driver.findElement(By.id("search-results")).isDisplayed(), "Enter picked a candidate by itself");
  }

  @Test
  void theKeyboardChoosesACandidateAndTheMapShowsItsSurroundings() {
    JsonNode places = api("agdam").get("places");
    JsonNode answerIncidents = api("agdam").get("incidents");
    type(browser, "agdam", places.size() + answerIncidents.size());
    WebElement input = input(browser);
    input.sendKeys(Keys.ARROW_DOWN);
    assertEquals("search-results-option-0", input.getDomAttribute("aria-activedescendant"));
    input.sendKeys(Keys.ARROW_UP);
    int last = places.size() + answerIncidents.size() - 1;
    assertEquals("search-results-option-" + last, input.getDomAttribute("aria-activedescendant"), "ArrowUp does not wrap");
    input.sendKeys(Keys.ESCAPE);
    assertFalse(browser.driver.findElement(By.id("search-results")).isDisplayed(), "Escape leaves the list open");
    assertEquals("false", input.getDomAttribute("aria-expanded"));

    // Each Ağdam, chosen with the keyboard, is shown at the zoom of its kind.
    for (int pick = 0; pick < 2; pick++) {
      JsonNode hit = places.get(pick);
      type(browser, "agdam", places.size() + answerIncidents.size());
      for (int i = 0; i <= pick; i++) {
        input(browser).sendKeys(Keys.ARROW_DOWN);
      }
      assertEquals("true", browser.driver.findElement(By.id("search-results-option-" + pick)).getDomAttribute("aria-selected"));
      input(browser).sendKeys(Keys.ENTER);
      int zoom = hit.get("kind").asText().equals("village") ? 13 : hit.get("kind").asText().equals("town") ? 11 : 10;
      double lat = hit.get("lat").asDouble();
      double lon = hit.get("lon").asDouble();
      browser.waitFor("the map on " + hit.get("id").asText() + " at zoom " + zoom, d ->
          ((Number) browser.js("return window.atlas.map.getZoom();")).intValue() == zoom
          && Math.abs(((Number) browser.js("return window.atlas.map.getCenter().lat;")).doubleValue() - lat) < 1e-3
          && Math.abs(((Number) browser.js("return window.atlas.map.getCenter().lng;")).doubleValue() - lon) < 1e-3);
      assertEquals(hit.get("name").asText(), input(browser).getDomProperty("value"));
    }

    // An incident, the only option for its id, opens with Enter.
    String id = ATLAS.json("/api/collections/incidents/items?limit=1").get("features").get(0).get("id").asText();
    JsonNode byId = api(id);
    assertEquals(1, byId.get("places").size() + byId.get("incidents").size(), byId.toString());
    type(browser, id, byId.get("places").size() + byId.get("incidents").size());
    input(browser).sendKeys(Keys.ENTER);
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content"))
        .stream().anyMatch(p -> p.getText().contains(id)));
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  void theGermanPageWritesKindsAndDistancesInGerman() {
    setLanguage(browser, "de");
    Map<String, String> de = dictionary("de");
    JsonNode answer = api("agdam");
    List<WebElement> options = type(browser, "agdam", answer.get("places").size() + answer.get("incidents").size());
    for (int i = 0; i < answer.get("places").size(); i++) {
      String text = plain(options.get(i).getText());
      for (String fact : factsOf(answer.get("places").get(i), answer.get("places").get(0), de, Locale.GERMAN)) {
        assertTrue(text.contains(fact), "'" + fact + "' not in the option: " + text);
      }
    }
    assertTrue(plain(options.get(0).getText() + options.get(1).getText()).contains("Dorf"), "no Dorf");

    // A village within 10 km of the border whose distance has a decimal: written with a comma.
    JsonNode near = null;
    for (JsonNode f : ATLAS.json("/api/collections/settlements/items?limit=10000").get("features")) {
      double km = f.get("properties").get("border_distance_km").asDouble();
      String name = f.get("properties").get("name").asText();
      if (km > 1 && km < 10 && Math.round(km * 10) % 10 != 0) {
        JsonNode hits = api(name).get("places");
        if (hits.size() > 0 && hits.get(0).get("id").asText().equals(f.get("id").asText()) && !api(name).get("ambiguous").asBoolean()) {
          near = hits.get(0);
          break;
        }
      }
    }
    assertTrue(near != null, "no settlement near the border to search for");
    JsonNode nearAnswer = api(near.get("name").asText());
    options = type(browser, near.get("name").asText(), nearAnswer.get("places").size() + nearAnswer.get("incidents").size());
    String expected = fill(de.get("search.fromBorder"), "km", borderKm(near, de, Locale.GERMAN));
    assertTrue(expected.matches(".*\\d,\\d km ± \\d,\\d km.*"), expected);
    assertTrue(plain(options.get(0).getText()).contains(expected), plain(options.get(0).getText()) + " lacks " + expected);
    type(browser, "agdam", answer.get("places").size() + answer.get("incidents").size());
    browser.screenshot("search-de");
    input(browser).sendKeys(Keys.ESCAPE);
  }

  @Test
  void nothingFoundServerErrorsAndAnOfflineServerAreSaidInThePagesLanguage() {
    for (String language : List.of("en", "de")) {
      setLanguage(browser, language);
      Map<String, String> dict = dictionary(language);
      String none = "qxqxqxqx";
      JsonNode empty = api(none);
      assertEquals(0, empty.get("places").size() + empty.get("incidents").size(), empty.toString());
      input(browser).clear();
      input(browser).sendKeys(none);
      waitMessage(browser, fill(dict.get("search.none"), "query", none));

      // The server refuses a query with nothing to search for; the page says so with its reason,
      // in the page's language: the dictionary's text of the answer's message key.
      String refused = "!!!";
      String description;
      try {
        JsonNode message = TestAtlas.JSON.readTree(ATLAS.get("/api/search?q=" + URLEncoder.encode(refused, StandardCharsets.UTF_8)).body())
            .get("message");
        description = dict.get(message.get("key").asText());
        for (var param : message.get("params").properties()) {
          description = fill(description, param.getKey(), param.getValue().asText());
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      input(browser).clear();
      input(browser).sendKeys(refused);
      waitMessage(browser, fill(dict.get("search.failed"), "message", description));

      browser.driver.executeCdpCommand("Network.enable", Map.of());
      browser.driver.executeCdpCommand("Network.emulateNetworkConditions",
          Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
      try {
        input(browser).clear();
        input(browser).sendKeys("Tovuz");
        waitMessage(browser, dict.get("search.offline"));
      } finally {
        browser.driver.executeCdpCommand("Network.emulateNetworkConditions",
            Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
      }
    }
    input(browser).sendKeys(Keys.ESCAPE);
  }

  @Test
  void theBoxTakesNoMoreThanTheServerAccepts() {
    WebElement input = input(browser);
    String limit = input.getDomAttribute("maxlength");
    assertEquals("100", limit);
    input.clear();
    // Letters that no name holds, and not one letter doubled, which search reads as one.
    input.sendKeys("xq".repeat(75));
    String value = input.getDomProperty("value");
    assertEquals(100, value.length(), "the box took more than its maxlength");
    // What the box holds the server answers; one character more it refuses.
    assertEquals(200, ATLAS.get("/api/search?q=" + value).statusCode());
    assertEquals(400, ATLAS.get("/api/search?q=" + value + "x").statusCode());
    waitMessage(browser, fill(dictionary("en").get("search.none"), "query", value));
    input.sendKeys(Keys.ESCAPE);
  }

  @Test
  void onAPhoneTheCandidatesFitTheScreen() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(ATLAS, "/");
      JsonNode answer = api("agdam");
      List<WebElement> options = type(phone, "agdam", answer.get("places").size() + answer.get("incidents").size());
      assertTrue(plain(options.get(0).getText()).contains(dictionary("en").get("search.kind." + answer.get("places").get(0).get("kind").asText())));
      long right = ((Number) phone.js("return Math.ceil(document.getElementById('search-results').getBoundingClientRect().right);")).longValue();
      assertTrue(right <= 375, "the list reaches past the screen: " + right);
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is wider than the phone: " + width);
      phone.screenshot("search-candidates-phone");
    }
  }
}
