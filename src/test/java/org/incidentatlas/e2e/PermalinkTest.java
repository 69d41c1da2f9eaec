package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Links that name what the atlas does not have, or hides, never end on a silent or empty map:
 * the page says so in the reader's language and shows the default instead, while the parts of
 * the link it knows keep working.
 */
@Tag("browser")
class PermalinkTest {
  private static TestAtlas atlas;
  private static Browser browser;

  @BeforeAll
  static void openBrowser() {
    atlas = TestAtlas.shared();
    browser = Browser.open(1280, 800);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Opens a link afresh: a change of the fragment alone would not load the page again. */
  private static void open(String fragment) {
    browser.driver.get("about:blank");
    browser.load(atlas, "/" + fragment);
  }

  private static String status() {
    return browser.driver.findElement(By.id("status")).getText();
  }

  private static String fragment() {
    return URI.create(browser.driver.getCurrentUrl()).getFragment();
  }

  private static List<String> layersShown() {
    return browser.js("return [...document.querySelectorAll('#incident-layers input:checked, #reference-layers input:checked')].map(i => i.value).sort();");
  }

  private static double[] view() {
    List<Number> v = browser.js("const c = window.atlas.map.getCenter(); return [window.atlas.map.getZoom(), c.lat, c.lng];");
    return new double[] {v.get(0).doubleValue(), v.get(1).doubleValue(), v.get(2).doubleValue()};
  }

  @Test
  void anUnknownLayerIsNamedAndTheKnownOnesAreShown() {
    open("#layers=nope,incidents");
    assertTrue(status().contains("not in the atlas: nope"), status());
    assertEquals(List.of("incidents"), layersShown());
    assertTrue(fragment().contains("layers=incidents") && !fragment().contains("nope"), fragment());
    assertFalse(browser.driver.findElements(By.cssSelector(".incident-icon, .marker-cluster")).isEmpty(), "no incident on the map");

    // With no layer it knows, the link gets the default layers.
    open("#layers=nope");
    assertTrue(status().contains("default layers"), status());
    assertEquals(List.of("border", "exposure_zones", "incidents", "shelled_villages"), layersShown());
  }

  @Test
  void anUnknownIncidentIsNamedAndTheWholeMapShown() {
    open("#map=15/41.0500/45.6500&datetime=2020-07-12/2020-07-14&selected=incidents/XX-9999");
    assertTrue(status().contains("The link names an incident that is not in the atlas: XX-9999; showing the whole map."), status());
    double[] v = view();
    // The map's default view (map.js INITIAL_VIEW), not the link's.
    assertEquals(10, v[0], 0.001);
    assertEquals(40.93, v[1], 0.001);
    assertEquals(45.5, v[2], 0.001);
    assertTrue(browser.driver.findElements(By.cssSelector(".leaflet-popup")).isEmpty(), "a popup opened");
    assertFalse(fragment().contains("selected="), fragment());
    // The link's known parts hold: its days.
    assertTrue(fragment().contains("datetime=2020-07-12/2020-07-14"), fragment());
    browser.screenshot("permalink-unknown");

    open("#selected=nope/TT2020-0001");
    assertTrue(status().contains("not in the atlas: nope/TT2020-0001"), status());
  }

  @Test
  void anIncidentTheLinksOwnDaysHideIsNamed() {
    // An incident that ends before the link's only day.
    JsonNode early = null;
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000&datetime=2020-07-12/2020-07-13").get("features")) {
      if (f.get("properties").get("date_end").asText().compareTo("2020-07-15") < 0) {
        early = f;
        break;
      }
    }
    assertTrue(early != null, "no incident over by 15 July");
    String id = early.get("id").asText();
    open("#datetime=2020-07-16/2020-07-16&selected=incidents/" + id);
    assertTrue(status().contains(id) && status().contains("hide"), status());
    assertTrue(browser.driver.findElements(By.cssSelector(".leaflet-popup")).isEmpty(), "a hidden incident opened");

    // The same link without the days opens it, beside a layer it does not know.
    open("#layers=nope,incidents&selected=incidents/" + id);
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
        .stream().anyMatch(e -> e.getText().equals(id)));
    assertTrue(status().contains("nope"), status());
  }

  @Test
  void theNoticeIsInTheReadersLanguage() {
    browser.driver.get(atlas.url("/"));
    browser.js("localStorage.setItem('incident-atlas.language', 'de');");
    try {
      open("#selected=incidents/XX-9999");
      assertEquals("Der Link nennt einen Vorfall, den es im Atlas nicht gibt: XX-9999; die ganze Karte wird gezeigt.", status());
    } finally {
      browser.js("localStorage.setItem('incident-atlas.language', 'en');");
    }
  }
}
