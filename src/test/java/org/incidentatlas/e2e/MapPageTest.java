package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map page in a real headless Chromium against the real server: layers load, the layer
 * panel matches the catalogue, popups show sources, and the page stays on our own host.
 *
 * <p>The page is loaded once; the tests then look at it in order, the console check after the
 * popup click so that the click's scripts are covered too.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapPageTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(20);
  private static final Path SCREENSHOT = Path.of("target", "screenshots", "map-page.png");

  private static TestAtlas atlas;
  private static ChromeDriver driver;
  private static Path profileDir;

  @BeforeAll
  static void openMapPage() throws Exception {
    assertTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
        "Chromium and chromedriver are not installed at " + CHROMIUM + " and " + CHROMEDRIVER);
    atlas = TestAtlas.shared();

    // An explicit driver and browser keep Selenium Manager from looking for (or fetching) either.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    profileDir = Files.createTempDirectory("atlas-chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1280,800",
        "--user-data-dir=" + profileDir.toAbsolutePath(),
        // Any host name other than loopback fails to resolve: a stray outside request can then
        // neither leave the machine nor go unnoticed, since it shows up as a failed load.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(LOAD_TIMEOUT);
    driver.manage().timeouts().scriptTimeout(LOAD_TIMEOUT);

    driver.get(atlas.url("/"));
    try {
      new WebDriverWait(driver, LOAD_TIMEOUT)
          .until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
    } catch (TimeoutException e) {
      String status = driver.findElement(By.id("status")).getText();
      fail("map page did not finish loading in " + LOAD_TIMEOUT.toSeconds() + " s; status: '" + status
          + "'; console: " + consoleLines(driver.manage().logs().get(LogType.BROWSER).getAll()), e);
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
    if (profileDir != null) {
      TestAtlas.deleteTree(profileDir);
    }
  }

  @Test
  @Order(1)
  void layerPanelListsEveryCollectionWithItsFeatureCount() {
    JsonNode collections = atlas.json("/api/collections").get("collections");
    List<String> labels = driver.findElements(By.cssSelector(".leaflet-control-layers-overlays label")).stream()
        .map(l -> normalise(l.getText()))
        .toList();

    assertEquals(collections.size(), labels.size(), "layer panel: " + labels);
    for (JsonNode c : collections) {
      String expected = normalise(c.get("title").asText() + " (" + c.get("featureCount").asLong() + ")");
      assertTrue(labels.contains(expected), "no label '" + expected + "' for " + c.get("id").asText() + " in " + labels);
    }
  }

  @Test
  @Order(2)
  void everyIncidentIsDrawnAsACircleMarkerInItsPane() {
    long incidents = atlas.json("/api/collections/incidents/items?limit=1").get("numberMatched").asLong();
    assertTrue(incidents > 0, "no incidents to draw");

    // Leaflet gives each pane its own SVG renderer, so the pane holds the paths of its layer.
    List<WebElement> paths = driver.findElements(By.cssSelector(".leaflet-incidents-pane svg path"));
    List<WebElement> clickable = driver.findElements(By.cssSelector(".leaflet-incidents-pane svg path.leaflet-interactive"));

    assertTrue(paths.size() >= incidents, "expected at least " + incidents + " paths in the incidents pane, found " + paths.size());
    // Uncertainty circles are drawn non-interactive: the clickable paths are the markers alone.
    assertEquals(incidents, clickable.size(), "clickable incident markers");
  }

  @Test
  @Order(3)
  void clickingAnIncidentMarkerShowsItsSources() {
    JsonNode incidents = atlas.json("/api/collections/incidents/items?limit=10000").get("features");
    List<String> tried = new ArrayList<>();

    for (WebElement marker : driver.findElements(By.cssSelector(".leaflet-incidents-pane svg path.leaflet-interactive"))) {
      try {
        marker.click();
      } catch (ElementNotInteractableException e) {
        // Overlapping or off-screen markers: this one's centre cannot be hit; the next one will do.
        tried.add(e.getClass().getSimpleName());
        continue;
      }
      List<WebElement> popups = driver.findElements(By.cssSelector(".leaflet-popup-content"));
      if (popups.isEmpty()) {
        tried.add("no popup");
        continue;
      }
      WebElement popup = popups.get(0);
      WebElement h3 = popup.findElement(By.tagName("h3"));
      // Leaflet pans the map to fit the popup with an animation; until it ends the top of the
      // popup can still be clipped by the map, and clipped text is not what a reader sees.
      try {
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> h3.isDisplayed() && !h3.getText().isBlank());
      } catch (TimeoutException e) {
        fail("the popup's heading never became visible: " + popup.getDomProperty("textContent"), e);
      }
      String text = normalise(popup.getText());
      String heading = normalise(h3.getText());
      assertTrue(text.contains("Sources"), "popup has no Sources section: " + text);

      // Several incidents can share a place and a day; the popup must show all the sources of one of them.
      List<String> candidates = new ArrayList<>();
      for (JsonNode f : incidents) {
        JsonNode p = f.get("properties");
        if (!heading.endsWith(normalise(p.get("place_name").asText())) || !text.contains(p.get("date").asText())) {
          continue;
        }
        List<String> publishers = new ArrayList<>();
        p.get("sources").forEach(s -> publishers.add(normalise(s.get("publisher").asText())));
        candidates.add(f.get("id").asText() + " " + publishers);
        if (!publishers.isEmpty() && publishers.stream().allMatch(text::contains)) {
          return;
        }
      }
      fail("popup '" + heading + "' does not list the sources of any matching incident " + candidates + "; popup text: " + text);
    }
    fail("no incident marker could be clicked to open a popup: " + tried);
  }

  @Test
  @Order(4)
  void browserConsoleHasNoSevereMessages() {
    // Failed loads (a 404 included) are logged as SEVERE too, so this also catches missing files.
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    List<LogEntry> severe = entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), consoleLines(severe), "SEVERE console messages; all messages: " + consoleLines(entries));
  }

  @Test
  @Order(5)
  void everyRequestOfThePageGoesToTheAtlasServer() {
    @SuppressWarnings("unchecked")
    List<String> urls = new ArrayList<>((List<String>) ((JavascriptExecutor) driver).executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name);"));
    urls.add(driver.getCurrentUrl());
    assertTrue(urls.stream().anyMatch(u -> u.contains("/api/collections")), "no API request recorded: " + urls);
    List<String> elsewhere = urls.stream()
        .filter(u -> !"127.0.0.1".equals(URI.create(u).getHost()))
        .toList();
    assertEquals(List.of(), elsewhere, "requests to other hosts; all requests: " + urls);
  }

  @Test
  @Order(6)
  void screenshotIsSaved() throws Exception {
    Files.createDirectories(SCREENSHOT.getParent());
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot suspiciously small: " + Files.size(SCREENSHOT) + " bytes");
    assertFalse(driver.findElements(By.cssSelector("#map .leaflet-pane")).isEmpty(), "no map in the page");
  }

  private static List<String> consoleLines(List<LogEntry> entries) {
    return entries.stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
  }

  private static String normalise(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
