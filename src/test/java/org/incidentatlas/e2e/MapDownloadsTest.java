package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestDownload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The map's downloads in every format, opened with GDAL's ogrinfo as a GIS user opens them:
 * "Download what I see" holds as many features as the page says it shows, in each format the
 * panel offers, and a layer's whole-layer download holds the count its panel row states.
 */
@Tag("browser")
@Tag("gdal")
class MapDownloadsTest {
  /** Shelling and armed clashes over five days around Aygepar and Berd: some incidents of the layer, not all. */
  private static final String VIEW = "#map=12/40.9300/45.5200&layers=incidents,border"
      + "&datetime=2020-07-12/2020-07-16&event_type=shelling,armed_clash";
  private static final Pattern NUMBER = Pattern.compile("(\\d[\\d,.]*)");
  private static final List<String> NAMES = List.of("GeoJSON", "CSV", "KML", "GeoPackage", "Shapefile (zip)");

  private static TestAtlas atlas;
  private static Browser browser;

  @TempDir
  Path tmp;

  @BeforeAll
  static void openMap() {
    atlas = TestAtlas.shared();
    browser = Browser.open(1280, 800);
    browser.load(atlas, "/" + VIEW);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** The first number in a text as the page writes it in English ("1,234 features"). */
  private static long number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertTrue(m.find(), "no number in '" + text + "'");
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private long ogrinfoCount(String href, String extension) throws Exception {
    URI uri = URI.create(href);
    assertEquals(atlas.port(), uri.getPort(), href);
    TestDownload d = TestDownload.get(atlas, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    assertEquals(200, d.status(), d.text());
    assertTrue(d.fileName().endsWith("." + extension), d.fileName());
    Path file = d.saveIn(tmp);
    Gdal r = Gdal.run(tmp, "ogrinfo", "-ro", "-so", "-al", extension.equals("zip") ? "/vsizip/" + file : file.toString());
    r.assertClean();
    List<Long> counts = r.featureCounts();
    assertEquals(1, counts.size(), r.describe());
    return counts.get(0);
  }

  @Test
  void everyFormatOfWhatISeeHoldsTheIncidentsThePageCounts() throws Exception {
    // The event list bound to the map's extent counts what the map shows.
    browser.driver.findElement(By.id("events-in-view")).click();
    browser.waitFor("the event list of the map's extent", d -> "ready".equals(d.findElement(By.id("events")).getDomAttribute("data-state"))
        && d.findElement(By.id("events")).getDomAttribute("data-query").contains("bbox="));
    long shown = number(browser.driver.findElement(By.id("events-count")).getText());
    long total = atlas.json("/api/collections/incidents").get("featureCount").asLong();
    assertTrue(shown > 0 && shown < total, "the view should show some incidents, not all: " + shown + " of " + total);
    // The markers on the map agree with the list.
    assertEquals(shown, browser.<List<?>>js("return window.atlas.visibleIds('incidents');").size());

    new Select(browser.driver.findElement(By.id("download-layer"))).selectByValue("incidents");
    Select format = new Select(browser.driver.findElement(By.id("download-format")));
    assertEquals(NAMES, format.getOptions().stream().map(WebElement::getText).toList(), "formats offered, by their names");
    List<String> extensions = format.getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
    assertEquals(List.of("geojson", "csv", "kml", "gpkg", "zip"), extensions);
    String query = null;
    for (int i = 0; i < extensions.size(); i++) {
      String extension = extensions.get(i);
      format.selectByValue(extension);
      WebElement link = browser.driver.findElement(By.id("download-link"));
      assertEquals("Download " + NAMES.get(i), link.getText());
      String href = link.getDomProperty("href");
      URI uri = URI.create(href);
      assertTrue(uri.getPath().equals("/download/incidents." + extension), href);
      // Every format carries the same query: the days, the filters and the extent.
      if (query == null) {
        query = uri.getRawQuery();
        assertTrue(query.contains("bbox=") && query.contains("datetime=2020-07-12%2F2020-07-16")
            && query.contains("event_type=shelling%2Carmed_clash"), query);
      }
      assertEquals(query, uri.getRawQuery(), extension);
      assertEquals(shown, ogrinfoCount(href, extension), extension + ": " + href);
    }
    browser.js("document.getElementById('download').scrollIntoView();");
    browser.screenshot("download-formats-1280");
  }

  @Test
  void aLayersWholeDownloadInEveryFormatIsReachedByKeyboard() throws Exception {
    WebElement row = browser.driver.findElement(By.xpath("//ul[@id='reference-layers']/li[.//input[@value='settlements']]"));
    long stated = number(row.findElement(By.className("count")).getText());
    WebElement summary = row.findElement(By.cssSelector(".layer-downloads summary"));
    assertFalse(summary.getDomAttribute("aria-label").isBlank());
    assertFalse(row.findElement(By.cssSelector(".layer-downloads a")).isDisplayed(), "the formats are folded at first");
    browser.js("arguments[0].focus();", summary);
    summary.sendKeys(Keys.ENTER);
    List<WebElement> links = row.findElements(By.cssSelector(".layer-downloads a"));
    assertEquals(NAMES, links.stream().map(WebElement::getText).toList());
    List<String> labels = new ArrayList<>();
    for (WebElement link : links) {
      assertTrue(link.isDisplayed(), link.getText());
      labels.add(link.getDomAttribute("aria-label"));
    }
    assertTrue(labels.stream().allMatch(l -> l.contains("Settlements") && l.contains("whole layer")), labels.toString());
    summary.sendKeys(Keys.TAB);
    assertEquals("GeoJSON", browser.js("return document.activeElement.textContent;"), "Tab from the summary goes to the first format");
    WebElement gpkg = links.get(3);
    // A whole-layer file: no query.
    String href = gpkg.getDomProperty("href");
    assertTrue(href.endsWith("/download/settlements.gpkg"), href);
    assertEquals(stated, ogrinfoCount(href, "gpkg"));
    assertEquals(stated, ogrinfoCount(links.get(4).getDomProperty("href"), "zip"));
    browser.screenshot("download-layer-formats-1280");
  }

  @Test
  void onAPhoneInGermanTheFormatsHaveTheirNamesAndFitTheDrawer() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.loadIn("de", atlas, "/" + VIEW);
      phone.driver.findElement(By.id("panel-toggle")).click();
      new Select(phone.driver.findElement(By.id("download-format"))).selectByValue("zip");
      assertEquals("Shapefile (ZIP) herunterladen", phone.driver.findElement(By.id("download-link")).getText());
      WebElement summary = phone.driver.findElement(By.cssSelector("#incident-layers .layer-downloads summary"));
      assertEquals("Herunterladen", summary.getText());
      phone.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", summary);
      summary.sendKeys(Keys.ENTER);
      assertEquals("Vorfälle herunterladen (ganze Ebene) als GeoPackage",
          phone.driver.findElements(By.cssSelector("#incident-layers .layer-downloads a")).get(3).getDomAttribute("aria-label"));
      // Nothing sticks out of the drawer sideways.
      assertEquals(Boolean.TRUE, phone.js("const p = document.getElementById('panel'); return p.scrollWidth <= p.clientWidth;"));
      phone.screenshot("download-layer-formats-375-de");
      phone.js("document.getElementById('download').scrollIntoView();");
      phone.screenshot("download-formats-375-de");
      phone.assertStayedHomeWithoutErrors("/api/collections");
    }
  }
}
