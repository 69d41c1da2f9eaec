package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The charts against the API: what they draw, and what their tables say, is what
 * {@code /daily} answers for the event list's query and adds up to the incidents the items list
 * for it, after a filter changes too; choosing a day, by pointer on the chart or by keyboard in
 * the table, lists the incidents that began on it, and one of them opens on the map; an
 * incident's popup lists its claims in the order they were made.
 *
 * <p>The tests share one page and run in order.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartsTest {
  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;

  @BeforeAll
  static void openMapPage() {
    atlas = TestAtlas.shared();
    browser = Browser.openMap(atlas, 1280, 800);
  }

  /** The query of the charts' last drawing, once they have drawn one with {@code parameter} in it (or any, for null). */
  private static String drawnQuery(String parameter) {
    return browser.waitFor("the charts to draw" + (parameter == null ? "" : " with " + parameter), d -> {
      String q = browser.js("return window.atlas.charts.timing?.query ?? null");
      return q != null && (parameter == null || q.contains(parameter)) ? q : null;
    });
  }

  /** Per "type|day", the incidents the chart's bars stand for, as the page holds them for drawing. */
  private static Map<String, Long> drawnBars() {
    Map<String, Object> drawn = browser.js("""
        const c = window.atlas.charts; const f = c.data.figures; const out = {};
        for (const [type, counts] of Object.entries(f.incidents)) counts.forEach((n, i) => { if (n) out[type + '|' + f.days[i]] = n; });
        return out;""");
    Map<String, Long> out = new TreeMap<>();
    drawn.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
    return out;
  }

  /** The same counted from the items of {@code query}: each incident on its first day. */
  private static Map<String, Long> itemsPerDay(String query) {
    Map<String, Long> out = new TreeMap<>();
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000&" + query).get("features")) {
      out.merge(f.at("/properties/event_type").asText() + "|" + f.at("/properties/date").asText(), 1L, Long::sum);
    }
    return out;
  }

  /** The table of the incidents chart: per row its day, then each cell's text. */
  private static List<List<String>> incidentsTable() {
    return browser.js("""
        return [...document.querySelectorAll('#chart-incidents-table tbody tr')].map(r =>
          [r.querySelector('[data-day]').dataset.day, ...[...r.querySelectorAll('td')].map(td => td.textContent)]);""");
  }

  @Test
  @Order(1)
  void theChartsDrawWhatTheApiCountsForTheListsQuery() {
    browser.driver.findElement(By.id("charts-toggle")).click();
    String query = drawnQuery(null);
    JsonNode daily = atlas.json("/api/collections/incidents/daily?" + query);
    assertEquals(itemsPerDay(query), drawnBars());
    List<List<String>> table = incidentsTable();
    assertEquals(daily.get("days").size(), table.size());
    // The last column is the day's total, which the API's counts of the day add up to.
    for (int i = 0; i < table.size(); i++) {
      long total = 0;
      for (JsonNode counts : daily.get("incidents")) {
        total += counts.get(i).asLong();
      }
      List<String> row = table.get(i);
      assertEquals(daily.get("days").get(i).asText(), row.get(0));
      assertEquals(String.valueOf(total), row.get(row.size() - 1), row.toString());
    }
    // The claims chart holds the API's series, each day's figures as the API gives them.
    List<Object> highs = browser.js("return window.atlas.charts.plots.claims.data.slice(1).map(s => [...s])");
    JsonNode bySide = daily.get("fatalities").get("bySide");
    assertEquals(3 * bySide.size(), highs.size());
    for (int s = 0; s < bySide.size(); s++) {
      assertEquals(bySide.get(s).get("high").toString(),
          TestAtlas.JSON.valueToTree(highs.get(3 * s)).toString(), "highest figures of " + bySide.get(s).get("side"));
    }
    browser.screenshot("charts-1280");
  }

  @Test
  @Order(2)
  void aFilterRedrawsThemWithTheNumbersOfTheNewQuery() {
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
    String query = drawnQuery("event_type=shelling");
    Map<String, Long> bars = drawnBars();
    assertEquals(itemsPerDay(query), bars);
    assertTrue(bars.keySet().stream().allMatch(k -> k.startsWith("shelling|")), bars.toString());
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
    drawnQuery(null);
    browser.waitFor("the charts to draw without the filter", d -> browser.js(
        "return !window.atlas.charts.timing.query.includes('event_type')"));
  }

  @Test
  @Order(3)
  void aDayChosenOnTheChartListsItsIncidentsAndOneOpensOnTheMap() {
    String query = drawnQuery(null);
    Map<String, Long> perDay = new TreeMap<>();
    itemsPerDay(query).forEach((k, v) -> perDay.merge(k.substring(k.indexOf('|') + 1), v, Long::sum));
    String day = perDay.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    // The pointer on the day's bar: where uPlot puts that day, within the plot's overlay.
    List<Number> at = browser.js("""
        const u = window.atlas.charts.plots.incidents;
        const x = u.valToPos(Date.parse(arguments[0] + 'T00:00:00Z') / 1000, 'x');
        const y = u.valToPos(0.5, 'y');
        return [x - u.over.clientWidth / 2, y - u.over.clientHeight / 2];""", day);
    WebElement over = browser.driver.findElement(By.cssSelector("#chart-incidents .u-over"));
    new Actions(browser.driver).moveToElement(over, at.get(0).intValue(), at.get(1).intValue()).click().perform();
    List<String> listed = browser.waitFor("the day's incidents", d -> {
      List<String> ids = browser.js("return [...document.querySelectorAll('#charts-day-list [data-incident]')].map(b => b.dataset.incident)");
      return ids.isEmpty() ? null : ids;
    });
    List<String> expected = new ArrayList<>();
    atlas.json("/api/collections/incidents/items?limit=10000&sortby=id&" + query).get("features").forEach(f -> {
      if (f.at("/properties/date").asText().equals(day)) {
        expected.add(f.get("id").asText());
      }
    });
    assertEquals(expected, listed);
    assertTrue(browser.driver.findElement(By.id("charts-day-title")).getText().contains(String.valueOf(expected.size())));
    browser.driver.findElement(By.cssSelector("#charts-day-list [data-incident='" + expected.get(0) + "']")).click();
    WebElement popup = browser.waitStill("the incident's popup", By.cssSelector(".incident-popup .popup"));
    assertTrue(popup.getText().contains(expected.get(0)), popup.getText());
  }

  @Test
  @Order(4)
  void theKeyboardReachesADayThroughTheTable() {
    browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    WebElement summary = browser.driver.findElement(By.cssSelector("#chart-incidents-table")).findElement(By.xpath(".."))
        .findElement(By.tagName("summary"));
    summary.sendKeys(Keys.ENTER);
    WebElement dayButton = browser.waitFor("the table's first day", d -> d.findElement(By.cssSelector("#chart-incidents-table [data-day]")));
    String day = dayButton.getDomAttribute("data-day");
    dayButton.sendKeys(Keys.ENTER);
    browser.waitFor("the day's title to take the focus", d -> browser.js(
        "return document.activeElement.id === 'charts-day-title' && document.activeElement.textContent.length > 0"));
    assertTrue(browser.driver.findElement(By.id("charts-day-title")).getText().length() > 0);
    List<String> ids = browser.js("return [...document.querySelectorAll('#charts-day-list [data-incident]')].map(b => b.dataset.incident)");
    for (String id : ids) {
      assertEquals(day, atlas.json("/api/collections/incidents/items/" + id).at("/properties/date").asText());
    }
  }

  @Test
  @Order(5)
  void anIncidentsPopupListsItsClaimsInTheOrderTheyWereMade() {
    // The incident whose claims were made on most different days.
    String id = null;
    int most = 0;
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000").get("features")) {
      java.util.Set<String> days = new java.util.TreeSet<>();
      for (String kind : List.of("fatalities", "injuries", "claims")) {
        f.at("/properties/" + kind).forEach(c -> {
          if (c.hasNonNull("made_at")) {
            days.add(c.get("made_at").asText());
          }
        });
      }
      if (days.size() > most) {
        most = days.size();
        id = f.get("id").asText();
      }
    }
    assertTrue(most >= 2, "an incident with claims made on two days");
    // A new page: the address differs from the open one in its fragment only.
    browser.driver.get("about:blank");
    browser.load(atlas, "/#selected=incidents/" + id);
    String opened = id;
    browser.waitFor("the popup of " + id, d -> browser.js(
        "return document.querySelector('.incident-popup .record-id code')?.textContent === arguments[0]", opened));
    WebElement list = browser.waitStill("the claims in order", By.cssSelector(".incident-popup .claims-time"));
    List<String> shown = new ArrayList<>();
    list.findElements(By.cssSelector("li time")).forEach(t -> shown.add(t.getDomAttribute("datetime")));
    List<String> sorted = new ArrayList<>(shown);
    sorted.sort(null);
    assertEquals(sorted, shown, "days in order");
    assertFalse(shown.isEmpty());
    JsonNode p = atlas.json("/api/collections/incidents/items/" + id).get("properties");
    int claims = p.path("fatalities").size() + p.path("injuries").size() + p.path("claims").size();
    assertEquals(claims, list.findElements(By.tagName("li")).size());
  }

  @Test
  @Order(6)
  void atPhoneWidthTheChartsStackInsideTheScreen() {
    try (Browser phone = Browser.openMap(atlas, 375, 740)) {
      phone.driver.findElement(By.id("charts-toggle")).click();
      phone.waitFor("the charts to draw", d -> phone.js("return window.atlas.charts.timing != null"));
      List<Number> rights = phone.js("""
          return [...document.querySelectorAll('#charts .chart, #charts .u-wrap, #charts-toggle')].map(e => e.getBoundingClientRect().right);""");
      for (Number right : rights) {
        assertTrue(right.doubleValue() <= 375.5, "an element ends at " + right + " px");
      }
      new Select(phone.driver.findElement(By.id("chart-grouping"))).selectByValue("byClaimant");
      phone.screenshot("charts-375");
    }
  }
}
