package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Changing stored records on the map page, in headless Chromium against a private atlas: an
 * editor changes a draft and a rejected record from the review list, a change made meanwhile by
 * someone else is never overwritten, a reviewer publishes an incident dated outside the
 * timeline's days, archives a published incident from its popup and merges two duplicates, and
 * anyone reads a published incident's history and a past version. Every step is checked against
 * the server's state through the API.
 *
 * <p>The tests share one page and run in order.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordEditingTest extends EditingPageTest {
  /** The draft the editor changes in the first tests. */
  private static String draftId;
  /** The incident published outside the timeline's days, then archived. */
  private static String lateId;

  // ---- the API ----

  /** A move through review that must succeed. */
  private Reply status(String id, String token, String etag, String status, String reason) {
    Reply r = atlas.api().status(id, token, etag, status, reason);
    assertTrue(r.status() / 100 == 2, r.status() + ": " + r.body());
    return r;
  }

  /** A shelling record at a settlement, with fields the map's form has no input for (sub-type, parties, an archive copy). */
  private static ObjectNode shelling(JsonNode settlement, String date) {
    ObjectNode f = TestRecords.shelling(settlement, date);
    ObjectNode p = ((ObjectNode) f.get("properties")).put("sub_type", "artillery").put("notes", "First report.");
    p.putArray("actors").addObject().put("name", "Armed Forces").put("side", settlement.at("/properties/country").asText().equals("AM") ? "AZ" : "AM")
        .put("role", "actor1");
    ((ObjectNode) p.at("/sources/0")).put("archive_url", "https://archive.example.org/report");
    return f;
  }

  private Reply create(JsonNode record) {
    Reply r = atlas.api().post(ITEMS, editorToken, record);
    assertEquals(201, r.status(), String.valueOf(r.body()));
    return r;
  }

  private List<String> changedIn(String id, int version) {
    List<String> changed = new ArrayList<>();
    atlas.api().get(ITEMS + "/" + id + "/history", editorToken).body().at("/versions/" + (version - 1) + "/changed")
        .forEach(c -> changed.add(c.asText()));
    return changed;
  }

  // ---- the page ----

  private static void replaceText(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void anEditorChangesADraftFromTheReviewListAndOnlyWhatWasChangedIsStored() {
    List<JsonNode> free = BorderSettlements.free(atlas);
    Reply created = create(shelling(free.get(0), "2020-07-15"));
    draftId = created.body().get("id").asText();

    signIn(editorToken, "Signed in as erin (editor)");
    openEditor();
    entry(draftId).findElement(By.cssSelector("button[data-action=edit]")).click();
    WebElement form = form();
    // The form holds the record as stored.
    assertEquals("2020-07-15", form.findElement(By.name("date")).getDomProperty("value"));
    assertEquals("shelling", form.findElement(By.name("event_type")).getDomProperty("value"));
    assertEquals("First report.", form.findElement(By.name("notes")).getDomProperty("value"));
    WebElement source = form.findElement(By.cssSelector("#form-sources .entry"));
    assertEquals("Example Agency", source.findElement(By.name("publisher")).getDomProperty("value"));
    assertEquals("S1", source.findElement(By.cssSelector(".entry-id")).getText());
    WebElement figure = form.findElement(By.cssSelector("#form-figures .entry"));
    assertEquals("1", figure.findElement(By.name("count")).getDomProperty("value"));
    assertEquals("Change " + draftId, byId("add-title").getText());
    assertTrue(byId("form-record").getText().contains(draftId + ", version 1"), byId("form-record").getText());
    assertTrue(byId("form-place").getText().startsWith(free.get(0).at("/properties/name").asText()), byId("form-place").getText());
    assertEquals("Save changes", byId("form-submit").getText());
    browser.js("document.getElementById('add-incident').scrollIntoView();");
    browser.screenshot("edit-stored-record");

    replaceText(form.findElement(By.name("notes")), "Corrected after a second report.");
    replaceText(figure.findElement(By.name("count")), "2");
    byId("form-submit").click();
    WebElement result = browser.waitFor("the saved record", d -> d.findElement(By.id("add-result")).isDisplayed() ? d.findElement(By.id("add-result")) : null);
    assertEquals(draftId, result.findElement(By.cssSelector(".result-id")).getText());
    assertEquals("Saved as version 2", byId("add-result-title").getText());

    // Stored: the two changes, and nothing else; what the form has no input for is kept.
    JsonNode stored = atlas.api().get(ITEMS + "/" + draftId, editorToken).body();
    assertEquals(2, stored.at("/properties/version").asInt());
    assertEquals("Corrected after a second report.", stored.at("/properties/notes").asText());
    assertEquals(2, stored.at("/properties/fatalities/0/count").asInt());
    assertEquals("artillery", stored.at("/properties/sub_type").asText());
    assertEquals("Armed Forces", stored.at("/properties/actors/0/name").asText());
    assertEquals("https://archive.example.org/report", stored.at("/properties/sources/0/archive_url").asText());
    assertEquals(List.of("fatalities", "notes"), changedIn(draftId, 2).stream().sorted().toList());
  }

  @Test
  @Order(2)
  void aChangeMadeMeanwhileBySomeoneElseIsNeverOverwritten() {
    entry(draftId).findElement(By.cssSelector("button[data-action=edit]")).click();
    WebElement form = form();
    browser.waitFor("version 2 in the form", d -> d.findElement(By.id("form-record")).getText().contains("version 2"));
    WebElement notes = form.findElement(By.name("notes"));
    replaceText(notes, "My reading of the reports.");
    // Someone else changes the record through the API between loading and saving.
    Reply theirs = atlas.api().patch(draftId, editorToken, "\"v2\"", TestRecords.notes("Their reading of the reports."));
    assertEquals(200, theirs.status(), String.valueOf(theirs.body()));

    byId("form-submit").click();
    WebElement errors = browser.waitFor("the message that it was changed", d -> d.findElement(By.id("form-errors")).isDisplayed()
        ? d.findElement(By.id("form-errors")) : null);
    String text = normalise(errors.getText());
    assertTrue(text.startsWith("Not saved: someone else changed " + draftId + " since you opened it."), text);
    // The server's own words follow.
    assertTrue(text.contains("is at version 3"), text);
    assertEquals("My reading of the reports.", notes.getDomProperty("value"), "what the user typed is lost");
    assertTrue(form.isDisplayed());
    browser.js("document.getElementById('form-errors').scrollIntoView();");
    browser.screenshot("edit-stale");

    // Nothing of the stale change was stored.
    JsonNode stored = atlas.api().get(ITEMS + "/" + draftId, editorToken).body();
    assertEquals(3, stored.at("/properties/version").asInt());
    assertEquals("Their reading of the reports.", stored.at("/properties/notes").asText());
    assertEquals(3, atlas.api().get(ITEMS + "/" + draftId + "/history", editorToken).body().get("versions").size());

    // On request, the current version replaces what was typed.
    WebElement load = errors.findElement(By.tagName("button"));
    assertEquals("Load the current version of " + draftId, load.getDomAttribute("aria-label"));
    load.click();
    browser.waitFor("the current version in the form", d -> "Their reading of the reports."
        .equals(d.findElement(By.name("notes")).getDomProperty("value")) && d.findElement(By.id("form-record")).getText().contains("version 3"));
    byId("form-cancel").click();
  }

  @Test
  @Order(3)
  void aRejectedRecordIsListedWithItsReasonAndSavingItMakesItADraftAgain() {
    Reply created = create(shelling(BorderSettlements.free(atlas).get(1), "2020-07-14"));
    String id = created.body().get("id").asText();
    Reply inReview = status(id, editorToken, created.etag(), "in_review", null);
    status(id, reviewerToken, inReview.etag(), "rejected", "needs a second source");

    WebElement rejected = entry(id);
    assertTrue(normalise(rejected.getText()).contains("Rejected: needs a second source"), rejected.getText());
    rejected.findElement(By.cssSelector("button[data-action=edit]")).click();
    WebElement form = form();
    browser.waitFor("the rejection in the form", d -> d.findElement(By.id("form-record")).getText().contains("Rejected: needs a second source"));
    form.findElement(By.cssSelector("#form-sources .add-entry")).click();
    WebElement second = form.findElements(By.cssSelector("#form-sources .entry")).get(1);
    assertEquals("S2", second.findElement(By.cssSelector(".entry-id")).getText());
    second.findElement(By.name("publisher")).sendKeys("Second Agency");
    second.findElement(By.name("date")).sendKeys("2020-07-14");
    second.findElement(By.name("language")).sendKeys("en");
    byId("form-submit").click();
    browser.waitFor("the saved record", d -> d.findElement(By.id("add-result")).isDisplayed());

    JsonNode stored = atlas.api().get(ITEMS + "/" + id, editorToken).body();
    assertEquals("draft", stored.at("/properties/status").asText());
    assertEquals("Second Agency", stored.at("/properties/sources/1/publisher").asText());
    assertEquals("S2", stored.at("/properties/sources/1/id").asText());
    assertEquals("draft", normalise(byId("add-result").findElement(By.cssSelector(".result-status")).getText()));
    signOut();
  }

  @Test
  @Order(4)
  void anIncidentPublishedOutsideTheTimelinesDaysAppearsOnItWithoutAReload() {
    String lastDay = byId("time-to").getDomAttribute("max");
    String before = byId("time-label").getText();
    assertFalse(before.contains("25 Jul 2020"), before);
    Reply created = create(shelling(BorderSettlements.free(atlas).get(2), "2020-07-25"));
    lateId = created.body().get("id").asText();
    status(lateId, editorToken, created.etag(), "in_review", null);

    signIn(reviewerToken, "Signed in as rita (reviewer)");
    openEditor();
    entry(lateId).findElement(By.cssSelector("button[data-action=published]")).click();
    browser.waitFor("the message that it is published", d -> d.findElement(By.id("review-status")).getText()
        .equals(lateId + " is published and on the map."));
    assertEquals("published", atlas.json(ITEMS + "/" + lateId).at("/properties/status").asText());
    assertEquals("2020-07-25", atlas.json("/api/collections/incidents").at("/extent/temporal/interval/0/1").asText().substring(0, 10));

    // The timeline now runs to the new incident's day, counts it there, and the map shows it.
    browser.waitFor("the timeline to reach 25 July", d -> d.findElement(By.id("time-label")).getText().endsWith("25 Jul 2020"));
    assertTrue(Integer.parseInt(byId("time-to").getDomAttribute("max")) > Integer.parseInt(lastDay));
    String lastBar = browser.js("return document.querySelector('#time-bars g.day:last-child title').textContent;");
    assertEquals("25 Jul 2020: 1 dated to the day, 0 within a longer range", lastBar);
    JsonNode point = atlas.json(ITEMS + "/" + lateId).get("geometry");
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], 13, {animate: false});",
        point.at("/coordinates/1").asDouble(), point.at("/coordinates/0").asDouble());
    browser.waitFor("the new incident on the map", d -> browser.<List<String>>js("return window.atlas.visibleIds('incidents');").contains(lateId));
    // A range chosen to end on the new day shows it too: the day is one of the timeline's own.
    browser.js("const to = document.getElementById('time-to'); to.value = to.max; to.dispatchEvent(new Event('input'));"
        + "const from = document.getElementById('time-from'); from.value = to.max; from.dispatchEvent(new Event('input'));");
    browser.waitFor("only the new day shown", d -> browser.<List<String>>js("return window.atlas.visibleIds('incidents');").equals(List.of(lateId)));
    browser.js("const from = document.getElementById('time-from'); from.value = 0; from.dispatchEvent(new Event('input'));");
  }

  @Test
  @Order(5)
  void aReviewerArchivesAPublishedIncidentFromItsPopupAndItLeavesTheMap() {
    byId("editor-close").click();
    WebElement popup = popupOf(lateId);
    popup.findElement(By.cssSelector("button[data-action=archive]")).click();
    WebElement reason = browser.waitFor("the reason field", d -> d.findElement(By.cssSelector(".leaflet-popup-content form.reason textarea")));
    assertEquals(reason, browser.driver.switchTo().activeElement());
    // Without a reason the server refuses, and says why.
    popup.findElement(By.cssSelector("form.reason button[type=submit]")).click();
    browser.waitFor("the server's refusal", d -> d.findElement(By.cssSelector(".leaflet-popup-content .message")).getText()
        .equals("is required to archive a record"));
    assertEquals("published", atlas.json(ITEMS + "/" + lateId).at("/properties/status").asText());
    browser.screenshot("archive-popup");

    reason.sendKeys("duplicate of an earlier report");
    popup.findElement(By.cssSelector("form.reason button[type=submit]")).click();
    browser.waitFor("the incident gone from the map", d -> !browser.<List<String>>js("return window.atlas.visibleIds('incidents');").contains(lateId)
        && d.findElements(By.cssSelector(".leaflet-popup-content")).isEmpty());
    assertEquals(410, atlas.api().get(ITEMS + "/" + lateId, null).status());
    JsonNode versions = atlas.api().get(ITEMS + "/" + lateId + "/history", reviewerToken).body().get("versions");
    assertEquals("archived", versions.get(versions.size() - 1).get("status").asText());
    assertEquals("duplicate of an earlier report", versions.get(versions.size() - 1).get("reason").asText());
    browser.waitFor("the message that it is archived", d -> d.findElement(By.id("status")).getText().equals(lateId + " is archived."));
  }

  @Test
  @Order(6)
  void aReviewerMergesAPossibleDuplicateIntoThePublishedIncident() {
    JsonNode agdam = atlas.json(ITEMS + "/TT2020-0006");
    int sourcesBefore = agdam.at("/properties/sources").size();
    JsonNode settlement = atlas.json("/api/collections/settlements/items/" + agdam.at("/properties/place_id").asText());
    Reply twin = create(shelling(settlement, agdam.at("/properties/date").asText()));
    String twinId = twin.body().get("id").asText();
    status(twinId, editorToken, twin.etag(), "in_review", null);
    String reasonOfServer = null;
    for (JsonNode d : atlas.api().get(ITEMS + "/" + twinId, reviewerToken).body().at("/properties/possible_duplicates")) {
      if (d.get("id").asText().equals("TT2020-0006")) {
        reasonOfServer = d.get("reason").asText();
      }
    }
    assertTrue(reasonOfServer != null, "the server names no duplicate TT2020-0006");

    openEditor();
    WebElement item = entry(twinId);
    WebElement duplicate = browser.waitFor("the duplicate with its reason", d -> item.findElements(By.cssSelector(".duplicates li")).stream()
        .filter(li -> "TT2020-0006".equals(li.getDomAttribute("data-duplicate"))).findFirst().orElse(null));
    assertTrue(normalise(duplicate.getText()).startsWith("TT2020-0006 — " + reasonOfServer), duplicate.getText());
    WebElement merge = duplicate.findElement(By.cssSelector("button[data-action=merge]"));
    assertEquals("Merge " + twinId + " into TT2020-0006", merge.getDomAttribute("aria-label"));
    merge.click();
    WebElement form = browser.waitFor("the merge prompt", d -> item.findElement(By.cssSelector("form.reason")));
    assertTrue(form.getText().contains("The sources, claims and parties of " + twinId + " join TT2020-0006"), form.getText());
    form.findElement(By.name("reason")).sendKeys("the same shelling of Ağdam");
    browser.js("arguments[0].scrollIntoView({block: 'center'});", form);
    browser.screenshot("merge-prompt");
    // Nothing is merged before it is confirmed.
    assertEquals("in_review", atlas.api().get(ITEMS + "/" + twinId, reviewerToken).body().at("/properties/status").asText());
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitFor("the message that it is merged", d -> d.findElement(By.id("review-status")).getText()
        .equals(twinId + " was merged into TT2020-0006."));

    JsonNode archived = atlas.api().get(ITEMS + "/" + twinId, reviewerToken).body();
    assertEquals("archived", archived.at("/properties/status").asText());
    assertTrue(archived.at("/properties/status_reason").asText().startsWith("merged into TT2020-0006: the same shelling of Ağdam"),
        archived.at("/properties/status_reason").asText());
    assertEquals(sourcesBefore + 1, atlas.json(ITEMS + "/TT2020-0006").at("/properties/sources").size());
    assertTrue(browser.driver.findElements(By.cssSelector("#review-list li.record[data-id='" + twinId + "']")).isEmpty());
    signOut();
  }

  @Test
  @Order(7)
  void anyoneReadsThePublishedIncidentsHistoryAndOpensAPastVersion() {
    // TT2020-0006 now has two versions: as geodata had it, and with the merged record.
    JsonNode history = atlas.api().get(ITEMS + "/TT2020-0006/history", null).body();
    assertEquals(2, history.get("versions").size(), history.toString());
    String mergedNote = history.at("/versions/1/note").asText();

    WebElement popup = popupOf("TT2020-0006");
    assertTrue(popup.findElements(By.cssSelector("button[data-action=archive]")).isEmpty(), "Archive offered to a reader");
    popup.findElement(By.cssSelector("button[data-action=history]")).click();
    WebElement dialog = browser.waitFor("the history", d -> d.findElement(By.id("history")).isDisplayed() ? d.findElement(By.id("history")) : null);
    List<WebElement> versions = browser.waitFor("the versions", d -> {
      List<WebElement> v = dialog.findElements(By.cssSelector("#history-list li.version"));
      return v.size() == 2 ? v : null;
    });
    // Newest first: number, author, status, note and what changed, as the API says.
    String newest = normalise(versions.get(0).getText());
    assertTrue(newest.startsWith("Version 2 published by rita"), newest);
    assertTrue(newest.contains("Note: " + mergedNote) && newest.contains("Changed: ") && newest.contains("sources"), newest);
    String oldest = normalise(versions.get(1).getText());
    assertTrue(oldest.startsWith("Version 1 published by geodata") && oldest.contains("Changed: created"), oldest);
    browser.screenshot("history");

    WebElement open = versions.get(1).findElement(By.cssSelector("button[data-action=open-version]"));
    assertEquals("Open version 1 of TT2020-0006", open.getDomAttribute("aria-label"));
    open.click();
    WebElement record = browser.waitFor("version 1", d -> d.findElement(By.id("history-version")).isDisplayed() ? d.findElement(By.id("history-record")) : null);
    assertTrue(byId("history-version-title").getText().startsWith("Version 1 of TT2020-0006 (published)"), byId("history-version-title").getText());
    int sourcesThen = atlas.api().get(ITEMS + "/TT2020-0006/history/1", null).body().at("/properties/sources").size();
    long sourcesShown = browser.js("return [...arguments[0].querySelectorAll('h4')].find(h => h.textContent === 'Sources')"
        + ".nextElementSibling.children.length;", record);
    assertEquals(sourcesThen, sourcesShown);
    assertTrue(record.findElements(By.cssSelector("input, textarea, select, button")).isEmpty(), "a past version can be changed");
    assertFalse(record.getText().contains("Example Agency"), "version 1 shows the merged source");
    browser.screenshot("history-version");

    byId("history-back").click();
    browser.waitFor("the versions again", d -> d.findElement(By.id("history-list")).isDisplayed());
    byId("history-close").click();
    assertFalse(byId("history").isDisplayed());
  }

  @Test
  @Order(8)
  void onAPhoneTheHistoryFillsTheScreenAndEveryControlIsNamed() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      phone.driver.findElement(By.id("search-input")).sendKeys("TT2020-0006");
      phone.waitFor("the search result", d -> d.findElements(By.cssSelector("#search-results [role=option]")).stream()
          .anyMatch(o -> o.getText().contains("TT2020-0006")));
      phone.driver.findElement(By.id("search-input")).sendKeys(Keys.ENTER);
      WebElement button = phone.waitFor("the history button", d -> d.findElements(By.cssSelector(".leaflet-popup-content button[data-action=history]"))
          .stream().findFirst().orElse(null));
      phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
      phone.waitFor("the versions", d -> d.findElements(By.cssSelector("#history-list li.version")).size() == 2);
      List<Number> box = phone.js("const r = document.getElementById('history').getBoundingClientRect(); return [r.left, r.right];");
      assertEquals(List.of(0L, 375L), box.stream().map(n -> Math.round(n.doubleValue())).toList(), "the history does not fill the phone's width");
      phone.screenshot("history-phone");
      List<String> unnamed = phone.js("""
          return [...document.querySelectorAll('#history button, .leaflet-popup-content button')]
            .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim()))
            .map(e => e.outerHTML.slice(0, 120));""");
      assertEquals(List.of(), unnamed, "controls without an accessible name");
    }
  }
}
