package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Where tests of the map page as editors and reviewers use it start: an atlas of the test class's
 * own with an editor, erin, and a reviewer, rita, its map page open in a desktop browser, and the
 * steps of signing in and out and of opening the edit panel and its form, taken by clicking and
 * typing as a person does.
 *
 * <p>One instance serves all tests of a class ({@link TestInstance.Lifecycle#PER_CLASS}), so they
 * share one page, and the fields are that class's own, not shared with any other class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EditingPageTest {
  TestAtlas atlas;
  Browser browser;
  String editorToken;
  String reviewerToken;

  @BeforeAll
  void openPage() {
    atlas = TestAtlas.temporary("atlas-" + getClass().getSimpleName());
    editorToken = atlas.addUser("erin", Role.EDITOR);
    reviewerToken = atlas.addUser("rita", Role.REVIEWER);
    browser = Browser.open(1280, 900);
    browser.load(atlas, "/");
  }

  @AfterAll
  void closePage() {
    if (browser != null) {
      browser.close();
    }
    if (atlas != null) {
      atlas.close();
    }
  }

  WebElement byId(String id) {
    return browser.driver.findElement(By.id(id));
  }

  /** Text as a reader sees it: each run of white space one space, none at the ends. */
  static String normalise(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** Signs in with {@code token} and waits until the header says {@code expected}. */
  void signIn(String token, String expected) {
    byId("sign-in-toggle").click();
    WebElement input = browser.waitFor("the token field", d -> {
      WebElement e = d.findElement(By.id("token-input"));
      return e.isDisplayed() ? e : null;
    });
    input.sendKeys(token, Keys.ENTER);
    browser.waitFor("'" + expected + "' in the header", d -> d.findElement(By.id("account-name")).getText().equals(expected) ? true : null);
  }

  void signOut() {
    byId("sign-out").click();
    browser.waitFor("the sign-in button", d -> d.findElement(By.id("sign-in-toggle")).isDisplayed());
  }

  /** Opens the edit panel unless it is open already. */
  void openEditor() {
    if (!byId("editor").isDisplayed()) {
      byId("editor-toggle").click();
    }
    browser.waitFor("the edit panel", d -> d.findElement(By.id("editor")).isDisplayed());
  }

  /** The incident form, once it is shown. */
  WebElement form() {
    return browser.waitFor("the form", d -> d.findElement(By.id("incident-form")).isDisplayed() ? d.findElement(By.id("incident-form")) : null);
  }

  /** A border village no incident names, none within 1.5 km and no settlement within 300 m, so a click hits it; {@code skip} passes over that many. */
  protected JsonNode freeVillage(int skip) {
    Set<String> named = BorderSettlements.named(atlas);
    JsonNode incidents = atlas.json(ITEMS + "?limit=10000").get("features");
    JsonNode settlements = atlas.json("/api/collections/settlements/items?limit=1000&bbox=45.3,40.75,45.75,41.1").get("features");
    int found = 0;
    for (JsonNode s : settlements) {
      if (named.contains(s.get("id").asText())) {
        continue;
      }
      boolean clear = true;
      for (JsonNode i : incidents) {
        clear &= BorderSettlements.km(s, i) > 1.5;
      }
      for (JsonNode other : settlements) {
        clear &= other == s || BorderSettlements.km(s, other) > 0.3;
      }
      if (clear && found++ == skip) {
        return s;
      }
    }
    throw new AssertionError("no settlement free of incidents in the border region");
  }

  /** Puts a value into a field in one step and tells the page with an input event, as pasting does. */
  protected void setValue(WebElement input, String value) {
    browser.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input, value);
  }

  /** Clicks the map where a feature lies, as a person would, at zoom 15 with the feature in the middle. */
  protected void clickMapAt(JsonNode feature) {
    double lon = feature.at("/geometry/coordinates/0").asDouble();
    double lat = feature.at("/geometry/coordinates/1").asDouble();
    browser.js("window.atlas.map.invalidateSize(); window.atlas.map.setView([arguments[0], arguments[1]], 15, {animate: false});", lat, lon);
    List<Number> xy = browser.js("""
        const p = window.atlas.map.latLngToContainerPoint([arguments[0], arguments[1]]);
        const size = window.atlas.map.getSize();
        return [p.x - size.x / 2, p.y - size.y / 2];""", lat, lon);
    new Actions(browser.driver).moveToElement(byId("map"), (int) Math.round(xy.get(0).doubleValue()),
        (int) Math.round(xy.get(1).doubleValue())).click().perform();
  }

  /** Opens an incident's popup by searching its id, as a reader would, and returns it once it stands still with its actions. */
  protected WebElement popupOf(String id) {
    WebElement search = byId("search-input");
    search.clear();
    search.sendKeys(id);
    browser.waitFor(id + " in the search results", d -> d.findElements(By.cssSelector("#search-results [role=option]"))
        .stream().anyMatch(o -> o.getText().contains(id)));
    search.sendKeys(Keys.ENTER);
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content")).stream()
        .anyMatch(p -> p.findElements(By.cssSelector(".record-id")).stream().anyMatch(e -> e.getText().equals(id))
            && !p.findElements(By.cssSelector(".popup-actions")).isEmpty()));
    return browser.waitStill("the popup of " + id, By.cssSelector(".leaflet-popup-content"));
  }

  /** The entry of a record in the review list, after the list was read again, so that it shows what the server has now. */
  protected WebElement entry(String id) {
    // A list still being read would be drawn anew under the test's hands: its reading ends first.
    browser.waitFor("the review list read", d -> !d.findElement(By.id("review-status")).getText().equals("Loading…"));
    byId("review-refresh").click();
    browser.waitFor("the review list read again", d -> !d.findElement(By.id("review-status")).getText().equals("Loading…"));
    return browser.waitFor(id + " in the review list", d -> d.findElements(By.cssSelector("#review-list li.record")).stream()
        .filter(e -> id.equals(e.getDomAttribute("data-id"))).findFirst().orElse(null));
  }
}
