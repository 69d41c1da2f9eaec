package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.HostileRecord;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.junit.jupiter.api.AfterAll;
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
 * The map page in real headless Chromium against the real server. The atlas is built from the
 * project's geodata plus one record whose texts carry markup and script, which must show as text.
 * Expected sets come from the API, asked with the same query the page claims to show.
 *
 * <p>The tests share one page and run in order; each leaves the view as it found it or says so.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapPageTest {
  /** Tiles from the atlas itself, so that switching to the street map stays on loopback. */
  static final AtlasConfig.Tiles TILES = new AtlasConfig.Tiles("/favicon.svg?tile={z}/{x}/{y}", "Test tiles &copy; Atlas");

  private static Path dir;
  private static TestAtlas atlas;
  private static Browser browser;

  @BeforeAll
  static void openMapPage() throws Exception {
    dir = Files.createTempDirectory("atlas-map-test");
    atlas = TestAtlas.of(HostileRecord.geodata(dir.resolve("geodata")), dir.resolve("data"), TILES);
    browser = Browser.openMap(atlas, 1280, 800);
  }

  @AfterAll
  static void closeAll() {
    if (browser != null) {
      browser.close();
    }
    if (atlas != null) {
      atlas.app.stop();
    }
    TestAtlas.deleteTree(dir);
  }

  // ---- helpers reading the page and the API ----

  private static Set<String> visibleIds(String layer) {
    List<String> ids = browser.js("return window.atlas.visibleIds(arguments[0]);", layer);
    return new TreeSet<>(ids);
  }

  /** The map's bounds as the page sends them: west,south,east,north. */
  private static String bbox() {
    return browser.js("const b = window.atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');");
  }

  /** Ids the API returns for a query, all pages. */
  private static Set<String> apiIds(String layer, String query) {
    Set<String> ids = new TreeSet<>();
    atlas.json("/api/collections/" + layer + "/items?limit=10000&" + query).get("features").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  /** The {@code datetime} value in the page's URL hash. */
  private static String datetimeIn(String fragment) {
    return fragment.replaceAll(".*datetime=([^&]+).*", "$1");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // Leaflet.markercluster ignores a move that ends while its clusters animate, and leaves the
  // markers of the new view undrawn: the view changes only once the map is at rest.
  private static void setView(double lat, double lon, int zoom) {
    browser.waitMapSettled();
    browser.js("window.atlas.map.setView([arguments[0], arguments[1]], arguments[2], {animate: false});", lat, lon, zoom);
  }

  private static void fitAllIncidents() {
    browser.waitMapSettled();
    browser.js("window.atlas.map.fitBounds([[40.80, 45.30], [41.05, 45.70]], {animate: false});");
  }

  private static String normalise(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void layerPanelListsEveryLayerWithItsFeatureCountAndDownload() {
    JsonNode collections = atlas.json("/api/collections").get("collections");
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("#incident-layers li, #reference-layers li"));
    List<String> texts = rows.stream().map(r -> normalise(r.getText())).toList();
    int listed = 0;
    for (JsonNode c : collections) {
      String id = c.get("id").asText();
      if (id.equals("countries")) {
        continue; // the base map, switched in its own section
      }
      listed++;
      long n = c.get("featureCount").asLong();
      String count = n == 1 ? "1 feature " : String.format(java.util.Locale.UK, "%,d features", n);
      assertTrue(texts.stream().anyMatch(t -> t.contains(c.get("title").asText()) && t.contains(count)),
          "no panel row with '" + c.get("title").asText() + "' and '" + count + "' in " + texts);
      WebElement link = browser.driver.findElement(By.cssSelector("#panel a[href='/download/" + id + ".geojson']"));
      assertFalse(link.getDomAttribute("aria-label").isBlank(), "download link of " + id + " has no label");
    }
    assertEquals(listed, rows.size(), "panel rows: " + texts);
    // Reference layers are drawn below incident layers.
    int reference = Integer.parseInt(browser.js("return getComputedStyle(document.querySelector('.leaflet-exposure_zones-pane')).zIndex;"));
    int incidents = Integer.parseInt(browser.js("return getComputedStyle(document.querySelector('.leaflet-incidents-pane')).zIndex;"));
    assertTrue(reference < incidents, "exposure zones pane " + reference + " is not below incidents " + incidents);
  }

  @Test
  @Order(2)
  void markersAndClustersShowEveryIncidentInView() {
    Set<String> expected = apiIds("incidents", "bbox=" + bbox());
    assertFalse(expected.isEmpty(), "the first view shows no incidents");
    assertEquals(expected, visibleIds("incidents"));
    long icons = browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-icon")).size();
    long clustered = browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-cluster")).stream()
        .mapToLong(c -> Long.parseLong(c.getText().trim())).sum();
    assertEquals(expected.size(), icons + clustered, "single markers + clustered markers");
    browser.screenshot("map-page");
  }

  @Test
  @Order(3)
  void theStreetMapIsAnOptionWithItsConfiguredTilesAndAttribution() {
    assertEquals(List.of(), browser.driver.findElements(By.cssSelector(".leaflet-tile")), "tiles before the street map was chosen");
    browser.driver.findElement(By.cssSelector("input[name=base][value=osm]")).click();
    browser.waitFor("tiles from the configured URL", d -> d.findElements(By.cssSelector("img.leaflet-tile")).stream()
        .anyMatch(t -> t.getDomAttribute("src").startsWith("/favicon.svg?tile=")));
    assertTrue(browser.driver.findElement(By.cssSelector(".leaflet-control-attribution")).getText().contains("Test tiles © Atlas"));
    assertTrue(browser.driver.getCurrentUrl().contains("base=osm"), browser.driver.getCurrentUrl());
    browser.driver.findElement(By.cssSelector("input[name=base][value=atlas]")).click();
    browser.waitFor("the tiles to go", d -> d.findElements(By.cssSelector("img.leaflet-tile")).isEmpty());
    assertFalse(browser.driver.findElement(By.cssSelector(".leaflet-control-attribution")).getText().contains("Test tiles"));
  }

  @Test
  @Order(4)
  void aClusterSpreadsOutWhenZoomedIn() {
    assertFalse(browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-cluster")).isEmpty(),
        "the first view has no cluster");
    long singleBefore = browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-icon")).size();
    // A cluster zooms in to what it holds, which may be clusters again (several incidents at one
    // district reference): a reader clicks on until the incidents stand apart.
    for (int clicks = 0; clicks < 5 && icons() <= singleBefore; clicks++) {
      // A click on a cluster while the clusters still animate from the last one does nothing.
      browser.waitMapSettled();
      long zoomBefore = ((Number) browser.js("return window.atlas.map.getZoom();")).longValue();
      long iconsBefore = icons();
      // Found and clicked in one step: the cluster layer redraws its elements as the map moves.
      Boolean clicked = browser.js("""
          const clusters = [...document.querySelectorAll('.leaflet-incidents-pane .incident-cluster')]
            .filter(c => /^\\d+$/.test(c.textContent.trim()));
          if (!clusters.length) return false;
          clusters.sort((a, b) => Number(b.textContent) - Number(a.textContent))[0].click();
          return true;""");
      assertTrue(clicked, "no cluster to click");
      browser.waitFor("the map to zoom in or the cluster to spread",
          d -> ((Number) browser.js("return window.atlas.map.getZoom();")).longValue() > zoomBefore || icons() > iconsBefore);
    }
    assertTrue(icons() > singleBefore, "no single marker after clicking clusters");
    fitAllIncidents();
  }

  private long icons() {
    return browser.driver.findElements(By.cssSelector(".leaflet-incidents-pane .incident-icon")).size();
  }

  @Test
  @Order(5)
  void clickingAMarkerShowsTheIncidentWithItsClaimsAndSources() {
    // An incident alone at its point, so that at street zoom its marker stands alone.
    JsonNode features = atlas.json("/api/collections/incidents/items?limit=10000").get("features");
    Map<String, Integer> atPoint = new HashMap<>();
    features.forEach(f -> atPoint.merge(f.get("geometry").get("coordinates").toString(), 1, Integer::sum));
    JsonNode chosen = null;
    for (JsonNode f : features) {
      if (atPoint.get(f.get("geometry").get("coordinates").toString()) == 1 && f.get("properties").get("sources").size() > 0) {
        chosen = f;
        break;
      }
    }
    assertTrue(chosen != null, "every incident shares its point with another");
    String id = chosen.get("id").asText();
    JsonNode c = chosen.get("geometry").get("coordinates");
    // The legend is folded away first, as a reader would to see the map behind it.
    WebElement legend = browser.driver.findElement(By.cssSelector(".legend-toggle"));
    if ("true".equals(legend.getDomAttribute("aria-expanded"))) {
      legend.click();
    }
    setView(c.get(1).asDouble(), c.get(0).asDouble(), 16);
    WebElement marker = browser.waitFor("the marker of " + id,
        d -> d.findElements(By.cssSelector(".incident-icon[title$='(" + id + ")']")).stream().findFirst().orElse(null));
    // Clusters animate as they open: click once the marker has come to rest.
    browser.waitStill("the marker", marker);
    marker.click();
    WebElement popup = browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
        .stream().filter(e -> e.getText().equals(id)).findFirst().orElse(null));
    String text = normalise(browser.driver.findElement(By.cssSelector(".leaflet-popup-content")).getText());
    JsonNode p = chosen.get("properties");
    assertTrue(text.contains("Sources"), text);
    for (JsonNode s : p.get("sources")) {
      assertTrue(text.contains(normalise(s.get("publisher").asText())), "publisher " + s.get("publisher") + " missing: " + text);
    }
    // Each claimant of a figure gets its own column: rival claims sit side by side.
    Set<String> claimants = new TreeSet<>();
    p.get("fatalities").forEach(f -> claimants.add(f.get("claimed_by").asText()));
    List<String> heads = browser.driver.findElements(By.cssSelector(".leaflet-popup-content table.claims:first-of-type thead th[scope=col]"))
        .stream().map(e -> normalise(e.getText())).toList();
    for (String claimant : claimants) {
      assertTrue(heads.contains(normalise(claimant)), "no column for claimant " + claimant + " in " + heads);
    }
    assertTrue(browser.driver.getCurrentUrl().contains("selected=incidents/" + id), "selection not in the URL: " + browser.driver.getCurrentUrl());
    browser.screenshot("popup");
    assertTrue(popup.isDisplayed());
    browser.js("window.atlas.map.closePopup();");
    fitAllIncidents();
  }

  @Test
  @Order(6)
  void aRecordCarryingMarkupShowsItAsTextAndRunsNothing() {
    browser.driver.get(atlas.url("/#selected=incidents/" + HostileRecord.ID));
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    browser.waitFor("the hostile record's popup", d -> d.findElements(By.cssSelector(".leaflet-popup-content .notes"))
        .stream().findFirst().orElse(null));
    WebElement content = browser.driver.findElement(By.cssSelector(".leaflet-popup-content"));
    assertEquals(HostileRecord.NOTES, content.findElement(By.cssSelector(".notes")).getText());
    assertTrue(content.getText().contains(HostileRecord.PUBLISHER), "publisher not shown as text: " + content.getText());
    assertEquals(List.of(), content.findElements(By.cssSelector("img, script, b, a[href^='javascript']")), "markup from data was rendered");
    assertNull(browser.js("return window.__pwned ?? null;"), "script from data ran");
    browser.js("window.atlas.map.closePopup();");
  }

  @Test
  @Order(7)
  void theTimeRangeChangesWhichIncidentsAreShown() {
    fitAllIncidents();
    Set<String> before = visibleIds("incidents");
    WebElement to = browser.driver.findElement(By.id("time-to"));
    // The range is moved with the keyboard, as a person without a mouse would.
    to.sendKeys(Keys.HOME);
    for (int i = 0; i < 2; i++) {
      to.sendKeys(Keys.ARROW_RIGHT);
    }
    String url = browser.driver.getCurrentUrl();
    String datetime = datetimeIn(URI.create(url).getFragment());
    assertTrue(datetime.matches("\\d{4}-\\d{2}-\\d{2}/\\d{4}-\\d{2}-\\d{2}"), "no time range in the URL: " + url);
    Set<String> shown = visibleIds("incidents");
    assertEquals(apiIds("incidents", "bbox=" + bbox() + "&datetime=" + datetime), shown);
    assertNotEquals(before, shown, "moving the range to " + datetime + " changed nothing");
    assertTrue(normalise(browser.driver.findElement(By.id("time-label")).getText()).contains("–"));
  }

  @Test
  @Order(8)
  void playStepsThroughTheDaysOneAtATime() {
    WebElement play = browser.driver.findElement(By.id("time-play"));
    String before = browser.driver.findElement(By.id("time-label")).getText();
    play.click();
    assertEquals("true", play.getDomAttribute("aria-pressed"));
    String first = browser.waitFor("a single day", d -> {
      String fragment = URI.create(d.getCurrentUrl()).getFragment();
      String dt = datetimeIn(fragment);
      String[] days = dt.split("/");
      return days.length == 2 && days[0].equals(days[1]) ? days[0] : null;
    });
    String next = browser.waitFor("the next day", d -> {
      String dt = datetimeIn(URI.create(d.getCurrentUrl()).getFragment());
      return dt.split("/")[0].compareTo(first) > 0 ? dt : null;
    });
    play.click();
    assertEquals("false", play.getDomAttribute("aria-pressed"));
    String[] days = next.split("/");
    assertEquals(days[0], days[1], "play shows one day at a time: " + next);
    assertEquals(apiIds("incidents", "bbox=" + bbox() + "&datetime=" + next), visibleIds("incidents"));
    assertNotEquals(before, browser.driver.findElement(By.id("time-label")).getText());
    // Back to the range the next test starts from.
    WebElement to = browser.driver.findElement(By.id("time-to"));
    WebElement from = browser.driver.findElement(By.id("time-from"));
    from.sendKeys(Keys.HOME);
    to.sendKeys(Keys.HOME);
    to.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
  }

  @Test
  @Order(9)
  void aFilterShowsWhatTheApiSelectsWithTheSameParameters() {
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
    String fragment = URI.create(browser.driver.getCurrentUrl()).getFragment();
    assertTrue(fragment.contains("event_type=shelling"), fragment);
    String datetime = datetimeIn(fragment);
    Set<String> shown = visibleIds("incidents");
    assertEquals(apiIds("incidents", "bbox=" + bbox() + "&datetime=" + datetime + "&event_type=shelling"), shown);
    assertFalse(shown.isEmpty(), "no shelling in the chosen days");
    String count = browser.driver.findElement(By.id("filter-count")).getText();
    assertTrue(count.startsWith(String.valueOf(apiIds("incidents", "datetime=" + datetime + "&event_type=shelling").size())), count);
  }

  @Test
  @Order(10)
  void sideActorPrecisionAndFatalityFiltersShowWhatTheApiSelects() {
    browser.driver.findElement(By.id("filters-reset")).click();
    fitAllIncidents();
    String range = "datetime=" + datetimeIn(URI.create(browser.driver.getCurrentUrl()).getFragment());
    String query = "bbox=" + bbox() + "&" + range;
    browser.driver.findElement(By.cssSelector("#filters input[name=country][value=AM]")).click();
    assertEquals(apiIds("incidents", query + "&country=AM"), visibleIds("incidents"), "country=AM");
    browser.driver.findElement(By.cssSelector("#filters input[name=location_precision][value=exact]")).click();
    browser.driver.findElement(By.cssSelector("#filters input[name=location_precision][value=near]")).click();
    assertEquals(apiIds("incidents", query + "&country=AM&location_precision=exact,near"), visibleIds("incidents"),
        "country=AM&location_precision=exact,near");
    browser.driver.findElement(By.id("filters-reset")).click();
    WebElement min = browser.driver.findElement(By.cssSelector("#filters input[name=min_fatalities]"));
    min.clear();
    min.sendKeys("1", Keys.TAB);
    assertEquals(apiIds("incidents", query + "&min_fatalities=1"), visibleIds("incidents"), "min_fatalities=1");
    browser.driver.findElement(By.id("filters-reset")).click();
    new Select(browser.driver.findElement(By.cssSelector("#filters select[name=actor]"))).selectByValue("Civilians (Armenia)");
    Set<String> civilians = visibleIds("incidents");
    assertEquals(apiIds("incidents", query + "&actor=" + enc("Civilians (Armenia)")), civilians);
    assertFalse(civilians.isEmpty(), "no incident with Armenian civilians as a party");
    browser.driver.findElement(By.id("filters-reset")).click();
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
  }

  @Test
  @Order(11)
  void theCountDescribesTheIncidentLayerOnTheMap() {
    browser.driver.findElement(By.id("filters-reset")).click();
    Map<String, Long> totals = new HashMap<>();
    atlas.json("/api/collections").get("collections")
        .forEach(c -> totals.put(c.get("id").asText(), atlas.json("/api/collections/" + c.get("id").asText()
            + "/items?limit=1").get("numberMatched").asLong()));
    layerBox("border_clashes").click();
    layerBox("incidents").click();
    browser.waitFor("the count of border clashes", d -> d.findElement(By.id("filter-count")).getText()
        .endsWith(" of " + totals.get("border_clashes") + " incidents shown"));
    layerBox("incidents").click();
    layerBox("border_clashes").click();
    browser.waitFor("the count of incidents", d -> d.findElement(By.id("filter-count")).getText()
        .endsWith(" of " + totals.get("incidents") + " incidents shown"));
    browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
  }

  private static WebElement layerBox(String id) {
    return browser.driver.findElement(By.cssSelector("#incident-layers input[value=" + id + "]"));
  }

  @Test
  @Order(12)
  void downloadWhatISeeHoldsExactlyTheFeaturesOnTheMap() throws Exception {
    new Select(browser.driver.findElement(By.id("download-layer"))).selectByValue("incidents");
    String href = browser.driver.findElement(By.id("download-link")).getDomProperty("href");
    URI uri = URI.create(href);
    assertEquals(atlas.port(), uri.getPort());
    HttpResponse<String> r = atlas.get(uri.getRawPath() + "?" + uri.getRawQuery());
    assertEquals(200, r.statusCode(), r.body());
    String disposition = r.headers().firstValue("Content-Disposition").orElse("");
    assertTrue(disposition.contains("incidents") && disposition.contains("event_type-shelling") && disposition.contains("_to_")
        && disposition.contains("bbox-"), "file name does not say what it holds: " + disposition);
    JsonNode doc = TestAtlas.JSON.readTree(r.body());
    assertEquals("FeatureCollection", doc.get("type").asText());
    Set<String> ids = new TreeSet<>();
    for (JsonNode f : doc.get("features")) {
      assertEquals("Feature", f.get("type").asText());
      JsonNode c = f.get("geometry").get("coordinates");
      assertEquals("Point", f.get("geometry").get("type").asText());
      assertTrue(c.size() == 2 && Math.abs(c.get(0).asDouble()) <= 180 && Math.abs(c.get(1).asDouble()) <= 90, c.toString());
      ids.add(f.get("id").asText());
    }
    assertEquals(visibleIds("incidents"), ids);
  }

  @Test
  @Order(13)
  void aSharedUrlRestoresTheView() {
    setView(40.93, 45.52, 12);
    JsonNode shelling = atlas.json("/api/collections/incidents/items?event_type=shelling&limit=1").get("features").get(0);
    // A layer switched on and one switched off, and the street map as base.
    browser.driver.findElement(By.cssSelector("#reference-layers input[value=settlements]")).click();
    browser.driver.findElement(By.cssSelector("#reference-layers input[value=exposure_zones]")).click();
    browser.driver.findElement(By.cssSelector("input[name=base][value=osm]")).click();
    String url = browser.driver.getCurrentUrl();
    Set<String> shown = visibleIds("incidents");
    String timeLabel = browser.driver.findElement(By.id("time-label")).getText();
    try (Browser other = Browser.open(1280, 800)) {
      other.driver.get(url);
      other.waitLoaded();
      assertEquals(12L, ((Number) other.js("return window.atlas.map.getZoom();")).longValue());
      double lat = ((Number) other.js("return window.atlas.map.getCenter().lat;")).doubleValue();
      double lon = ((Number) other.js("return window.atlas.map.getCenter().lng;")).doubleValue();
      assertEquals(40.93, lat, 1e-3);
      assertEquals(45.52, lon, 1e-3);
      assertTrue(other.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).isSelected());
      assertEquals(timeLabel, other.driver.findElement(By.id("time-label")).getText());
      List<String> ids = other.js("return window.atlas.visibleIds('incidents');");
      assertEquals(shown, new TreeSet<>(ids));
      assertTrue(other.driver.findElement(By.cssSelector("#reference-layers input[value=settlements]")).isSelected());
      assertFalse(other.driver.findElement(By.cssSelector("#reference-layers input[value=exposure_zones]")).isSelected());
      assertTrue(other.driver.findElement(By.cssSelector("input[name=base][value=osm]")).isSelected());
      assertFalse(other.driver.findElements(By.cssSelector(".leaflet-settlements-pane path")).isEmpty(), "settlements not drawn");
      assertEquals(List.of(), other.driver.findElements(By.cssSelector(".leaflet-exposure_zones-pane path")), "exposure zones drawn");

      String id = shelling.get("id").asText();
      other.driver.get(atlas.url("/#map=12/40.9300/45.5200&selected=incidents/" + id));
      other.driver.navigate().refresh();
      other.waitLoaded();
      other.waitFor("the selected incident's popup", d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
          .stream().filter(e -> e.getText().equals(id)).findFirst().orElse(null));
    }
    browser.driver.findElement(By.cssSelector("input[name=base][value=atlas]")).click();
    browser.driver.findElement(By.cssSelector("#reference-layers input[value=settlements]")).click();
    browser.driver.findElement(By.cssSelector("#reference-layers input[value=exposure_zones]")).click();
  }

  @Test
  @Order(14)
  void placeSearchFindsNamesInOtherSpellingsAndScripts() {
    browser.driver.findElement(By.id("filters-reset")).click();
    JsonNode settlements = atlas.json("/api/collections/settlements/items?limit=10000").get("features");
    JsonNode dondar = null;
    for (JsonNode s : settlements) {
      if (s.get("properties").get("name").asText().equals("Dondar Quşçu")) {
        dondar = s;
      }
    }
    assertTrue(dondar != null, "the gazetteer has no Dondar Quşçu");

    WebElement input = browser.driver.findElement(By.id("search-input"));
    input.sendKeys("Dondar Kuscu");
    WebElement first = browser.waitFor("search results", d -> d.findElements(By.cssSelector("#search-results [role=option]"))
        .stream().findFirst().orElse(null));
    assertTrue(first.getText().contains("Dondar Quşçu"), first.getText());
    input.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
    double lat = dondar.get("geometry").get("coordinates").get(1).asDouble();
    double lon = dondar.get("geometry").get("coordinates").get(0).asDouble();
    browser.waitFor("the map to centre on Dondar Quşçu", d -> Math.abs(((Number) browser.js("return window.atlas.map.getCenter().lat;")).doubleValue() - lat) < 1e-3
        && Math.abs(((Number) browser.js("return window.atlas.map.getCenter().lng;")).doubleValue() - lon) < 1e-3);
    assertFalse(browser.driver.findElements(By.cssSelector(".search-highlight")).isEmpty(), "the place is not highlighted");

    input.clear();
    input.sendKeys("Агдам");
    WebElement ambiguous = browser.waitFor("the ambiguity notice", d -> d.findElements(By.cssSelector("#search-results .ambiguous"))
        .stream().findFirst().orElse(null));
    assertTrue(ambiguous.getText().contains("Агдам"), ambiguous.getText());
    List<WebElement> options = browser.driver.findElements(By.cssSelector("#search-results [role=option]"));
    List<String> texts = options.stream().map(o -> normalise(o.getText())).toList();
    assertTrue(texts.stream().anyMatch(t -> t.startsWith("Ağdam") && t.contains("Tovuz")), "no Ağdam of Tovuz in " + texts);
    assertTrue(texts.stream().filter(t -> t.startsWith("Ağdam")).count() >= 2, "the candidates are not all listed: " + texts);
    // What tells the candidates apart, and that Enter never guesses, is SearchBoxTest's.
    WebElement tovuz = options.stream().filter(o -> o.getText().startsWith("Ağdam") && o.getText().contains("Tovuz")).findFirst().orElseThrow();
    tovuz.click();
    browser.waitFor("the map to centre on Ağdam (Tovuz)", d -> Math.abs(((Number) browser.js("return window.atlas.map.getCenter().lat;")).doubleValue() - 40.905) < 0.01);
  }

  @Test
  @Order(15)
  void germanChangesTheInterfaceAndIsRemembered() {
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("de");
    browser.waitFor("German labels", d -> d.findElement(By.id("filters-title")).getDomProperty("textContent").equals("Filter"));
    assertEquals("de", browser.js("return document.documentElement.lang;"));
    assertEquals("Herunterladen, was ich sehe", browser.driver.findElement(By.id("download-title")).getDomProperty("textContent"));
    assertEquals("Legende", browser.driver.findElement(By.cssSelector(".legend-toggle")).getText());
    assertTrue(browser.driver.findElement(By.id("time-label")).getText().contains("Juli"), browser.driver.findElement(By.id("time-label")).getText());
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    assertEquals("Vorfälle", browser.driver.findElement(By.cssSelector("#incident-layers .layer-title")).getText());
    browser.screenshot("map-page-de");
    // An open record is shown again in the new language.
    String id = atlas.json("/api/collections/incidents/items?limit=1").get("features").get(0).get("id").asText();
    browser.js("window.location.hash = 'selected=incidents/' + arguments[0];", id);
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    browser.waitFor("the record in German", d -> d.findElements(By.cssSelector(".leaflet-popup-content h4")).stream()
        .anyMatch(h -> h.getText().equals("Quellen")));
    new Select(browser.driver.findElement(By.id("language"))).selectByValue("en");
    browser.waitFor("the same record in English", d -> d.findElements(By.cssSelector(".leaflet-popup-content h4")).stream()
        .anyMatch(h -> h.getText().equals("Sources")));
    assertTrue(browser.driver.getCurrentUrl().contains("selected=incidents/" + id), browser.driver.getCurrentUrl());
    browser.js("window.atlas.map.closePopup();");
    assertEquals("Filters", browser.driver.findElement(By.id("filters-title")).getDomProperty("textContent"));
  }

  @Test
  @Order(16)
  void onAPhoneTheMapComesFirstAndEveryControlHasAName() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, "/");
      WebElement panel = phone.driver.findElement(By.id("panel"));
      assertFalse(panel.isDisplayed(), "the panel covers the map on a phone");
      long width = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
      assertTrue(width <= 375, "the page is wider than the phone: " + width + " px");
      phone.screenshot("phone");
      WebElement toggle = phone.driver.findElement(By.id("panel-toggle"));
      assertEquals("false", toggle.getDomAttribute("aria-expanded"));
      toggle.sendKeys(Keys.ENTER);
      phone.waitFor("the panel to open", d -> panel.isDisplayed());
      phone.screenshot("phone-panel");

      // Every control a person can reach has a name a screen reader can say.
      List<String> unnamed = phone.js("""
          return [...document.querySelectorAll('input, select, button, a[href], [role=combobox]')]
            .filter(e => !e.closest('.leaflet-marker-pane, .leaflet-popup-pane, .leaflet-control-attribution'))
            .filter(e => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.labels && e.labels.length)
              || e.textContent.trim() || e.getAttribute('title')))
            .map(e => e.outerHTML.slice(0, 120));""");
      assertEquals(List.of(), unnamed, "controls without an accessible name");
    }
  }

  @Test
  @Order(17)
  void theKeyboardReachesSearchPanelAndTimeline() {
    browser.driver.navigate().refresh();
    browser.waitLoaded();
    List<String> reached = new ArrayList<>();
    // The charts' button is the timeline's last control: every stop before it is passed by then.
    for (int i = 0; i < 200 && !reached.contains("charts-toggle"); i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      reached.add(browser.js("const e = document.activeElement; return e.id || e.getAttribute('name') || e.getAttribute('class') || e.tagName;"));
    }
    for (String id : List.of("panel-toggle", "search-input", "language", "share-open", "picture-open", "time-play", "time-from",
        "time-to", "charts-toggle")) {
      assertTrue(reached.contains(id), id + " is not reached with Tab: " + reached);
    }
    assertTrue(reached.contains("event_type"), "the filters are not reached with Tab: " + reached);
  }

  @Test
  @Order(18)
  void thePageMadeNoRequestElsewhereAndLoggedNoErrors() {
    browser.assertStayedHomeWithoutErrors("/api/collections");
  }

}
