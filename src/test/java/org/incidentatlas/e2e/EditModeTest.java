package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * Edit mode on the map page, in headless Chromium against a private atlas with its own users: an
 * editor signs in with a token, adds an incident by clicking the map at a village and choosing the
 * settlement offered, and submits it for review; a reviewer publishes it from the review list; an
 * anonymous reader then finds it on the map. What the page shows is checked against the API.
 *
 * <p>The tests share one page and run in order.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditModeTest extends EditingPageTest {
  private static final String DATE = "2020-07-16";
  /** Of a saved copy of the report: any 64 hex digits, since the server stores it as given. */
  private static final String SAVED_COPY_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** The incident the editor adds and the reviewer publishes. */
  private static String addedId;
  private static JsonNode village;

  // ---- the API and the page ----

  /** Every record the editors can see, whatever its status. */
  private JsonNode allRecords() {
    return atlas.api().json("/api/records?status=draft,in_review,published,rejected,archived&limit=1000", editorToken).get("records");
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void anAnonymousReaderSeesTheSignInControlAndNothingOfEditing() {
    assertTrue(byId("sign-in-toggle").isDisplayed());
    assertEquals("Sign in", byId("sign-in-toggle").getText());
    for (String id : List.of("editor", "editor-toggle", "account-status", "pick-banner", "sign-in-form")) {
      assertFalse(byId(id).isDisplayed(), id + " is shown to an anonymous reader");
    }
  }

  @Test
  @Order(2)
  void aWrongTokenIsRefusedWithTheServersReason() {
    byId("sign-in-toggle").click();
    byId("token-input").sendKeys("atlas_" + "x".repeat(43), Keys.ENTER);
    WebElement error = browser.waitFor("the refusal", d -> {
      WebElement e = d.findElement(By.id("sign-in-error"));
      return e.getText().startsWith("The token was not accepted") ? e : null;
    });
    assertTrue(error.getText().contains("unknown or revoked"), error.getText());
    assertFalse(byId("account-status").isDisplayed());
    assertNull(browser.js("return sessionStorage.getItem('incident-atlas.token');"));
    byId("sign-in-cancel").click();
    assertFalse(byId("sign-in-form").isDisplayed());
  }

  @Test
  @Order(3)
  void anEditorAddsAnIncidentByClickingTheMapAtAVillageAndSubmitsItForReview() {
    village = freeVillage(0);
    String name = village.at("/properties/name").asText();
    String villageId = village.get("id").asText();
    assertFalse(atlas.ids("shelled_villages").contains(villageId));

    signIn(editorToken, "Signed in as erin (editor)");
    // The token stays in this tab: not in localStorage, not in the address.
    assertEquals(editorToken, browser.js("return sessionStorage.getItem('incident-atlas.token');"));
    assertEquals(List.of(), browser.js("return Object.keys(localStorage).filter(k => localStorage.getItem(k).includes('atlas_'));"));
    assertFalse(browser.driver.getCurrentUrl().contains(editorToken));

    openEditor();
    byId("add-start").click();
    byId("pick-on-map").click();
    assertTrue(byId("pick-banner").isDisplayed(), "no instructions while picking a point");
    clickMapAt(village);
    assertFalse(browser.driver.findElements(By.cssSelector(".leaflet-editing-pane .pick-marker")).isEmpty(), "no marker at the picked point");
    assertFalse(byId("pick-banner").isDisplayed());

    // The nearest settlements, nearest first, each with its district and distance.
    List<WebElement> offered = browser.waitFor("the nearest settlements", d -> {
      List<WebElement> b = d.findElements(By.cssSelector("#nearby-list button.choice"));
      return b.isEmpty() ? null : b;
    });
    String first = normalise(offered.get(0).getText());
    String district = village.at("/properties/admin2").isNull() ? village.at("/properties/admin1").asText()
        : village.at("/properties/admin2").asText();
    assertTrue(first.startsWith(name) && first.contains(district) && first.contains("m from the point"), first);
    List<Double> distances = new ArrayList<>();
    for (WebElement b : offered) {
      String d = b.findElement(By.cssSelector(".distance")).getText().replace(",", "");
      double value = Double.parseDouble(d.replaceAll("[^0-9.]", ""));
      distances.add(d.contains(" km") ? value * 1000 : value);
    }
    assertEquals(distances.stream().sorted().toList(), distances, "not sorted by distance");
    offered.get(0).click();

    // The choice is confirmed: place, district and country.
    WebElement confirm = browser.waitFor("the confirm step", d -> d.findElement(By.id("place-confirm")).isDisplayed()
        ? d.findElement(By.id("place-confirm")) : null);
    String details = normalise(confirm.getText());
    String country = village.at("/properties/country").asText().equals("AM") ? "Armenia" : "Azerbaijan";
    assertTrue(details.contains(name) && details.contains(district) && details.contains(country) && details.contains(villageId), details);
    byId("place-confirm-yes").click();

    WebElement form = form();
    assertTrue(byId("form-place").getText().startsWith(name), byId("form-place").getText());
    setValue(form.findElement(By.name("date")), DATE);
    new Select(form.findElement(By.name("event_type"))).selectByValue("shelling");
    form.findElement(By.name("notes")).sendKeys("Shelling reported in the afternoon.");
    WebElement source = form.findElement(By.cssSelector("#form-sources .entry"));
    source.findElement(By.name("publisher")).sendKeys("Example Agency");
    source.findElement(By.name("date")).sendKeys(DATE);
    source.findElement(By.name("url")).sendKeys("https://example.org/report");
    source.findElement(By.name("archive_url")).sendKeys("https://archive.example.org/report");
    source.findElement(By.name("sha256")).sendKeys(SAVED_COPY_SHA256);
    source.findElement(By.name("language")).sendKeys("en");
    source.findElement(By.name("quote")).sendKeys("The village came under artillery fire.");
    form.findElement(By.cssSelector("#form-figures .add-entry")).click();
    WebElement figure = form.findElement(By.cssSelector("#form-figures .entry"));
    new Select(figure.findElement(By.name("kind"))).selectByValue("injuries");
    new Select(figure.findElement(By.name("group"))).selectByValue("civilian");
    new Select(figure.findElement(By.name("side"))).selectByValue(village.at("/properties/country").asText());
    figure.findElement(By.name("count")).sendKeys("2");
    figure.findElement(By.name("claimed_by")).sendKeys("Ministry of Defence");
    assertEquals("S1 — Example Agency", new Select(figure.findElement(By.name("source"))).getFirstSelectedOption().getText());
    form.findElement(By.cssSelector("#form-statements .add-entry")).click();
    WebElement statement = form.findElement(By.cssSelector("#form-statements .entry"));
    statement.findElement(By.name("value")).sendKeys("Armed forces of the other side");
    statement.findElement(By.name("claimed_by")).sendKeys("Ministry of Defence");
    browser.js("document.getElementById('incident-form').scrollIntoView();");
    browser.screenshot("edit-form");

    int recordsBefore = allRecords().size();
    byId("form-submit").click();
    WebElement result = browser.waitFor("the stored draft", d -> d.findElement(By.id("add-result")).isDisplayed() ? d.findElement(By.id("add-result")) : null);
    addedId = result.findElement(By.cssSelector(".result-id")).getText();
    assertEquals("draft", result.findElement(By.cssSelector(".result-status")).getText());
    String placeShown = result.findElement(By.cssSelector(".result-place")).getText();
    assertTrue(placeShown.startsWith(name + " (") && placeShown.contains(district), placeShown);
    assertEquals(recordsBefore + 1, allRecords().size());

    // What the page shows is what the server stored, possible duplicates included.
    JsonNode stored = atlas.api().json(ITEMS + "/" + addedId, editorToken);
    assertEquals("draft", stored.at("/properties/status").asText());
    assertEquals(villageId, stored.at("/properties/place_id").asText());
    assertEquals("shelling", stored.at("/properties/event_type").asText());
    assertEquals(DATE, stored.at("/properties/date").asText());
    assertEquals("https://archive.example.org/report", stored.at("/properties/sources/0/archive_url").asText());
    assertEquals(SAVED_COPY_SHA256, stored.at("/properties/sources/0/sha256").asText());
    assertEquals(2, stored.at("/properties/injuries/0/count").asInt());
    assertEquals("civilian", stored.at("/properties/injuries/0/group").asText());
    assertEquals("S1", stored.at("/properties/injuries/0/source").asText());
    assertEquals("responsibility", stored.at("/properties/claims/0/about").asText());
    assertEquals(village.at("/geometry/coordinates/0").asDouble(), stored.at("/geometry/coordinates/0").asDouble(), 2e-4);
    assertEquals(village.at("/geometry/coordinates/1").asDouble(), stored.at("/geometry/coordinates/1").asDouble(), 2e-4);
    List<String> duplicates = new ArrayList<>();
    stored.at("/properties/possible_duplicates").forEach(dup -> duplicates.add(dup.get("id").asText() + " — " + dup.get("reason").asText()));
    List<String> shown = result.findElements(By.cssSelector(".duplicates li")).stream().map(e -> normalise(e.getText())).toList();
    assertEquals(duplicates, shown);
    assertTrue(normalise(byId("add-result-duplicates").getText()).startsWith("Possible duplicates: " + duplicates.size()));

    byId("add-result-review").click();
    browser.waitFor("the status in review", d -> "in review".equals(browser.js("return document.querySelector('#add-result .result-status').textContent;")));
    assertEquals("in_review", atlas.api().json(ITEMS + "/" + addedId, editorToken).at("/properties/status").asText());
    assertFalse(atlas.ids("incidents").contains(addedId), "a record in review is on the public layer");

    signOut();
    assertNull(browser.js("return sessionStorage.getItem('incident-atlas.token');"));
    assertFalse(byId("editor").isDisplayed(), "the edit panel stays after signing out");
    assertFalse(byId("editor-toggle").isDisplayed());
  }

  @Test
  @Order(4)
  void aReviewerPublishesItFromTheReviewListAndTheMapShowsIt() {
    assertNotNull(addedId, "the editor's test did not run");
    signIn(reviewerToken, "Signed in as rita (reviewer)");
    openEditor();
    WebElement entry = browser.waitFor("the record in the review list", d -> d.findElements(By.cssSelector("#review-list li.record"))
        .stream().filter(e -> addedId.equals(e.getDomAttribute("data-id"))).findFirst().orElse(null));
    String text = normalise(entry.getText());
    for (String part : List.of(addedId, "16 Jul 2020", "Shelling", village.at("/properties/name").asText(), "in review", "erin")) {
      assertTrue(text.contains(part), "'" + part + "' not in " + text);
    }
    // The list holds what the API lists, no more and no less.
    Set<String> listed = new TreeSet<>();
    atlas.api().json("/api/records?status=draft,in_review,rejected", reviewerToken).get("records")
        .forEach(r -> listed.add(r.get("id").asText()));
    Set<String> onPage = new TreeSet<>();
    browser.driver.findElements(By.cssSelector("#review-list li.record")).forEach(e -> onPage.add(e.getDomAttribute("data-id")));
    assertEquals(listed, onPage);
    assertFalse(entry.findElements(By.cssSelector("button[data-action=rejected]")).isEmpty(), "no Reject for a reviewer");
    browser.js("arguments[0].scrollIntoView();", entry);
    browser.screenshot("review-list");

    long before = atlas.json(ITEMS + "?limit=1").get("numberMatched").asLong();
    entry.findElement(By.cssSelector("button[data-action=published]")).click();
    browser.waitFor("the message that it is published", d -> d.findElement(By.id("review-status")).getText()
        .equals(addedId + " is published and on the map."));
    assertTrue(browser.driver.findElements(By.cssSelector("#review-list li.record[data-id='" + addedId + "']")).isEmpty());
    assertEquals("published", atlas.json(ITEMS + "/" + addedId).at("/properties/status").asText());
    long total = atlas.json(ITEMS + "?limit=1").get("numberMatched").asLong();
    assertEquals(before + 1, total);
    signOut();

    // Anonymous, on the same page: the layer was read again, and the new incident is on the map.
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], 13, {animate: false});",
        village.at("/geometry/coordinates/1").asDouble(), village.at("/geometry/coordinates/0").asDouble());
    browser.waitFor("the new incident on the map", d -> {
      List<String> visible = browser.js("return window.atlas.visibleIds('incidents');");
      return visible.contains(addedId);
    });
    browser.waitFor("the count of incidents", d -> d.findElement(By.id("filter-count")).getText().endsWith(" of " + total + " incidents shown"));
    String panelCount = browser.driver.findElement(By.cssSelector("#incident-layers li:first-child .count")).getText();
    assertEquals(atlas.json("/api/collections/incidents").get("featureCount").asLong() + " features", panelCount.replace(",", ""));

    // Its popup, reached by searching its id as a reader would.
    WebElement search = byId("search-input");
    search.sendKeys(addedId);
    browser.waitFor("the incident in the search results", d -> d.findElements(By.cssSelector("#search-results [role=option]"))
        .stream().anyMatch(o -> o.getText().contains(addedId)));
    search.sendKeys(Keys.ENTER);
    WebElement popup = browser.waitFor("the incident's popup", d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
        .stream().filter(e -> e.getText().equals(addedId)).findFirst().orElse(null));
    assertNotNull(popup);
    String content = normalise(byId("map").findElement(By.cssSelector(".leaflet-popup-content")).getDomProperty("textContent"));
    assertTrue(content.contains("Shelling — " + village.at("/properties/name").asText()) && content.contains("Example Agency"), content);

    // The village has become a shelled village, and the map's layer says so too.
    String villageId = village.get("id").asText();
    assertTrue(atlas.ids("shelled_villages").contains(villageId), "the village is not in shelled_villages");
    browser.waitFor("the village among the shelled villages on the map", d -> {
      List<String> visible = browser.js("return window.atlas.visibleIds('shelled_villages');");
      return visible.contains(villageId);
    });
  }

  @Test
  @Order(5)
  void aFieldErrorOfTheServerShowsNextToItsFieldAndNothingIsStored() {
    signIn(editorToken, "Signed in as erin (editor)");
    // The tab keeps the sign-in over a reload.
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    browser.waitFor("the sign-in kept", d -> d.findElement(By.id("account-name")).getText().equals("Signed in as erin (editor)"));
    openEditor();
    if (!byId("add-start").isDisplayed()) {
      byId("add-result-again").click();
    } else {
      byId("add-start").click();
    }
    // The place through the gazetteer: an ambiguous name lists its candidates, and nothing is
    // chosen until the user chooses and confirms.
    WebElement input = byId("place-search");
    input.sendKeys("Agdam");
    WebElement notice = browser.waitFor("the ambiguity notice", d -> d.findElements(By.cssSelector("#place-results .ambiguous"))
        .stream().findFirst().orElse(null));
    assertTrue(notice.getText().matches("Several places match “Agdam”, up to [0-9,.]+ km apart — choose one:"), notice.getText());
    List<String> candidates = browser.driver.findElements(By.cssSelector("#place-results [role=option]")).stream()
        .map(o -> normalise(o.getText())).toList();
    assertTrue(candidates.stream().anyMatch(c -> c.startsWith("Ağdam") && c.contains("Tovuz District") && c.contains("km from the map centre")),
        candidates.toString());
    assertTrue(candidates.stream().filter(c -> c.startsWith("Ağdam")).count() >= 2, candidates.toString());
    browser.screenshot("edit-place-search");
    assertTrue(candidates.stream().noneMatch(c -> c.contains("TT2020")), "incidents offered as places: " + candidates);
    input.sendKeys(Keys.ENTER);
    assertTrue(byId("place-results").isDisplayed(), "Enter picked a candidate by itself");
    assertFalse(byId("place-confirm").isDisplayed());
    browser.driver.findElements(By.cssSelector("#place-results [role=option]")).stream()
        .filter(o -> o.getText().startsWith("Ağdam") && o.getText().contains("Tovuz")).findFirst().orElseThrow().click();
    String details = normalise(browser.waitFor("the confirm step", d -> d.findElement(By.id("place-confirm")).isDisplayed()
        ? d.findElement(By.id("place-confirm")) : null).getText());
    assertTrue(details.contains("Ağdam") && details.contains("Tovuz District") && details.contains("Azerbaijan")
        && details.contains("supplement:agdam-tovuz"), details);
    byId("place-confirm-yes").click();

    // A source without its publisher.
    WebElement form = form();
    setValue(form.findElement(By.name("date")), "2020-07-14");
    new Select(form.findElement(By.name("event_type"))).selectByValue("shelling");
    WebElement source = form.findElement(By.cssSelector("#form-sources .entry"));
    source.findElement(By.name("url")).sendKeys("https://example.org/without-publisher");
    source.findElement(By.name("language")).sendKeys("en");
    int recordsBefore = allRecords().size();
    long incidentsBefore = atlas.json(ITEMS + "?limit=1").get("numberMatched").asLong();
    byId("form-submit").click();

    WebElement publisher = source.findElement(By.name("publisher"));
    browser.waitFor("the publisher marked invalid", d -> "true".equals(publisher.getDomAttribute("aria-invalid")));
    WebElement error = browser.driver.findElement(By.id(publisher.getDomAttribute("aria-describedby")));
    // Next to the field: right after the label that holds the input.
    assertEquals(error, browser.js("return arguments[0].closest('label').nextElementSibling;", publisher));
    assertEquals(serverMessage("properties.sources[0].publisher"), error.getText());
    assertEquals(1, form.findElements(By.cssSelector(".field-error")).size(), "errors shown: "
        + form.findElements(By.cssSelector(".field-error")).stream().map(WebElement::getText).toList());
    assertTrue(byId("form-errors").getText().startsWith("The record was not stored: 1 problem"), byId("form-errors").getText());
    browser.screenshot("edit-error");
    assertEquals(publisher, browser.driver.switchTo().activeElement(), "the invalid field has not the focus");
    assertEquals(recordsBefore, allRecords().size(), "a record was stored");
    assertEquals(incidentsBefore, atlas.json(ITEMS + "?limit=1").get("numberMatched").asLong());

    // Put right, it is stored.
    publisher.sendKeys("Example Agency");
    byId("form-submit").click();
    browser.waitFor("the stored draft", d -> d.findElement(By.id("add-result")).isDisplayed());
    assertEquals(recordsBefore + 1, allRecords().size());
    assertEquals("supplement:agdam-tovuz", atlas.api().json(ITEMS + "/" + byId("add-result").findElement(By.cssSelector(".result-id")).getText(),
        editorToken).at("/properties/place_id").asText());
  }

  /** What the server says about a field of the same record sent straight to the API. */
  private String serverMessage(String field) {
    ObjectNode f = TestAtlas.JSON.createObjectNode().put("type", "Feature");
    f.putObject("geometry").put("type", "Point").putArray("coordinates").add(45.55639).add(40.90528);
    ObjectNode p = f.putObject("properties").put("date", "2020-07-14").put("event_type", "shelling")
        .put("place_id", "supplement:agdam-tovuz").put("location_precision", "near");
    p.putArray("sources").addObject().put("id", "S1").put("url", "https://example.org/without-publisher").put("language", "en");
    Reply r = atlas.api().post(ITEMS, editorToken, f);
    assertEquals(400, r.status(), r.raw().body());
    for (JsonNode e : r.body().get("errors")) {
      if (e.get("field").asText().equals(field)) {
        return e.get("message").asText();
      }
    }
    throw new AssertionError("the server names no error of " + field + ": " + r.raw().body());
  }

  @Test
  @Order(6)
  void germanTranslatesEditMode() {
    new Select(byId("language")).selectByValue("de");
    browser.waitFor("German in the edit panel", d -> d.findElement(By.id("review-title")).getText().equals("Datensätze in Arbeit"));
    assertEquals("Angemeldet als erin (Redakteur/in)", byId("account-name").getText());
    assertEquals("Abmelden", byId("sign-out").getText());
    new Select(byId("language")).selectByValue("en");
    browser.waitFor("English again", d -> d.findElement(By.id("review-title")).getText().equals("Records in progress"));
  }

  @Test
  @Order(7)
  void onAPhoneTheSignInAndTheEditPanelAreReachableAndNamed() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      phone.driver.findElement(By.id("sign-in-toggle")).click();
      WebElement token = phone.driver.findElement(By.id("token-input"));
      token.sendKeys(editorToken);
      long tokenRight = ((Number) phone.js("return Math.round(document.getElementById('sign-in-form').getBoundingClientRect().right);")).longValue();
      assertTrue(token.isDisplayed() && tokenRight <= 375, "the sign-in form reaches beyond the screen: " + tokenRight);
      phone.screenshot("sign-in-phone");
      token.sendKeys(Keys.ENTER);
      phone.waitFor("signed in", d -> d.findElement(By.id("account-name")).getText().equals("Signed in as erin (editor)"));
      phone.driver.findElement(By.id("editor-toggle")).click();
      phone.waitFor("the edit panel", d -> d.findElement(By.id("editor")).isDisplayed());
      WebElement editor = phone.driver.findElement(By.id("editor"));
      List<Number> edges = phone.js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", editor);
      assertEquals(List.of(0L, 375L), edges.stream().map(n -> Math.round(n.doubleValue())).toList(), "the edit panel does not fill the phone's width");
      assertFalse(phone.driver.findElement(By.id("panel")).isDisplayed(), "both drawers open at once");

      phone.driver.findElement(By.id("add-start")).click();
      phone.driver.findElement(By.id("pick-on-map")).click();
      // Picking needs the map: the panel makes way, the banner says what to do.
      phone.waitFor("the panel to make way", d -> !editor.isDisplayed());
      assertTrue(phone.driver.findElement(By.id("pick-banner")).isDisplayed());
      phone.screenshot("edit-phone-pick");
      phone.js("window.atlas.map.setView([arguments[0], arguments[1]], 14, {animate: false});",
          village.at("/geometry/coordinates/1").asDouble(), village.at("/geometry/coordinates/0").asDouble());
      phone.driver.findElement(By.id("pick-centre")).click();
      phone.waitFor("the panel back", d -> editor.isDisplayed());
      WebElement choice = phone.waitFor("the nearest settlements", d -> d.findElements(By.cssSelector("#nearby-list button.choice"))
          .stream().findFirst().orElse(null));
      choice.click();
      phone.waitFor("the confirm step", d -> d.findElement(By.id("place-confirm-yes")).isDisplayed());
      phone.driver.findElement(By.id("place-confirm-yes")).click();
      phone.waitFor("the form", d -> d.findElement(By.id("incident-form")).isDisplayed());
      for (String selector : List.of("#incident-form [name=date]", "#form-sources [name=publisher]", "#form-figures .add-entry", "#form-submit")) {
        WebElement e = phone.driver.findElement(By.cssSelector(selector));
        phone.js("arguments[0].scrollIntoView({block: 'center'});", e);
        long eRight = ((Number) phone.js("return Math.round(arguments[0].getBoundingClientRect().right);", e)).longValue();
        assertTrue(e.isDisplayed() && eRight <= 375, selector + " is not reachable: right edge at " + eRight);
      }
      phone.js("document.querySelector('#incident-form').scrollIntoView();");
      phone.screenshot("edit-phone");
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is wider than the phone: " + width + " px");

      List<String> unnamed = phone.js("""
          return [...document.querySelectorAll('input, select, textarea, button, a[href], [role=combobox]')]
            .filter(e => !e.closest('.leaflet-marker-pane, .leaflet-popup-pane, .leaflet-control-attribution'))
            .filter(e => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.labels && e.labels.length)
              || e.textContent.trim() || e.getAttribute('title')))
            .map(e => e.outerHTML.slice(0, 120));""");
      assertEquals(List.of(), unnamed, "controls without an accessible name");
    }
  }

  @Test
  @Order(8)
  void thePageStayedHomeAndLoggedOnlyTheRefusalsItWasShown() {
    List<String> urls = browser.js("return performance.getEntriesByType('resource').map(e => e.name);");
    assertEquals(List.of(), urls.stream().filter(u -> !u.startsWith(atlas.url("/"))).toList(), "requests to other hosts");
    List<LogEntry> entries = browser.driver.manage().logs().get(LogType.BROWSER).getAll();
    // The browser logs every refused request: the wrong token (401) and the record without publisher (400).
    List<String> unexpected = entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !(m.contains("/api/me") && m.contains("status of 401")) && !(m.contains(ITEMS) && m.contains("status of 400")))
        .toList();
    assertEquals(List.of(), unexpected, "SEVERE console messages");
    String enc = URLEncoder.encode(editorToken, StandardCharsets.UTF_8);
    assertTrue(urls.stream().noneMatch(u -> u.contains(editorToken) || u.contains(enc)), "a token in a requested address");
  }
}
