package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Playing the timeline: one day at a time or cumulative, at the speed chosen, from the keyboard,
 * back to the whole range at the end; and the controls fit a phone. What the map shows at each
 * step is compared with what the API answers for the same days.
 */
@Tag("browser")
class TimelinePlayTest {
  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;
  private static String firstDay;
  private static String lastDay;

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    JsonNode interval = atlas.json("/api/collections/incidents").at("/extent/temporal/interval/0");
    firstDay = interval.get(0).asText().substring(0, 10);
    lastDay = interval.get(1).asText().substring(0, 10);
    browser = Browser.open(1280, 800);
    browser.load(atlas, "/#map=11/40.95/45.55");
  }

  /** The days in the address, {@code [from, to]}; none while all days are shown. */
  private static String[] days() {
    String fragment = URI.create(browser.driver.getCurrentUrl()).getFragment();
    if (fragment == null || !fragment.contains("datetime=")) {
      return null;
    }
    return fragment.replaceAll(".*datetime=([^&]+).*", "$1").split("/");
  }

  private static Set<String> visibleIds() {
    List<String> ids = browser.js("return window.atlas.visibleIds('incidents');");
    return new TreeSet<>(ids);
  }

  private static Set<String> apiIds(String datetime) {
    String bbox = browser.js("const b = window.atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');");
    Set<String> ids = new TreeSet<>();
    atlas.json("/api/collections/incidents/items?limit=10000&bbox=" + bbox + "&datetime=" + datetime).get("features")
        .forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  private static WebElement play() {
    return browser.driver.findElement(By.id("time-play"));
  }

  @Test
  void cumulativeKeepsTheFirstDayAndEndsOnTheWholeRangeAgain() {
    String whole = browser.driver.findElement(By.id("time-label")).getText();
    new Select(browser.driver.findElement(By.id("time-mode"))).selectByValue("cumulative");
    new Select(browser.driver.findElement(By.id("time-speed"))).selectByValue("0.5");
    String playLabel = play().getDomAttribute("aria-label");
    play().click();
    assertEquals("true", play().getDomAttribute("aria-pressed"));
    assertFalse(playLabel.equals(play().getDomAttribute("aria-label")), "the button's name stays " + playLabel + " while playing");
    String[] step = browser.waitFor("a cumulative step past the first day", d -> {
      String[] days = days();
      return days != null && days[1].compareTo(firstDay) > 0 ? days : null;
    });
    assertEquals(firstDay, step[0], "cumulative play starts every step at the first day");
    String datetime = step[0] + "/" + step[1];
    // The map may be one step further by now: compare while the address still says the same days.
    Map<String, Object> seen = browser.js("return {ids: window.atlas.visibleIds('incidents'), hash: location.hash};");
    if (((String) seen.get("hash")).contains(datetime)) {
      assertEquals(apiIds(datetime), new TreeSet<>((List<String>) seen.get("ids")));
    }
    browser.waitFor("the end of the play", d -> "false".equals(play().getDomAttribute("aria-pressed")));
    assertEquals(null, days(), "after playing, all days are shown again");
    assertEquals(whole, browser.driver.findElement(By.id("time-label")).getText());
    assertEquals(playLabel, play().getDomAttribute("aria-label"));
    assertEquals(apiIds(firstDay + "/" + lastDay), visibleIds());
  }

  @Test
  void oneDayAtATimeFromTheKeyboardPausesAndGoesOn() {
    // A fresh page: how to play and how fast start as they do for every reader.
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    WebElement mode = browser.driver.findElement(By.id("time-mode"));
    mode.sendKeys(Keys.END);
    mode.sendKeys(Keys.HOME);
    assertEquals("single", new Select(mode).getFirstSelectedOption().getDomAttribute("value"));
    assertEquals("1", new Select(browser.driver.findElement(By.id("time-speed"))).getFirstSelectedOption().getDomAttribute("value"));
    play().sendKeys(Keys.ENTER);
    String[] first = browser.waitFor("a single day", d -> {
      String[] days = days();
      return days != null && days[0].equals(days[1]) ? days : null;
    });
    assertEquals(firstDay, first[0]);
    String[] second = browser.waitFor("the next day", d -> {
      String[] days = days();
      return days != null && days[0].compareTo(firstDay) > 0 ? days : null;
    });
    play().sendKeys(Keys.SPACE);
    browser.waitFor("the pause", d -> "false".equals(play().getDomAttribute("aria-pressed")));
    String[] paused = days();
    assertEquals(paused[0], paused[1], "one day at a time: " + String.join("/", paused));
    assertTrue(paused[0].compareTo(second[0]) >= 0);
    assertEquals(apiIds(paused[0] + "/" + paused[1]), visibleIds());
    // ▶ again goes on from the day after the pause, not from the start.
    play().sendKeys(Keys.ENTER);
    String[] next = browser.waitFor("the day after the pause", d -> {
      String[] days = days();
      return days != null && days[0].compareTo(paused[0]) > 0 ? days : null;
    });
    assertEquals(next[0], next[1]);
    play().sendKeys(Keys.ENTER);
    browser.screenshot("play-controls");
  }

  @Test
  void theControlsFitAPhone() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is wider than the phone: " + width + " px");
      // Every control of the timeline lies inside it, and none overlaps the next.
      List<Map<String, Object>> boxes = phone.js("""
          const t = document.getElementById('timeline').getBoundingClientRect();
          return ['time-play', 'time-mode', 'time-speed', 'time-from', 'time-label'].map(id => {
            const r = document.getElementById(id).getBoundingClientRect();
            return {id, inside: r.left >= t.left - 0.5 && r.right <= t.right + 0.5 && r.top >= t.top - 0.5 && r.bottom <= t.bottom + 0.5,
              width: r.width, right: r.right, left: r.left};
          });""");
      for (Map<String, Object> box : boxes) {
        assertEquals(true, box.get("inside"), box.get("id") + " lies outside the timeline: " + boxes);
        assertTrue(((Number) box.get("width")).doubleValue() > 0, box.get("id") + " is not shown");
      }
      double speedRight = ((Number) boxes.get(2).get("right")).doubleValue();
      double trackLeft = ((Number) boxes.get(3).get("left")).doubleValue();
      assertTrue(speedRight <= trackLeft, "the controls overlap the track: " + boxes);
      assertTrue(((Number) boxes.get(3).get("width")).doubleValue() >= 120, "the track is too narrow: " + boxes);
      phone.screenshot("play-controls-phone");
    }
  }
}
