package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Period claims on the map page, against the API: the popup of a covered incident lists the claim
 * with the claimant and figure the API gives, worded from the dictionary of the page's language
 * (English and German), and the event list names exactly the claims the API answers for the days
 * shown. No period claim is a marker.
 */
@Tag("browser")
class PeriodClaimsPageTest {
  private static TestAtlas atlas;
  private Browser browser;

  @BeforeAll
  static void atlas() {
    atlas = TestAtlas.shared();
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private static JsonNode dictionary(String language) throws Exception {
    return TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", language + ".json")));
  }

  /** The dictionary's form for a count: "one" for 1, "other" otherwise (English and German agree). */
  private static String form(JsonNode entry, int count) {
    return entry.isObject() ? entry.get(count == 1 ? "one" : "other").asText() : entry.asText();
  }

  /** A period claim with a fatality figure that covers some incident. */
  private static JsonNode coveringClaim() {
    for (JsonNode c : atlas.json("/api/period-claims").get("period_claims")) {
      if (c.get("fatalities").size() > 0 && c.get("incidents").size() > 0) {
        return c;
      }
    }
    throw new AssertionError("no period claim with a fatality figure covers an incident");
  }

  /** Opens the page at {@code fragment} afresh: a new fragment alone would not load it again. */
  private void open(String fragment) {
    browser.driver.get(atlas.url("/" + fragment));
    browser.driver.navigate().refresh();
    browser.waitLoaded();
  }

  private WebElement popupItem(JsonNode claim, String incident, String language, int width) throws Exception {
    browser = Browser.open(width, 850);
    browser.load(atlas, "/");
    browser.js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
    open("#map=11/40.98/45.55&selected=incidents/" + incident);
    String selector = ".leaflet-popup-content .period-claims li[data-period-claim='" + claim.get("id").asText() + "']";
    return browser.waitFor("the period claim in the popup of " + incident,
        d -> d.findElements(By.cssSelector(selector)).stream().findFirst().orElse(null));
  }

  private void assertPopupShows(JsonNode claim, String language, int width, String screenshot) throws Exception {
    String incident = claim.get("incidents").get(0).asText();
    WebElement item = popupItem(claim, incident, language, width);
    JsonNode words = dictionary(language);
    JsonNode figure = claim.get("fatalities").get(0);
    int count = figure.get("count").asInt();
    String people = form(words.get("periodClaims.people." + figure.get("group").asText() + "." + figure.get("side").asText()), count);
    String text = item.getDomProperty("textContent").replaceAll("\\s+", " ");
    assertTrue(text.contains(figure.get("claimed_by").asText()), text);
    String expected = form(words.get("periodClaims.fatalities"), count).replace("{count}", String.valueOf(count)).replace("{people}", people);
    assertTrue(text.contains(expected), "'" + expected + "' in " + text);
    for (JsonNode admin1 : claim.get("area").get("admin1")) {
      assertTrue(text.contains(admin1.asText()), text);
    }
    WebElement section = browser.driver.findElement(By.cssSelector(".leaflet-popup-content .period-claims"));
    assertEquals(words.get("periodClaims.popupTitle").asText(), section.findElement(By.tagName("h4")).getDomProperty("textContent"));
    assertEquals(words.get("periodClaims.popupNote").asText(), section.findElement(By.className("period-claims-note")).getDomProperty("textContent"));
    browser.js("arguments[0].scrollIntoView({block: 'center'});", section);
    browser.screenshot(screenshot);
  }

  @Test
  void thePopupOfACoveredIncidentListsTheClaimInEnglish() throws Exception {
    JsonNode claim = coveringClaim();
    assertPopupShows(claim, "en", 1280, "period-claims-popup-1280");
    // A period claim is never a point: no served feature of any incident layer carries its id.
    for (String layer : List.of("incidents", "border_clashes")) {
      assertTrue(atlas.ids(layer).stream().noneMatch(id -> id.equals(claim.get("id").asText())), layer);
    }
  }

  @Test
  void thePopupListsTheClaimInGermanOnAPhone() throws Exception {
    assertPopupShows(coveringClaim(), "de", 375, "period-claims-popup-de-375");
  }

  private List<String> listed() {
    List<String> ids = new ArrayList<>();
    for (WebElement li : browser.driver.findElements(By.cssSelector("#events-period-claims li"))) {
      if (!ids.contains(li.getDomAttribute("data-period-claim"))) {
        ids.add(li.getDomAttribute("data-period-claim"));
      }
    }
    return ids;
  }

  @Test
  void theEventListNamesTheClaimsOfTheDaysShown() throws Exception {
    JsonNode claim = coveringClaim();
    String day = claim.get("date_end").asText();
    List<String> expected = new ArrayList<>();
    atlas.json("/api/period-claims?datetime=" + day + "/" + day).get("period_claims").forEach(c -> expected.add(c.get("id").asText()));
    browser = Browser.open(1280, 850);
    browser.load(atlas, "/#map=11/40.98/45.55&datetime=" + day + "/" + day);
    browser.waitFor("the period claims above the list", d -> !listed().isEmpty());
    assertEquals(expected, listed());
    String block = browser.driver.findElement(By.id("events-period-claims")).getDomProperty("textContent");
    assertTrue(block.contains(dictionary("en").get("periodClaims.listTitle").asText()), block);
    assertTrue(block.contains(claim.get("fatalities").get(0).get("claimed_by").asText()), block);
    // A damage figure says what it counts and what the claim says of it, in the page's words.
    JsonNode words = dictionary("en");
    int damage = 0;
    for (JsonNode c : atlas.json("/api/period-claims?datetime=" + day + "/" + day).get("period_claims")) {
      for (JsonNode d : c.get("damage")) {
        int count = d.get("count").asInt();
        String figure = words.get("periodClaims.damage." + d.get("state").asText()).asText().replace("{count}", String.valueOf(count))
            .replace("{object}", form(words.get("periodClaims.object." + d.get("object").asText()), count));
        assertTrue(block.contains(figure), "'" + figure + "' in " + block);
        damage++;
      }
    }
    assertTrue(damage > 0, "a claim of the days shown has damage figures");
    browser.screenshot("period-claims-list-1280");

    // Days after every claim's period, as far as the page lets the days go: the block names what the
    // API answers for the days the list asks for, and is gone when that is nothing.
    String last = new TreeSet<>(atlas.json("/api/period-claims").get("period_claims").findValuesAsText("date_end")).last();
    String after = LocalDate.parse(last).plusDays(1).toString();
    open("#map=11/40.98/45.55&datetime=" + after + "/" + after);
    String query = browser.waitFor("the list's query", d -> (String) browser.js("return document.querySelector('#events').dataset.query;"));
    // Days the page cannot show fall back to all days: then the list's query has no datetime.
    String datetime = query.contains("datetime=") ? "?datetime=" + query.replaceAll(".*[?&]datetime=([^&]*).*", "$1") : "";
    List<String> answered = new ArrayList<>();
    atlas.json("/api/period-claims" + datetime).get("period_claims").forEach(c -> answered.add(c.get("id").asText()));
    browser.waitFor("the block to name " + answered + " for " + datetime, d -> listed().equals(answered)
        && d.findElement(By.id("events-period-claims")).isDisplayed() == !answered.isEmpty());
  }
}
