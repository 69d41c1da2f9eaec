package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The API's HTML pages in headless Chromium, asked for as a browser asks (no {@code f}): the
 * small map draws the features from the atlas alone, and a feature opens from it.
 */
@Tag("browser")
class ApiPagesTest {
  private static TestAtlas atlas;
  private Browser browser;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Opens a page and waits until its small map has drawn; returns how many features it drew. */
  private int openAndWaitForMap(String path) {
    browser.driver.get(atlas.url(path));
    WebElement map = browser.waitFor("the map of " + path, d -> d.findElements(By.cssSelector("#minimap[data-drawn], #minimap[data-error]"))
        .stream().findFirst().orElse(null));
    assertEquals(null, map.getDomAttribute("data-error"), "the map of " + path + " failed");
    return Integer.parseInt(map.getDomAttribute("data-drawn"));
  }

  /** Every request of the page went to the atlas, and nothing was logged as an error. */
  private void stayedHomeWithoutErrors() {
    browser.assertStayedHomeWithoutErrors("/api/collections/countries/items");
  }


  @Test
  void theCollectionPageMapsEveryFeatureAndOpensOneFromTheMap() {
    browser = Browser.open(1280, 900);
    JsonNode collection = atlas.json("/api/collections/incidents");
    int drawn = openAndWaitForMap("/api/collections/incidents");
    assertEquals(collection.get("featureCount").asInt(), drawn);
    assertEquals(collection.get("title").asText(), browser.driver.findElement(By.tagName("h1")).getText());
    List<WebElement> markers = browser.driver.findElements(By.cssSelector("#minimap path.leaflet-interactive"));
    assertEquals(drawn, markers.size(), "features drawn as clickable shapes");
    assertTrue(browser.driver.findElements(By.cssSelector("#minimap path")).size() > drawn, "no country outlines under the features");
    stayedHomeWithoutErrors();
    browser.screenshot("api-collection");

    // Incidents at one place share a point: the last drawn is the one on top.
    markers.get(markers.size() - 1).click();
    WebElement link = browser.waitFor("the popup's link", d -> d.findElements(By.cssSelector(".leaflet-popup-content a"))
        .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    String id = link.getDomProperty("textContent");
    link.click();
    browser.waitFor("the page of " + id, d -> d.findElements(By.tagName("h1")).stream().anyMatch(h -> h.getText().endsWith("(" + id + ")")));
    assertEquals(1, openAndWaitForMap("/api/collections/incidents/items/" + id));
    stayedHomeWithoutErrors();
  }

  @Test
  void anIncidentReadsOnAPhone() {
    browser = Browser.open(375, 800);
    JsonNode incident = atlas.json("/api/collections/incidents/items?limit=1").at("/features/0");
    assertEquals(1, openAndWaitForMap("/api/collections/incidents/items/" + incident.get("id").asText()));
    long pageWidth = ((Number) browser.js("return document.documentElement.scrollWidth;")).longValue();
    assertTrue(pageWidth <= 375, "the page is wider than the phone: " + pageWidth + " px");
    stayedHomeWithoutErrors();
    browser.screenshot("api-feature-phone");
  }
}
