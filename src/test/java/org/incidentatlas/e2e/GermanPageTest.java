package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
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
 * The German page has no English left: the panel, the legend, a popup, the timeline, search
 * results and errors, and what the server answers to a bad token and a record with a missing
 * field. The English phrases looked for are those of the English dictionary that German says
 * otherwise, and a few words that gave English away before. Counts take the plural the language
 * wants, and distances its decimal comma.
 *
 * <p>The tests share one page and run in order.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GermanPageTest extends EditingPageTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\w+\\}");
  /** Words that are English whatever the dictionaries say, as whole words. */
  private static final List<String> ENGLISH_WORDS = List.of("features", "feature", "incidents", "Legend", "exact location", "within",
      "Sign in", "Play", "is required");

  private JsonNode en;
  private JsonNode de;
  private final List<String> phrases = new ArrayList<>();

  @BeforeAll
  void readDictionaries() throws Exception {
    en = TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", "en.json")));
    de = TestAtlas.JSON.readTree(Files.readString(Path.of("web", "i18n", "de.json")));
    TreeSet<String> found = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = en.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("_") || e.getValue().equals(de.get(e.getKey()))) {
        continue;
      }
      List<String> texts = new ArrayList<>();
      if (e.getValue().isTextual()) {
        texts.add(e.getValue().asText());
      } else {
        e.getValue().forEach(v -> texts.add(v.asText()));
      }
      for (String text : texts) {
        // What lies between the placeholders is what the page shows word for word.
        for (String part : PLACEHOLDER.split(text)) {
          String phrase = part.strip().replaceAll("^[\\p{Punct}–—“”‘’ ]+|[\\p{Punct}–—“”‘’ ]+$", "");
          if (phrase.split("\\s+").length > 3) {
            found.add(phrase);
          }
        }
      }
    }
    phrases.addAll(found);
    assertTrue(phrases.size() > 100, "too few English phrases to look for: " + phrases.size());
  }

  /** A German text of the dictionary with its placeholders filled. */
  private String de(String key, String... params) {
    JsonNode entry = de.get(key);
    String text = entry.isTextual() ? entry.asText() : entry.get(params.length > 0 && "count".equals(params[0]) && "1".equals(params[1]) ? "one" : "other").asText();
    for (int i = 0; i < params.length; i += 2) {
      text = text.replace("{" + params[i] + "}", params[i + 1]);
    }
    return text;
  }

  /** The text a reader sees, without texts that come from records (quotes, notes, names, publishers). */
  private String visibleText() {
    return browser.js("""
        const style = document.createElement('style');
        style.textContent = '.popup .quote, .popup .summary, .popup .notes, .popup .names, .popup a, .popup .statements li,'
          + ' .popup .claims th[scope=col] { display: none !important; }';
        document.head.append(style);
        const text = document.body.innerText;
        style.remove();
        return text;""");
  }

  /** The English phrases and words in {@code text}. */
  private List<String> english(String text) {
    List<String> english = new ArrayList<>();
    for (String phrase : phrases) {
      if (text.contains(phrase)) {
        english.add(phrase);
      }
    }
    for (String word : ENGLISH_WORDS) {
      if (Pattern.compile("(?<![\\p{L}])" + Pattern.quote(word) + "(?![\\p{L}])").matcher(text).find()) {
        english.add(word);
      }
    }
    return english;
  }

  private void assertNoEnglish(String where) {
    String text = visibleText();
    assertEquals(List.of(), english(text), "English on the German page (" + where + "):\n" + text);
  }

  private WebElement panelRow(String layer) {
    return browser.driver.findElement(By.cssSelector("#panel a[href='/download/" + layer + ".geojson']"))
        .findElement(By.xpath("./ancestor::*[contains(@class,'layer-meta')]"));
  }

  @Test
  @Order(1)
  void aLayerOfOneFeatureSaysSoInTheSingularInBothLanguages() {
    long count = atlas.json("/api/collections/border").get("featureCount").asLong();
    assertEquals(1, count, "the border layer is expected to hold one feature");
    String english = normalise(panelRow("border").getText());
    assertTrue(english.startsWith("1 feature ") || english.startsWith("1 feature·"), english);
    // The event list is read in the first task after the page turned German, before it could be
    // read again from the server: a new language must not wait for that.
    browser.waitFor("the event list", d -> "ready".equals(browser.js("return document.getElementById('events').dataset.state;")));
    List<String> list = browser.js("""
        const select = document.getElementById('language');
        return new Promise(resolve => {
          new MutationObserver((_, observer) => {
            if (document.getElementById('filters-title')?.textContent === 'Filter') {
              observer.disconnect();
              setTimeout(() => resolve([document.getElementById('events-count').textContent,
                document.getElementById('events').innerText]));
            }
          }).observe(document.body, { childList: true, characterData: true, subtree: true });
          select.value = 'de';
          select.dispatchEvent(new Event('change'));
        });""");
    long incidents = atlas.json("/api/collections/incidents").get("featureCount").asLong();
    assertEquals(de("eventList.count", "count", String.valueOf(incidents)), list.get(0));
    assertEquals(List.of(), english(list.get(1)), "English in the event list:\n" + list.get(1));
    String german = normalise(panelRow("border").getText());
    assertTrue(german.startsWith("1 Objekt ") && !german.contains("Objekte"), german);
    long settlements = atlas.json("/api/collections/settlements").get("featureCount").asLong();
    assertTrue(normalise(panelRow("settlements").getText()).startsWith(settlements + " Objekte"), panelRow("settlements").getText());
    assertNoEnglish("panel");
  }

  @Test
  @Order(2)
  void theLegendIsGerman() {
    WebElement toggle = browser.driver.findElement(By.cssSelector(".legend-toggle"));
    if (!"true".equals(toggle.getDomAttribute("aria-expanded"))) {
      toggle.click();
    }
    browser.waitFor("the legend open", d -> "true".equals(toggle.getDomAttribute("aria-expanded")));
    assertEquals(de.get("legend.title").asText(), toggle.getText());
    assertNoEnglish("legend");
  }

  @Test
  @Order(3)
  void aPopupIsGermanAndItsDistancesHaveADecimalComma() {
    JsonNode chosen = null;
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000").get("features")) {
      JsonNode km = f.at("/properties/border_distance_km");
      if (km.isNumber() && new BigDecimal(km.asText()).setScale(1, RoundingMode.HALF_UP).remainder(BigDecimal.ONE).signum() != 0) {
        chosen = f;
        break;
      }
    }
    assertTrue(chosen != null, "no incident at a distance from the border with a decimal");
    String id = chosen.get("id").asText();
    String km = new BigDecimal(chosen.at("/properties/border_distance_km").asText()).setScale(1, RoundingMode.HALF_UP)
        .toPlainString().replace('.', ',');
    browser.js("window.location.hash = 'map=12/' + arguments[1] + '/' + arguments[0] + '&selected=incidents/' + arguments[2];",
        chosen.at("/geometry/coordinates/0").asDouble(), chosen.at("/geometry/coordinates/1").asDouble(), id);
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    WebElement popup = browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content")).stream()
        .filter(e -> e.getText().contains(id)).findFirst().orElse(null));
    String text = normalise(popup.getText());
    String side = chosen.at("/properties/border_side").asText();
    String uncertainty = new BigDecimal(chosen.at("/properties/border_distance_uncertainty_km").asText()).setScale(1, RoundingMode.HALF_UP)
        .toPlainString().replace('.', ',');
    String expected = de("popup.borderValue", "km", de("borderDistance.value", "km", km, "uncertainty", uncertainty),
        "side", de("side." + side));
    assertTrue(text.contains(expected), "'" + expected + "' not in the popup: " + text);
    assertTrue(text.contains(de.get("popup.sources").asText()), text);
    // Opened from a link, with the longer German legend open, the popup is not covered by it.
    browser.waitFor("the popup clear of the legend", d -> Boolean.TRUE.equals(browser.js("""
        const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
        const body = document.querySelector('.legend .legend-body');
        if (!body || body.hidden || body.offsetParent === null) return true;
        const r = document.querySelector('.legend').getBoundingClientRect();
        return !(p.left < r.right && r.left < p.right && p.top < r.bottom && r.top < p.bottom);""")) ? true : null);
    browser.screenshot("german-popup");
    assertNoEnglish("popup of " + id);
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(4)
  void theTimelineAndItsPlayControlsAreGerman() {
    assertTrue(byId("time-label").getText().contains("Juli"), byId("time-label").getText());
    List<String> modes = new Select(byId("time-mode")).getOptions().stream().map(WebElement::getText).toList();
    assertEquals(List.of(de.get("timeline.mode.single").asText(), de.get("timeline.mode.cumulative").asText()), modes);
    List<String> speeds = new Select(byId("time-speed")).getOptions().stream().map(WebElement::getText).toList();
    assertEquals(List.of("2 s", "1 s", "0,5 s"), speeds);
    assertEquals(de.get("timeline.play").asText(), byId("time-play").getDomAttribute("aria-label"));
    byId("time-play").click();
    browser.waitFor("the button named for pausing", d -> de.get("timeline.pause").asText().equals(byId("time-play").getDomAttribute("aria-label")));
    assertNoEnglish("timeline playing");
    byId("time-play").click();
    byId("time-from").sendKeys(Keys.HOME);
    byId("time-to").sendKeys(Keys.END);
  }

  @Test
  @Order(5)
  void searchResultsAndSearchErrorsAreGerman() {
    WebElement input = byId("search-input");
    input.sendKeys("Agdam");
    WebElement notice = browser.waitFor("the ambiguity notice", d -> d.findElements(By.cssSelector("#search-results .ambiguous"))
        .stream().findFirst().orElse(null));
    assertEquals(de("search.ambiguous", "query", "Agdam"), notice.getText());
    assertNoEnglish("search results");
    input.clear();
    input.sendKeys("!!!");
    String expected = de("search.failed", "message", de("error.search.noLetter", "query", "!!!"));
    browser.waitFor("the search error in German", d -> d.findElements(By.cssSelector("#search-results .message")).stream()
        .anyMatch(e -> e.getText().equals(expected)));
    assertNoEnglish("search error");
    input.clear();
    input.sendKeys(Keys.ESCAPE);
  }

  @Test
  @Order(6)
  void aTokenTheServerRefusesIsExplainedInGerman() {
    byId("sign-in-toggle").click();
    WebElement input = browser.waitFor("the token field", d -> d.findElement(By.id("token-input")).isDisplayed() ? d.findElement(By.id("token-input")) : null);
    input.sendKeys("atlas_" + "x".repeat(43), Keys.ENTER);
    String expected = de("account.refused", "message", de("error.auth.unknownToken"));
    browser.waitFor("the refusal in German", d -> d.findElement(By.id("sign-in-error")).getText().equals(expected) ? true : null);
    assertNoEnglish("sign-in refused");
    input.clear();
    input.sendKeys(Keys.ESCAPE);
  }

  @Test
  @Order(7)
  void aFieldErrorOfTheServerIsShownInGerman() {
    if (!byId("token-input").isDisplayed()) {
      byId("sign-in-toggle").click();
    }
    WebElement token = browser.waitFor("the token field", d -> d.findElement(By.id("token-input")).isDisplayed() ? d.findElement(By.id("token-input")) : null);
    token.sendKeys(editorToken, Keys.ENTER);
    String signedIn = de("account.signedInAs", "name", "erin", "role", de("role.editor"));
    browser.waitFor("'" + signedIn + "'", d -> d.findElement(By.id("account-name")).getText().equals(signedIn) ? true : null);
    openEditor();
    byId("add-start").click();
    WebElement place = byId("place-search");
    place.sendKeys("Agdam");
    browser.waitFor("the candidates", d -> d.findElements(By.cssSelector("#place-results [role=option]")).size() >= 2);
    assertNoEnglish("place search");
    browser.driver.findElements(By.cssSelector("#place-results [role=option]")).stream()
        .filter(o -> o.getText().startsWith("Ağdam") && o.getText().contains("Tovuz")).findFirst().orElseThrow().click();
    browser.waitFor("the confirm step", d -> d.findElement(By.id("place-confirm")).isDisplayed());
    assertNoEnglish("place confirmation");
    byId("place-confirm-yes").click();
    WebElement form = form();
    browser.js("arguments[0].value = '2020-07-14'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        form.findElement(By.name("date")));
    new Select(form.findElement(By.name("event_type"))).selectByValue("shelling");
    WebElement source = form.findElement(By.cssSelector("#form-sources .entry"));
    source.findElement(By.name("url")).sendKeys("https://example.org/without-publisher");
    source.findElement(By.name("language")).sendKeys("en");
    byId("form-submit").click();
    WebElement publisher = source.findElement(By.name("publisher"));
    browser.waitFor("the publisher marked invalid", d -> "true".equals(publisher.getDomAttribute("aria-invalid")));
    WebElement error = browser.driver.findElement(By.id(publisher.getDomAttribute("aria-describedby")));
    assertEquals(de("error.record.required"), error.getText());
    assertTrue(byId("form-errors").getText().startsWith(de("edit.notStored", "count", "1")), byId("form-errors").getText());
    browser.screenshot("german-error");
    assertNoEnglish("field error");
    assertFalse(visibleText().contains("is required"));
  }
}
