package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The event list beside the map, against the API: its rows are the API's answer to the query the
 * test writes itself for the same days and filters, in both orders; its count is the panel's and
 * the API's; the keyboard reaches it and opens an incident from it; a marker clicked on the map
 * marks its row; on a phone it is a tab of the drawer.
 *
 * <p>The tests share one page and run in order.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventListTest {
  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;

  @BeforeAll
  static void openMapPage() {
    atlas = TestAtlas.shared();
    browser = Browser.openMap(atlas, 1280, 800);
  }

  /** The ids the API answers, every page, in its order. */
  private static List<String> apiIds(String query) {
    List<String> ids = new ArrayList<>();
    atlas.json("/api/collections/incidents/items?limit=10000&" + query).get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  private static long apiMatched(String query) {
    return atlas.json("/api/collections/incidents/items?limit=1" + (query.isEmpty() ? "" : "&" + query)).get("numberMatched").asLong();
  }

  /**
   * The list's rows once it has answered exactly {@code query} (its parameters in any order,
   * paging and the properties aside).
   */
  private static List<String> listIds(Browser b, String query) {
    String expected = String.join("&", new java.util.TreeSet<>(List.of(query.split("&"))));
    String[] last = {""};
    try {
      // The query, the state and the rows are read at one moment: a list read again in between
      // (the map settling) would otherwise be caught empty.
      return b.waitFor("the list to answer " + expected, d -> {
        List<Object> now = b.js("""
            const events = document.getElementById('events');
            const q = new URL(events.dataset.query ?? '/', location.href).searchParams;
            ['limit', 'offset', 'properties'].forEach(k => q.delete(k));
            return [[...q].map(([k, v]) => k + '=' + v).sort().join('&'), events.dataset.state,
              [...document.querySelectorAll('#events-list [role=option]')].map(o => o.dataset.id)];""");
        last[0] = (String) now.get(0);
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) now.get(2);
        return expected.equals(last[0]) && "ready".equals(now.get(1)) ? ids : null;
      });
    } catch (AssertionError e) {
      throw new AssertionError("the list's last query: " + last[0], e);
    }
  }

  private static long leadingNumber(String text) {
    return Long.parseLong(text.replaceAll("^\\D*?(\\d[\\d,.\\s]*).*$", "$1").replaceAll("\\D", ""));
  }

  private static String fragment() {
    return URI.create(browser.driver.getCurrentUrl()).getFragment();
  }

  @Test
  @Order(1)
  void everyIncidentIsListedNewestFirstWithTheApisCount() {
    List<String> shown = listIds(browser, "sortby=-date,id");
    assertEquals(apiIds("sortby=-date,id"), shown);
    String count = browser.driver.findElement(By.id("events-count")).getText();
    assertEquals(apiMatched(""), leadingNumber(count), count);
    assertEquals(leadingNumber(browser.driver.findElement(By.id("filter-count")).getText()), leadingNumber(count));
    // A row names what a reader needs, in words: a day, the type, the place, the side and the claim.
    WebElement first = browser.driver.findElement(By.cssSelector("#events-list [role=option]"));
    JsonNode p = atlas.json("/api/collections/incidents/items/" + shown.get(0)).get("properties");
    String name = first.getDomAttribute("aria-label");
    assertTrue(name.contains(p.get("place_name").asText()), name);
    assertTrue(name.contains(browser.driver.findElement(By.cssSelector("#filters input[value=" + p.get("event_type").asText() + "] + span")).getText()), name);
    assertFalse(name.contains(p.get("event_type").asText()), "a raw code in " + name);
  }

  @Test
  @Order(2)
  void aTimeRangeAndAFilterListWhatTheApiSelectsInBothOrders() {
    WebElement from = browser.driver.findElement(By.id("time-from"));
    WebElement to = browser.driver.findElement(By.id("time-to"));
    from.sendKeys(Keys.HOME);
    to.sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
    String datetime = fragment().replaceAll(".*datetime=([^&]+).*", "$1");
    assertEquals("2020-07-12/2020-07-14", datetime);
    String query = "datetime=" + datetime + "&event_type=shelling";

    List<String> newest = listIds(browser, query + "&sortby=-date,id");
    assertEquals(apiIds(query + "&sortby=-date,id"), newest);
    assertFalse(newest.isEmpty(), "no shelling in the chosen days");
    long matched = apiMatched(query);
    long listed = leadingNumber(browser.driver.findElement(By.id("events-count")).getText());
    long panel = leadingNumber(browser.driver.findElement(By.id("filter-count")).getText());
    assertEquals(matched, listed, "list count");
    assertEquals(matched, panel, "panel count");

    new Select(browser.driver.findElement(By.id("events-sort"))).selectByValue("oldest");
    List<String> oldest = listIds(browser, query + "&sortby=date,id");
    assertEquals(apiIds(query + "&sortby=date,id"), oldest);
    assertFalse(oldest.equals(newest), "both orders list the same sequence: " + oldest);

    // Bound to the map's extent, the list holds what the API finds in the same box.
    browser.js("window.atlas.map.setView([40.98, 45.62], 13, {animate: false});");
    browser.driver.findElement(By.id("events-in-view")).click();
    String bbox = browser.js("const b = window.atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');");
    List<String> inView = listIds(browser, query + "&sortby=date,id&bbox=" + bbox);
    assertEquals(apiIds(query + "&sortby=date,id&bbox=" + bbox), inView);
    assertTrue(inView.size() < oldest.size(), "the extent selects nothing less: " + inView);
    browser.driver.findElement(By.id("events-in-view")).click();
    new Select(browser.driver.findElement(By.id("events-sort"))).selectByValue("newest");
    browser.driver.findElement(By.id("filters-reset")).click();
    to.sendKeys(Keys.END);
    assertEquals(apiIds("sortby=-date,id"), listIds(browser, "sortby=-date,id"));
  }

  @Test
  @Order(3)
  void theListReadsItsRowsAPageAtATime() {
    browser.js("performance.clearResourceTimings(); window.atlas.eventList.pageSize = 5; window.atlas.eventList.reload();");
    // Pages follow one another as the end of the list comes into sight, until the last.
    browser.waitFor("every page", d -> !d.findElement(By.id("events-more")).isDisplayed()
        && "ready".equals(d.findElement(By.id("events")).getDomAttribute("data-state")));
    List<String> all = browser.js("return [...document.querySelectorAll('#events-list [role=option]')].map(o => o.dataset.id);");
    assertEquals(apiIds("sortby=-date,id"), all);
    List<String> pages = browser.js("""
        return performance.getEntriesByType('resource').map(e => e.name)
          .filter(n => n.includes('/items?') && n.includes('limit=5&')).map(n => new URL(n).searchParams.get('offset'));""");
    List<String> expected = new ArrayList<>();
    for (int offset = 0; offset < all.size(); offset += 5) {
      expected.add(String.valueOf(offset));
    }
    assertEquals(expected, pages, "the pages requested");
    browser.js("window.atlas.eventList.pageSize = 50; window.atlas.eventList.reload();");
    browser.waitFor("the list read again", d -> browser.js("return document.getElementById('events').dataset.query;").toString().contains("limit=50"));
  }

  @Test
  @Order(4)
  void theKeyboardReachesTheListAndOpensAnIncident() {
    List<String> ids = listIds(browser, "sortby=-date,id");
    assertEquals("Skip to event list", browser.driver.findElement(By.cssSelector(".skip-link")).getDomProperty("textContent"));
    // From a fresh page, Tab reaches the skip link first.
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    listIds(browser, "sortby=-date,id");
    new Actions(browser.driver).sendKeys(Keys.TAB).perform();
    assertEquals("skip-link", browser.js("return document.activeElement.className;"));
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertEquals(ids.get(0), browser.js("return document.activeElement.dataset.id;"), "the skip link did not reach the first row");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_UP, Keys.ARROW_DOWN);
    String id = ids.get(2);
    assertEquals(id, browser.js("return document.activeElement.dataset.id;"));
    assertEquals(1L, ((Number) browser.js("return document.querySelectorAll('#events-list [tabindex=\"0\"]').length;")).longValue(),
        "more than one row takes Tab");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
        .stream().anyMatch(e -> e.getText().equals(id)));
    assertTrue(fragment().contains("selected=incidents/" + id), fragment());
    WebElement row = browser.driver.findElement(By.cssSelector("#events-list [data-id='" + id + "']"));
    browser.waitFor("its row marked", d -> "true".equals(row.getDomAttribute("aria-selected")));
    browser.waitStill("the popup", By.cssSelector(".leaflet-popup"));
    browser.screenshot("event-list");
    browser.js("window.atlas.map.closePopup();");
    browser.waitFor("the row unmarked", d -> "false".equals(row.getDomAttribute("aria-selected")));
  }

  @Test
  @Order(5)
  void aMarkerClickedOnTheMapMarksItsRowAndScrollsToIt() {
    List<String> ids = listIds(browser, "sortby=-date,id");
    // The last row that has its point to itself, so that its marker stands alone at close zoom.
    Map<String, Integer> perPoint = new HashMap<>();
    Map<String, String> pointOf = new HashMap<>();
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000").get("features")) {
      String point = f.get("geometry").get("coordinates").toString();
      perPoint.merge(point, 1, Integer::sum);
      pointOf.put(f.get("id").asText(), point);
    }
    String id = null;
    for (String candidate : ids) {
      if (perPoint.get(pointOf.get(candidate)) == 1) {
        id = candidate;
      }
    }
    assertTrue(id != null, "every incident shares its point");
    String chosen = id;
    browser.js("document.getElementById('events-list').scrollTop = 0;");
    JsonNode c = atlas.json("/api/collections/incidents/items/" + id).get("geometry").get("coordinates");
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], 16, {animate: false});", c.get(1).asDouble(), c.get(0).asDouble());
    WebElement marker = browser.waitFor("the marker of " + id,
        d -> d.findElements(By.cssSelector(".incident-icon[title$='(" + chosen + ")']")).stream().findFirst().orElse(null));
    browser.waitStill("the marker", marker);
    marker.click();
    WebElement row = browser.driver.findElement(By.cssSelector("#events-list [data-id='" + id + "']"));
    browser.waitFor("the row of " + id + " marked", d -> "true".equals(row.getDomAttribute("aria-selected")));
    boolean inSight = browser.js("""
        const r = arguments[0].getBoundingClientRect(), l = document.getElementById('events-list').getBoundingClientRect();
        return r.top >= l.top - 1 && r.bottom <= l.bottom + 1;""", row);
    assertTrue(inSight, "the marked row is not scrolled into view");
    assertEquals(1L, ((Number) browser.js("return document.querySelectorAll('#events-list [aria-selected=true]').length;")).longValue());
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(6)
  void onAPhoneTheListIsATabOfTheDrawerAndFits() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      assertFalse(phone.driver.findElement(By.id("events")).isDisplayed(), "the list covers the map on a phone");
      phone.driver.findElement(By.id("panel-toggle")).click();
      WebElement tab = phone.waitFor("the List tab", d -> d.findElements(By.cssSelector("#panel [role=tab][aria-controls=events]"))
          .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
      assertEquals("List", tab.getText());
      tab.click();
      List<String> shown = listIds(phone, "sortby=-date,id");
      assertEquals(apiIds("sortby=-date,id"), shown);
      assertTrue(phone.driver.findElement(By.id("events-list")).isDisplayed());
      assertFalse(phone.driver.findElement(By.id("filters")).isDisplayed(), "both tabs show at once");
      assertFalse(phone.driver.findElement(By.id("events-collapse")).isDisplayed(), "the column's fold button shows in the drawer");
      assertFalse(phone.driver.findElement(By.id("events-more")).isDisplayed(), "Load more shows with every row loaded");
      assertEquals("true", tab.getDomAttribute("aria-selected"));
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is wider than the phone: " + width + " px");
      double right = ((Number) phone.js("return document.getElementById('events').getBoundingClientRect().right;")).doubleValue();
      assertTrue(right <= 375, "the list reaches beyond the screen: " + right);
      phone.screenshot("event-list-phone");
      // A row opens its incident: the drawer gives way to the map and the popup.
      WebElement row = phone.driver.findElement(By.cssSelector("#events-list [role=option]"));
      String id = row.getDomAttribute("data-id");
      row.click();
      phone.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
          .stream().anyMatch(e -> e.getText().equals(id)));
      assertFalse(phone.driver.findElement(By.id("panel")).isDisplayed(), "the drawer still covers the map");
    }
  }
}
