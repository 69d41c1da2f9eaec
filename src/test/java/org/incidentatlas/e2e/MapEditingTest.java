package org.incidentatlas.e2e;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.incidentatlas.BorderSettlements;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
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

  /** A settlement no incident names, with no incident within 1.5 km, so a click on it hits the map. */
  private JsonNode freeVillage(int skip) {
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

  private void setValue(WebElement input, String value) {
    browser.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input, value);
  }

  private void clickMapAt(JsonNode feature) {
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
}
