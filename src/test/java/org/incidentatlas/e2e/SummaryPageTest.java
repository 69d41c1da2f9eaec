package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The summary page of the incidents in headless Chromium, opened as a browser opens it (no
 * {@code f}): its counts and claims are those of the JSON summary, it fits a 375 px phone, and
 * every link on it is reached by Tab.
 */
@Tag("browser")
class SummaryPageTest {
  private static final String PATH = "/api/collections/incidents/summary?datetime=2020-07-12/2020-07-16";
  private final TestAtlas atlas = TestAtlas.shared();
  private Browser browser;

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private List<String> cells(String selector) {
    List<String> out = new ArrayList<>();
    browser.driver.findElements(By.cssSelector(selector)).forEach(e -> out.add(e.getText().strip()));
    return out;
  }

  /** The page shows the JSON's counts and each of its claims, in its order. */
  private void showsTheSummary() {
    JsonNode s = atlas.json(PATH);
    List<String> counts = new ArrayList<>();
    s.get("by_event_type").forEach(n -> counts.add(n.asText()));
    assertEquals(counts, cells("#types tbody td"));
    List<String> sides = new ArrayList<>();
    s.get("by_side").forEach(n -> sides.add(n.asText()));
    assertEquals(sides, cells("#sides tbody td"));
    List<String> incidents = new ArrayList<>();
    s.at("/claims/items").forEach(c -> incidents.add(c.get("incident").asText()));
    assertTrue(!incidents.isEmpty());
    assertEquals(incidents, cells("#claim-list tbody td[data-label='Incident'] a"));
    assertEquals(s.get("period_claims").size(), browser.driver.findElements(By.cssSelector(".period-claims > li")).size());
    // The JSON asked for here is another request, made at another second: the page cites itself.
    String citation = browser.driver.findElement(By.cssSelector(".citation")).getText();
    String prefix = s.at("/citation/citation").asText().replaceFirst(", exported .*", "");
    assertTrue(citation.startsWith(prefix) && citation.endsWith(atlas.url(PATH)), citation);
    browser.assertStayedHomeWithoutErrors("/css/api.css");
  }

  @Test
  void theSummaryReadsOnAScreen() {
    browser = Browser.open(1280, 2600);
    browser.driver.get(atlas.url(PATH));
    assertEquals("Summary of the incidents", browser.driver.findElement(By.tagName("h1")).getText());
    showsTheSummary();
    long pageWidth = ((Number) browser.js("return document.documentElement.scrollWidth;")).longValue();
    assertTrue(pageWidth <= 1280, "the page is wider than the window: " + pageWidth + " px");
    browser.screenshot("summary-1280");
    // Every link is a Tab stop, in the order of the page.
    List<WebElement> links = browser.driver.findElements(By.cssSelector("a[href]"));
    List<WebElement> reached = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      reached.add(browser.driver.switchTo().activeElement());
    }
    assertEquals(links, reached, "every link is reached by Tab, in the order of the page");
  }

  @Test
  void theSummaryReadsOnAPhone() {
    browser = Browser.open(375, 800);
    browser.driver.get(atlas.url(PATH));
    showsTheSummary();
    long pageWidth = ((Number) browser.js("return document.documentElement.scrollWidth;")).longValue();
    assertTrue(pageWidth <= 375, "the page is wider than the phone: " + pageWidth + " px");
    // No element reaches past the screen's right edge: nothing is clipped.
    List<String> beyond = browser.js("return [...document.querySelectorAll('main *')]"
        + ".filter(e => e.getBoundingClientRect().right > 376)"
        + ".map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40));");
    assertEquals(List.of(), beyond);
    browser.screenshot("summary-375");
    for (String section : List.of("claims", "period-claims", "villages", "cite")) {
      browser.js("document.getElementById(arguments[0]).scrollIntoView();", section);
      browser.screenshot("summary-375-" + section);
    }
  }
}
