package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.Reply;
import org.incidentatlas.TestRecords;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Editing from the map where people expect it: sources numbered S1, S2, ... in a new record, a
 * published incident changed from its popup through review, drafts on the editor's map, records
 * of every status found in the review list, and dates in ISO form with their precision.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapEditingTest extends EditingPageTest {
  private static final String DATE = "2020-07-16";
  /** The draft the editor stores in the first test. */
  private static String draftId;

  // ---- the API and the page ----

  /** The form of a new incident at a village, its place picked on the map and confirmed. */
  private WebElement newIncidentAt(JsonNode village) {
    openEditor();
    byId("add-start").click();
    byId("pick-on-map").click();
    clickMapAt(village);
    List<WebElement> offered = browser.waitFor("the nearest settlements", d -> {
      List<WebElement> b = d.findElements(By.cssSelector("#nearby-list button.choice"));
      return b.isEmpty() ? null : b;
    });
    offered.get(0).click();
    browser.waitFor("the confirm step", d -> d.findElement(By.id("place-confirm")).isDisplayed());
    byId("place-confirm-yes").click();
    return form();
  }

  private static void fillSource(WebElement source, String publisher) {
    source.findElement(By.name("publisher")).sendKeys(publisher);
    source.findElement(By.name("date")).sendKeys(DATE);
    source.findElement(By.name("language")).sendKeys("en");
  }

  private WebElement savedResult() {
    return browser.waitFor("the stored record", d -> d.findElement(By.id("add-result")).isDisplayed() ? d.findElement(By.id("add-result")) : null);
  }

  private static List<String> sourceIds(JsonNode record) {
    List<String> ids = new ArrayList<>();
    record.at("/properties/sources").forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void aSecondSourceOfANewIncidentIsS2AndTheRecordIsStored() {
    signIn(editorToken, "Signed in as erin (editor)");
    WebElement form = newIncidentAt(freeVillage(0));
    setValue(form.findElement(By.name("date")), DATE);
    new Select(form.findElement(By.name("event_type"))).selectByValue("shelling");
    fillSource(form.findElement(By.cssSelector("#form-sources .entry")), "First Agency");
    form.findElement(By.cssSelector("#form-sources .add-entry")).click();
    List<WebElement> sources = form.findElements(By.cssSelector("#form-sources .entry"));
    assertEquals(2, sources.size());
    fillSource(sources.get(1), "Second Agency");
    assertEquals(List.of("S1", "S2"), sources.stream().map(s -> s.findElement(By.cssSelector(".entry-id")).getText()).toList());
    // A statement may name either source.
    form.findElement(By.cssSelector("#form-statements .add-entry")).click();
    WebElement statement = form.findElement(By.cssSelector("#form-statements .entry"));
    List<String> choices = new Select(statement.findElement(By.name("source"))).getOptions().stream().map(WebElement::getText).toList();
    assertEquals(List.of("S1 — First Agency", "S2 — Second Agency"), choices);
    new Select(statement.findElement(By.name("source"))).selectByValue("S2");
    statement.findElement(By.name("value")).sendKeys("Armed forces of the other side");
    statement.findElement(By.name("claimed_by")).sendKeys("Ministry of Defence");

    byId("form-submit").click();
    draftId = savedResult().findElement(By.cssSelector(".result-id")).getText();
    JsonNode stored = atlas.api().json(ITEMS + "/" + draftId, editorToken);
    assertEquals(List.of("S1", "S2"), sourceIds(stored));
    assertEquals("Second Agency", stored.at("/properties/sources/1/publisher").asText());
    assertEquals("S2", stored.at("/properties/claims/0/source").asText());
  }

  private boolean listed(String id) {
    return browser.driver.findElements(By.cssSelector("#review-list li.record")).stream().anyMatch(e -> id.equals(e.getDomAttribute("data-id")));
  }

  private void setFilter(String status, boolean on) {
    WebElement box = byId("review").findElement(By.cssSelector(".review-filters input[value=" + status + "]"));
    if (box.isSelected() != on) {
      box.click();
    }
    browser.waitFor("the review list read", d -> !d.findElement(By.id("review-status")).getText().equals("Loading…"));
  }

  private static String publishers(JsonNode popupRecord) {
    List<String> out = new ArrayList<>();
    popupRecord.at("/properties/sources").forEach(s -> out.add(s.get("publisher").asText()));
    return String.join(", ", out);
  }

  @Test
  @Order(2)
  void aDraftIsOnTheEditorsMapInTheDraftStyleAndNotOnThePublicMap() {
    JsonNode stored = atlas.api().json(ITEMS + "/" + draftId, editorToken);
    double lon = stored.at("/geometry/coordinates/0").asDouble();
    double lat = stored.at("/geometry/coordinates/1").asDouble();
    byId("editor-close").click();
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], 13, {animate: false});", lat, lon);
    WebElement marker = browser.waitFor("the draft on the map", d -> d.findElements(By.cssSelector(".draft-marker[data-id='" + draftId + "']"))
        .stream().findFirst().orElse(null));
    assertEquals("draft", marker.findElement(By.cssSelector(".draft-badge")).getText());
    assertTrue(byId("drafts-toggle").isSelected());
    assertTrue(browser.<List<String>>js("return window.atlas.draftIds();").contains(draftId));
    // Not a published incident: the incidents layer does not have it.
    assertFalse(browser.<List<String>>js("return window.atlas.visibleIds('incidents');").contains(draftId));
    browser.screenshot("draft-on-map");
    marker.click();
    WebElement popup = browser.waitFor("the draft's popup", d -> d.findElements(By.cssSelector(".draft-popup")).stream().findFirst().orElse(null));
    assertTrue(popup.getText().contains(draftId), popup.getText());
    // Switched off, it leaves the map.
    byId("drafts-toggle").click();
    browser.waitFor("the draft off the map", d -> d.findElements(By.cssSelector(".draft-marker")).isEmpty());
    byId("drafts-toggle").click();
    browser.waitFor("the draft back", d -> !d.findElements(By.cssSelector(".draft-marker")).isEmpty());

    // The public map has neither the layer nor its switch.
    signOut();
    assertFalse(byId("drafts-toggle").isDisplayed());
    assertTrue(browser.driver.findElements(By.cssSelector(".draft-marker")).isEmpty());
    assertEquals(404, atlas.api().get(ITEMS + "/" + draftId, null).status());
  }

  @Test
  @Order(3)
  void aPublishedIncidentChangedFromItsPopupGoesThroughReviewBeforeThePublicSeesIt() {
    String id = "TT2020-0006";
    JsonNode before = atlas.json(ITEMS + "/" + id);
    int sourcesBefore = before.at("/properties/sources").size();
    signIn(editorToken, "Signed in as erin (editor)");
    WebElement popup = popupOf(id);
    WebElement propose = popup.findElement(By.cssSelector("button[data-action=edit]"));
    assertEquals("Propose a change", propose.getText());
    propose.click();
    WebElement form = form();
    assertEquals("Propose a change to " + id, byId("add-title").getText());
    assertTrue(byId("form-record").getText().contains("stays on the map"), byId("form-record").getText());
    assertEquals(sourcesBefore, form.findElements(By.cssSelector("#form-sources .entry")).size());
    form.findElement(By.cssSelector("#form-sources .add-entry")).click();
    List<WebElement> sources = form.findElements(By.cssSelector("#form-sources .entry"));
    WebElement added = sources.get(sources.size() - 1);
    String newKey = added.findElement(By.cssSelector(".entry-id")).getText();
    assertFalse(sourceIds(before).contains(newKey), newKey + " is taken");
    fillSource(added, "Proposed Gazette");
    form.findElement(By.name("note")).sendKeys("A second report.");
    browser.js("document.getElementById('add-title').scrollIntoView();");
    browser.screenshot("propose-change");
    byId("form-submit").click();
    WebElement result = savedResult();
    assertEquals("in review", result.findElement(By.cssSelector(".result-status")).getText());

    // Before it is published the public still sees the published version.
    JsonNode stillPublic = atlas.json(ITEMS + "/" + id);
    assertEquals(sourcesBefore, stillPublic.at("/properties/sources").size());
    assertEquals(before.at("/properties/version").asInt(), stillPublic.at("/properties/version").asInt());
    JsonNode pending = atlas.api().json(ITEMS + "/" + id, editorToken);
    assertTrue(sourceIds(pending).contains(newKey));
    WebElement listedChange = entry(id);
    assertTrue(listedChange.getText().contains("Change to a published incident"), listedChange.getText());
    signOut();
    WebElement publicPopup = popupOf(id);
    assertFalse(publicPopup.getText().contains("Proposed Gazette"), publicPopup.getText());
    assertTrue(publicPopup.findElements(By.cssSelector("button[data-action=edit]")).isEmpty(), "the public is offered editing");
    browser.driver.findElement(By.cssSelector(".leaflet-popup-close-button")).click();

    // The reviewer publishes it from the review list: now everyone sees the new source.
    signIn(reviewerToken, "Signed in as rita (reviewer)");
    openEditor();
    entry(id).findElement(By.cssSelector("button[data-action=published]")).click();
    browser.waitFor("the change published", d -> atlas.json(ITEMS + "/" + id).at("/properties/sources").size() == sourcesBefore + 1);
    JsonNode after = atlas.json(ITEMS + "/" + id);
    assertTrue(sourceIds(after).contains(newKey));
    byId("editor-close").click();
    signOut();
    WebElement newPopup = popupOf(id);
    browser.waitFor("the new source in the public popup", d -> newPopup.getText().contains("Proposed Gazette") ? true : null);
    assertTrue(publishers(after).contains("Proposed Gazette"));
    browser.driver.findElement(By.cssSelector(".leaflet-popup-close-button")).click();
  }

  @Test
  @Order(4)
  void rejectedAndArchivedRecordsAreFoundWithTheStatusFilters() {
    List<JsonNode> free = BorderSettlements.free(atlas);
    Reply rejected = atlas.api().post(ITEMS, editorToken, TestRecords.shelling(free.get(3), "2020-07-14"));
    String rejectedId = rejected.body().get("id").asText();
    Reply inReview = atlas.api().status(rejectedId, editorToken, rejected.etag(), "in_review", null);
    assertEquals(200, atlas.api().status(rejectedId, reviewerToken, inReview.etag(), "rejected", "no second source").status());
    Reply archived = atlas.api().post(ITEMS, editorToken, TestRecords.shelling(free.get(4), "2020-07-14"));
    String archivedId = archived.body().get("id").asText();
    assertEquals(200, atlas.api().send("DELETE", ITEMS + "/" + archivedId + "?reason=entered%20twice", editorToken, null, null,
        archived.etag()).status());

    signIn(editorToken, "Signed in as erin (editor)");
    openEditor();
    entry(rejectedId);
    assertFalse(listed(archivedId), "archived records are listed before they are asked for");
    setFilter("archived", true);
    WebElement archivedEntry = entry(archivedId);
    assertTrue(archivedEntry.getText().contains("Archived: entered twice"), archivedEntry.getText());
    // Only rejected ones: the others leave the list.
    setFilter("draft", false);
    setFilter("in_review", false);
    setFilter("archived", false);
    browser.waitFor("only rejected records", d -> d.findElements(By.cssSelector("#review-list li.record")).stream()
        .allMatch(e -> "rejected".equals(e.getDomAttribute("data-status"))) && listed(rejectedId));
    assertFalse(listed(archivedId));
    setFilter("archived", true);
    archivedEntry = entry(archivedId);
    browser.js("arguments[0].scrollIntoView();", byId("review"));
    browser.screenshot("review-filters");
    archivedEntry.findElement(By.cssSelector("button[data-action=history]")).click();
    WebElement history = browser.waitFor("the history dialog", d -> d.findElement(By.id("history")).isDisplayed() ? d.findElement(By.id("history")) : null);
    browser.waitFor("the archived version listed", d -> history.getText().contains("entered twice") ? true : null);
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.waitFor("the history closed", d -> !d.findElement(By.id("history")).isDisplayed());
    for (String status : List.of("draft", "in_review")) {
      setFilter(status, true);
    }
    setFilter("archived", false);
  }

  @Test
  @Order(5)
  void theDateTakesAnIsoDayWithItsPrecisionAndARangeHasItsEnd() {
    WebElement form = newIncidentAt(freeVillage(1));
    WebElement date = form.findElement(By.name("date"));
    assertEquals("text", date.getDomAttribute("type"));
    assertEquals("YYYY-MM-DD", date.getDomAttribute("placeholder"));
    assertFalse(form.findElement(By.name("date_end")).isDisplayed(), "an end date for one day");
    new Select(form.findElement(By.name("date_precision"))).selectByValue("range");
    WebElement end = form.findElement(By.name("date_end"));
    assertTrue(end.isDisplayed());
    date.sendKeys("2020-07-12");
    end.sendKeys("2020-07-14");
    new Select(form.findElement(By.name("event_type"))).selectByValue("armed_clash");
    fillSource(form.findElement(By.cssSelector("#form-sources .entry")), "Range Agency");
    browser.js("document.getElementById('form-title').scrollIntoView();");
    browser.screenshot("edit-form-dates");

    // A date the server cannot read is refused beside the field.
    end.clear();
    end.sendKeys("14.07.2020");
    byId("form-submit").click();
    browser.waitFor("the error beside the end date", d -> "true".equals(end.getDomAttribute("aria-invalid")) ? true : null);
    end.clear();
    end.sendKeys("2020-07-14");
    byId("form-submit").click();
    String id = savedResult().findElement(By.cssSelector(".result-id")).getText();
    JsonNode stored = atlas.api().json(ITEMS + "/" + id, editorToken);
    assertEquals("2020-07-12", stored.at("/properties/date").asText());
    assertEquals("2020-07-14", stored.at("/properties/date_end").asText());
    assertEquals("range", stored.at("/properties/date_precision").asText());

    // Opened again, the form shows what was stored.
    entry(id).findElement(By.cssSelector("button[data-action=edit]")).click();
    WebElement again = form();
    browser.waitFor("the stored range in the form", d -> "range".equals(again.findElement(By.name("date_precision")).getDomProperty("value")) ? true : null);
    assertEquals("2020-07-14", again.findElement(By.name("date_end")).getDomProperty("value"));
  }

  @Test
  @Order(6)
  void onAPhoneTheDateFieldsAndTheirPrecisionFit() {
    try (Browser phone = Browser.open(375, 812)) {
      phone.load(atlas, "/");
      phone.js("sessionStorage.setItem('incident-atlas.token', arguments[0]);", editorToken);
      phone.load(atlas, "/");
      phone.waitFor("the edit toggle", d -> d.findElement(By.id("editor-toggle")).isDisplayed());
      phone.driver.findElement(By.id("editor-toggle")).click();
      phone.waitFor("the records list", d -> d.findElement(By.id("review")).isDisplayed());
      phone.js("document.querySelector('#review-list button[data-action=edit]').click();");
      WebElement form = phone.waitFor("the form", d -> d.findElement(By.id("incident-form")).isDisplayed() ? d.findElement(By.id("incident-form")) : null);
      new Select(form.findElement(By.name("date_precision"))).selectByValue("range");
      phone.js("document.getElementById('form-title').scrollIntoView();");
      WebElement end = form.findElement(By.name("date_end"));
      long right = phone.<Number>js("return Math.round(arguments[0].getBoundingClientRect().right);", end).longValue();
      assertTrue(right <= 375, "the end date runs off a phone's screen: " + right);
      phone.screenshot("edit-form-dates-375");
    }
  }
}
