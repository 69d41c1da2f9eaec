package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * The reference layers read like the incidents: shelled villages, exposure zones and the border
 * open from the mouse and the keyboard into popups in words, their incidents open on the map,
 * and the filters and days count their shelling again. What the page shows is compared with what
 * the API answers.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceLayersTest {
  /** Codes and property names that must never reach a reader. */
  private static final Pattern RAW = Pattern.compile("\\b(armed_clash|artillery_shelling|mortar_shelling|drone_shot_down|drone_strike|disrupted_weapons_use"
      + "|shelling_incidents|min_km|max_km|border_distance_km|border_side|incident_ids|incident_count|settlement_ids|first_date|last_date"
      + "|settlement_id|place_id|exposure_zone"
      + "|feature_code|length_km|area_km2|PPL[A-Z0-9]*|AM|AZ)\\b");

  private static TestAtlas atlas;
  @AutoClose
  private static Browser browser;
  private static JsonNode villages;
  private static JsonNode zones;

  @BeforeAll
  static void open() {
    atlas = TestAtlas.shared();
    villages = atlas.json("/api/collections/shelled_villages/items?limit=1000").get("features");
    zones = atlas.json("/api/collections/exposure_zones/items?limit=1000").get("features");
    browser = Browser.openMap(atlas, 1280, 900);
  }

  // ---- helpers ----

  private static Map<String, String> dictionary(String language) {
    try {
      JsonNode d = TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", language + ".json")));
      Map<String, String> m = new HashMap<>();
      d.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fill(String template, Map<String, String> values) {
    String s = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      s = s.replace("{" + e.getKey() + "}", e.getValue());
    }
    return s;
  }

  /** A number as the English page writes it. */
  private static String km(double value, int digits) {
    NumberFormat f = NumberFormat.getNumberInstance(Locale.ENGLISH);
    f.setMaximumFractionDigits(digits);
    return f.format(value);
  }

  /** A number to one decimal, as the English page writes distances to the border. */
  private static String tenths(double value) {
    NumberFormat f = NumberFormat.getNumberInstance(Locale.ENGLISH);
    f.setMinimumFractionDigits(1);
    f.setMaximumFractionDigits(1);
    return f.format(value);
  }

  private static String normalise(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private static List<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  /** Incident ids the API selects with a query. */
  private static Set<String> apiIncidents(String query) {
    Set<String> ids = new TreeSet<>();
    atlas.json("/api/collections/incidents/items?limit=10000&" + query).get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  /** The query of a village's incidents: the shellings placed at its settlement (the village lists none). */
  private static String ofVillage(JsonNode village) {
    return "place_id=" + village.get("properties").get("settlement_id").asText() + "&event_type=shelling";
  }

  /** The query of a zone's incidents: those the API places in it (the zone lists none). */
  private static String ofZone(JsonNode zone) {
    return "exposure_zone=" + zone.get("id").asText();
  }

  private static void reload(String fragment) {
    browser.js("window.location.hash = arguments[0];", fragment);
    browser.driver.navigate().refresh();
    browser.waitLoaded();
  }

  /** The keyboard stop of a shape whose name contains text (villages, zones and the border are named). */
  private static WebElement shape(String cssClass, String text) {
    return browser.waitFor("a " + cssClass + " named '" + text + "'", d -> d.findElements(By.cssSelector("path.keyboard-shape." + cssClass))
        .stream().filter(e -> String.valueOf(e.getDomAttribute("aria-label")).contains(text)).findFirst().orElse(null));
  }

  /** Opens a shape's popup as a keyboard user does: focus, then Enter. Returns the popup's content. */
  private static WebElement openWithKeyboard(WebElement shape) {
    browser.js("window.atlas.map.closePopup(); arguments[0].focus({preventScroll: true});", shape);
    // A closed popup fades out before it leaves the page.
    browser.waitFor("the previous popup to go", d -> d.findElements(By.cssSelector(".leaflet-popup")).isEmpty());
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    return recordsRead(browser);
  }

  /** The open reference popup once a village's claims and sources, read when it opens, are in it. */
  private static WebElement recordsRead(Browser b) {
    WebElement popup = b.waitFor("the popup", d -> d.findElements(By.cssSelector(".leaflet-popup-content .reference-popup"))
        .stream().findFirst().orElse(null));
    b.waitFor("the village's claims and sources", d -> d.findElements(By.cssSelector(".leaflet-popup-content [aria-busy=true]")).isEmpty());
    return popup;
  }

  private static String popupText() {
    // Selenium reads only what is shown: wait for the popup to have faded in, or part of it is missed.
    browser.waitFor("the popup to fade in", d -> "1".equals(browser.js(
        "const p = document.querySelector('.leaflet-popup'); return p ? getComputedStyle(p).opacity : null;")));
    return browser.waitFor("the popup's text", d -> normalise(d.findElement(By.cssSelector(".leaflet-popup-content")).getText()));
  }

  private static Set<String> incidentButtons() {
    List<String> ids = browser.js("return [...document.querySelectorAll('.leaflet-popup-content button.incident-link')].map(b => b.dataset.incident);");
    return new TreeSet<>(ids);
  }

  /** The incident's own popup, as the incident layer opens it (its id at the end of the record). */
  private static void incidentPopupOpens(String id) {
    browser.waitFor("the popup of " + id, d -> Boolean.TRUE.equals(browser.js(
        "return [...document.querySelectorAll('.leaflet-popup-content .record-id')].some(e => e.textContent.trim() === arguments[0]);", id)));
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void aShelledVillageNamesItsBorderDistanceAndIncidentsWhichOpenOnTheMap() {
    Map<String, String> en = dictionary("en");
    JsonNode village = villages.get(0);
    JsonNode p = village.get("properties");
    WebElement popup = openWithKeyboard(shape("shelled-village", p.get("name").asText()));
    String text = popupText();
    String distance = fill(en.get("borderDistance.value"), Map.of("km", tenths(p.get("border_distance_km").asDouble()),
        "uncertainty", tenths(p.get("border_distance_uncertainty_km").asDouble())));
    String border = fill(en.get("popup.borderValue"), Map.of("km", distance,
        "side", en.get("side." + p.get("border_side").asText())));
    assertTrue(text.contains(border), "no '" + border + "' in " + text);
    Set<String> ids = apiIncidents(ofVillage(village));
    assertFalse(ids.isEmpty(), "no incident of " + p.get("name"));
    assertEquals(p.get("shelling_incidents").asInt(), ids.size(), "the village's count and its incidents");
    assertEquals(ids, incidentButtons());
    for (String id : ids) {
      JsonNode incident = atlas.json("/api/collections/incidents/items/" + id).get("properties");
      WebElement button = popup.findElement(By.cssSelector("button[data-incident='" + id + "']"));
      assertTrue(button.getText().contains(incident.get("place_name").asText()) && button.getText().contains(id), button.getText());
      assertTrue(button.getText().contains(en.get("event." + incident.get("event_type").asText())), button.getText());
    }
    // The claims and sources, which the village does not hold, are those of its incidents.
    String claims = browser.js("return [...document.querySelectorAll('.leaflet-popup-content table.claims')].map(t => t.textContent).join(' ');");
    int claimed = 0;
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000&" + ofVillage(village)).get("features")) {
      JsonNode incident = f.get("properties");
      for (JsonNode s : incident.get("sources")) {
        assertTrue(text.contains(normalise(s.get("publisher").asText())), "source " + s.get("publisher") + " missing: " + text);
      }
      for (String kind : List.of("fatalities", "injuries")) {
        for (JsonNode c : incident.get(kind)) {
          claimed++;
          assertTrue(claims.contains("(" + f.get("id").asText() + ")") && claims.contains(c.get("claimed_by").asText()),
              kind + " claimed by " + c.get("claimed_by") + " in " + f.get("id") + " missing: " + claims);
        }
      }
    }
    assertTrue(claimed > 0 || claims.isEmpty(), "a claims table without claims: " + claims);
    assertTrue(Boolean.TRUE.equals(browser.js("return document.activeElement === document.querySelector('.leaflet-popup-content .reference-popup');")),
        "the focus left the popup when the claims and sources were written into it");
    browser.screenshot("village-popup");
    String first = ids.iterator().next();
    popup.findElement(By.cssSelector("button[data-incident='" + first + "']")).click();
    incidentPopupOpens(first);
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(2)
  void anExposureZoneNamesBandAndSideAndListsItsSettlementsAndIncidents() {
    Map<String, String> en = dictionary("en");
    for (JsonNode zone : zones) {
      JsonNode p = zone.get("properties");
      String band = km(p.get("min_km").asDouble(), 1) + "–" + km(p.get("max_km").asDouble(), 1) + " km";
      String side = en.get("side." + p.get("side").asText());
      openWithKeyboard(shape("keyboard-shape", band + " from the border, " + side));
      String title = browser.js("return document.querySelector('.leaflet-popup-content h3').textContent;");
      assertTrue(title.contains(band) && title.contains(side), "'" + title + "' does not name " + band + " and " + side);
      String list = browser.js("return document.querySelector('.leaflet-popup-content .settlement-list')?.textContent ?? '';");
      List<String> shown = list.isEmpty() ? List.of() : List.of(list.split(" · ")).stream().map(String::trim).toList();
      assertEquals(texts(p.get("settlements")), shown, "settlements of " + zone.get("id"));
      Set<String> ids = apiIncidents(ofZone(zone));
      assertEquals(p.get("incident_count").asInt(), ids.size(), "the count of zone " + zone.get("id") + " and its incidents");
      assertEquals(ids, incidentButtons(), "incidents of " + zone.get("id"));
      for (String id : ids) {
        String place = atlas.json("/api/collections/incidents/items/" + id).get("properties").get("place_name").asText();
        String label = browser.js("return document.querySelector(`.leaflet-popup-content button[data-incident='${arguments[0]}']`).textContent;", id);
        assertTrue(label.contains(place), label + " does not name " + place);
      }
      if (!ids.isEmpty() && p.get("settlements").size() > 0) {
        browser.screenshot("zone-popup");
      }
    }
    JsonNode withIncidents = null;
    for (JsonNode zone : zones) {
      if (zone.get("properties").get("incident_count").asInt() > 0) {
        withIncidents = zone;
      }
    }
    assertNotNull(withIncidents, "no zone has an incident");
    String id = apiIncidents(ofZone(withIncidents)).iterator().next();
    JsonNode p = withIncidents.get("properties");
    openWithKeyboard(shape("keyboard-shape", km(p.get("min_km").asDouble(), 1) + "–" + km(p.get("max_km").asDouble(), 1)
        + " km from the border, " + en.get("side." + p.get("side").asText())));
    browser.driver.findElement(By.cssSelector(".leaflet-popup-content button[data-incident='" + id + "']")).click();
    incidentPopupOpens(id);
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(3)
  void noPopupOrNameOfAReferenceLayerShowsARawCodeInEnglishOrGerman() {
    for (String language : List.of("en", "de")) {
      browser.js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
      reload("layers=incidents,shelled_villages,border,exposure_zones,settlements");
      List<String> read = new ArrayList<>();
      for (String css : List.of("shelled-village", "keyboard-shape")) {
        int n = browser.driver.findElements(By.cssSelector("path.keyboard-shape." + css)).size();
        for (int i = 0; i < n; i++) {
          WebElement s = browser.driver.findElements(By.cssSelector("path.keyboard-shape." + css)).get(i);
          read.add(s.getDomAttribute("aria-label"));
          openWithKeyboard(s);
          read.add(popupText());
        }
      }
      assertTrue(read.size() >= 2 * (villages.size() + zones.size() + 1), "not every village, zone and the border opened: " + read.size());
      // Settlements speak through their tooltips.
      List<String> tips = browser.js("""
          const shown = [];
          const paths = [...document.querySelectorAll('.leaflet-settlements-pane path')].slice(0, 25);
          for (const p of paths) {
            const r = p.getBoundingClientRect();
            p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
            const tip = document.querySelector('.leaflet-tooltip');
            if (tip) shown.push(tip.innerText);
            p.dispatchEvent(new MouseEvent('mouseout', {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
          }
          return shown;""");
      assertFalse(tips.isEmpty(), "no settlement tooltip opened");
      String distance = dictionary(language).get("settlement.distance").replace("{km}", "").trim();
      assertTrue(tips.stream().allMatch(tip -> tip.contains(distance)), "a tooltip without its distance to the border: " + tips);
      read.addAll(tips);
      for (String text : read) {
        Matcher m = RAW.matcher(text == null ? "" : text);
        assertFalse(m.find(), language + ": raw code '" + (m.hitEnd() ? "" : m.group()) + "' in: " + text);
      }
      if (language.equals("de")) {
        assertTrue(read.stream().anyMatch(s -> s.contains("Expositionszone")), "the zones are not in German");
        assertFalse(read.stream().anyMatch(s -> s.contains("from the border")), "English in the German page");
      }
    }
    browser.js("localStorage.setItem('incident-atlas.language', 'en');");
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(4)
  void aTimeRangeOrFilterCountsTheShellingAgainAndDimsVillagesWithoutAny() {
    Map<String, String> en = dictionary("en");
    // A day that some shelled villages were shelled on and others not.
    Map<String, Set<String>> byVillage = new HashMap<>();
    villages.forEach(v -> byVillage.put(v.get("properties").get("name").asText(), new LinkedHashSet<>(apiIncidents(ofVillage(v)))));
    String day = null;
    Set<String> thatDay = null;
    for (JsonNode v : villages) {
      for (String candidate : List.of(v.get("properties").get("first_date").asText(), v.get("properties").get("last_date").asText())) {
        Set<String> ids = apiIncidents("datetime=" + candidate + "/" + candidate);
        long hit = byVillage.values().stream().filter(s -> s.stream().anyMatch(ids::contains)).count();
        if (day == null && hit > 0 && hit < byVillage.size()) {
          day = candidate;
          thatDay = ids;
        }
      }
    }
    assertNotNull(day, "every day shows all shelled villages or none");
    reload("map=12/40.95/45.55&datetime=" + day + "/" + day);
    // The days reach the villages once their incidents are in: until then a popup counts them all.
    Set<String> shelledThatDay = thatDay;
    long withoutThatDay = byVillage.values().stream().filter(s -> s.stream().noneMatch(shelledThatDay::contains)).count();
    browser.waitFor("the villages without shelling that day to be dimmed", d ->
        d.findElements(By.cssSelector("path.shelled-village.no-matching-shelling")).size() == withoutThatDay);
    String scope = en.get("reference.scope.days");
    int dimmed = 0;
    for (JsonNode v : villages) {
      JsonNode p = v.get("properties");
      String name = p.get("name").asText();
      Set<String> matching = new TreeSet<>(byVillage.get(name));
      matching.retainAll(thatDay);
      WebElement shape = shape("shelled-village", name);
      String classes = String.valueOf(shape.getDomAttribute("class"));
      assertEquals(matching.isEmpty(), classes.contains("no-matching-shelling"), name + " dimmed? " + classes + " matching " + matching);
      openWithKeyboard(shape);
      String text = popupText();
      assertEquals(matching, incidentButtons(), "incidents of " + name + " on " + day);
      String note = matching.isEmpty()
          ? fill(en.get("reference.shellingNone"), Map.of("scope", scope, "total", String.valueOf(p.get("shelling_incidents").asInt())))
          : fill(en.get("reference.shellingSome"), Map.of("scope", scope, "count", String.valueOf(matching.size()),
              "total", String.valueOf(p.get("shelling_incidents").asInt())));
      assertTrue(text.contains(note), "no '" + note + "' in " + text);
      if (matching.isEmpty() && dimmed++ == 0) {
        browser.waitFor("the popup to fade in", d -> "1".equals(browser.js("return getComputedStyle(document.querySelector('.leaflet-popup')).opacity;")));
        browser.screenshot("villages-filtered");
      }
    }
    assertTrue(dimmed > 0);
    browser.js("window.atlas.map.closePopup();");

    // A filter of the incidents counts the same way: only the villages' armed clashes would count, and they have none.
    reload("map=12/40.95/45.55&event_type=armed_clash");
    Set<String> clashes = apiIncidents("event_type=armed_clash");
    long withoutClashes = byVillage.values().stream().filter(s -> s.stream().noneMatch(clashes::contains)).count();
    browser.waitFor("the villages without armed clashes to be dimmed", d ->
        d.findElements(By.cssSelector("path.shelled-village.no-matching-shelling")).size() == withoutClashes);
    for (JsonNode v : villages) {
      String name = v.get("properties").get("name").asText();
      Set<String> matching = new TreeSet<>(byVillage.get(name));
      matching.retainAll(clashes);
      WebElement shape = shape("shelled-village", name);
      assertEquals(matching.isEmpty(), String.valueOf(shape.getDomAttribute("class")).contains("no-matching-shelling"), name);
      // And the zones list only the incidents the filter keeps.
    }
    for (JsonNode zone : zones) {
      JsonNode p = zone.get("properties");
      Set<String> matching = new TreeSet<>(apiIncidents(ofZone(zone)));
      matching.retainAll(clashes);
      openWithKeyboard(shape("keyboard-shape", km(p.get("min_km").asDouble(), 1) + "–" + km(p.get("max_km").asDouble(), 1)
          + " km from the border, " + en.get("side." + p.get("side").asText())));
      assertEquals(matching, incidentButtons(), "incidents of zone " + zone.get("id") + " under event_type=armed_clash");
    }
    browser.js("window.atlas.map.closePopup();");
    reload("");
  }

  @Test
  @Order(5)
  void tabNeverStopsOnAnUnnamedElementOrACountryShape() {
    reload("");
    List<String> problems = new ArrayList<>();
    Set<String> kinds = new TreeSet<>();
    String first = null;
    for (int i = 0; i < 250; i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      WebElement e = browser.driver.switchTo().activeElement();
      String where = browser.js("""
          const e = document.activeElement;
          return (e.closest('.leaflet-pane') ? [...e.closest('.leaflet-pane').classList].find(c => c.endsWith('-pane') && c !== 'leaflet-pane') + ' ' : '')
            + e.tagName + '.' + (e.getAttribute('class') || '') + '#' + (e.id || '');""");
      if (where.equals(first)) {
        break;
      }
      if (first == null) {
        first = where;
      }
      if (where.startsWith("BODY")) {
        continue;
      }
      kinds.add(where.split(" ")[0]);
      if (where.contains("countries-pane")) {
        problems.add("a country shape: " + where);
      }
      String name = e.getAccessibleName();
      if (name == null || name.isBlank()) {
        problems.add("no accessible name: " + where);
      }
      if (where.contains("keyboard-shape")) {
        String stroke = browser.js("return getComputedStyle(document.activeElement).stroke;");
        if (!stroke.equals("rgb(11, 114, 133)")) {
          problems.add("no focus ring on " + where + ": stroke " + stroke);
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(kinds.contains("leaflet-shelled_villages-pane"), "the shelled villages are not reached with Tab: " + kinds);
    assertTrue(kinds.contains("leaflet-exposure_zones-pane"), "the exposure zones are not reached with Tab: " + kinds);
  }
  @Test
  @Order(6)
  void aVillageWhoseClaimsCannotBeReadSaysSoInTheReadersLanguageAndKeepsTheFocus() {
    JsonNode village = villages.get(0);
    String name = village.get("properties").get("name").asText();
    for (String language : List.of("en", "de")) {
      browser.js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
      reload("");
      // The server answers everything else: only the read of the village's incidents fails, as when the network drops.
      browser.js("""
          const fromServer = window.fetch;
          window.fetch = (url, ...rest) => String(url).includes('place_id=') ? Promise.reject(new TypeError('offline')) : fromServer(url, ...rest);""");
      WebElement shape = shape("shelled-village", name);
      openWithKeyboard(shape);
      String failed = dictionary(language).get("village.recordsFailed").replace("{message}", "offline");
      String text = popupText();
      assertTrue(text.contains(failed), language + ": no '" + failed + "' in " + text);
      assertEquals(1, browser.driver.findElements(By.cssSelector(".leaflet-popup-content [role=alert]")).size(), "the failure is not announced");
      assertEquals(apiIncidents(ofVillage(village)), incidentButtons(), "the incidents stand without the claims");
      assertTrue(Boolean.TRUE.equals(browser.js("return document.activeElement === document.querySelector('.leaflet-popup-content .reference-popup');")),
          "the focus left the popup when the failure was written into it");
      browser.screenshot("village-popup-failed-" + language);
      new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
      browser.waitFor("the focus back on the village", d -> Boolean.TRUE.equals(browser.js("return document.activeElement === arguments[0];", shape)));
      if (language.equals("de")) {
        assertFalse(text.contains("Could not"), "English in the German popup: " + text);
      }
    }
    browser.js("localStorage.setItem('incident-atlas.language', 'en');");
    reload("");
  }

  @Test
  @Order(7)
  void aVillagePopupAndAZonePopupFitAPhone() {
    JsonNode village = villages.get(0);
    for (JsonNode v : villages) {
      if (v.get("properties").get("shelling_incidents").asInt() > village.get("properties").get("shelling_incidents").asInt()) {
        village = v;
      }
    }
    JsonNode zone = zones.get(0);
    for (JsonNode z : zones) {
      if (z.get("properties").get("incident_count").asInt() > zone.get("properties").get("incident_count").asInt()) {
        zone = z;
      }
    }
    JsonNode zp = zone.get("properties");
    String zoneName = km(zp.get("min_km").asDouble(), 1) + "–" + km(zp.get("max_km").asDouble(), 1) + " km from the border, "
        + dictionary("en").get("side." + zp.get("side").asText());
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      for (String[] opened : List.of(new String[] {"shelled-village", village.get("properties").get("name").asText(), "village-popup-375"},
          new String[] {"keyboard-shape", zoneName, "zone-popup-375"})) {
        WebElement shape = phone.waitFor("the shape of " + opened[1], d -> d.findElements(By.cssSelector("path.keyboard-shape." + opened[0])).stream()
            .filter(e -> String.valueOf(e.getDomAttribute("aria-label")).contains(opened[1])).findFirst().orElse(null));
        phone.js("window.atlas.map.closePopup(); arguments[0].focus({preventScroll: true});", shape);
        phone.waitFor("the previous popup to go", d -> d.findElements(By.cssSelector(".leaflet-popup")).isEmpty());
        new Actions(phone.driver).sendKeys(Keys.ENTER).perform();
        recordsRead(phone);
        phone.waitFor("the popup to fade in and stand still", d -> "1".equals(phone.js(
            "const p = document.querySelector('.leaflet-popup'); return p ? getComputedStyle(p).opacity : null;")));
        phone.waitStill("the popup", By.cssSelector(".leaflet-popup"));
        Map<String, Number> r = phone.js("const r = document.querySelector('.leaflet-popup').getBoundingClientRect(); return {left: r.left, right: r.right};");
        assertTrue(r.get("left").doubleValue() >= 0 && r.get("right").doubleValue() <= 375, opened[2] + " leaves the screen: " + r);
        long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
        assertTrue(width <= 375, "the page is " + width + " px wide");
        phone.screenshot(opened[2]);
      }
    }
  }
}
