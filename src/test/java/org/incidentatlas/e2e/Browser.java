package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.incidentatlas.TestAtlas;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, confined to loopback. An explicit driver
 * and browser keep Selenium Manager from looking for, or fetching, either.
 */
public final class Browser implements AutoCloseable {
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  public final ChromeDriver driver;
  private final Path profileDir;

  private Browser(ChromeDriver driver, Path profileDir) {
    this.driver = driver;
    this.profileDir = profileDir;
  }

  public static Browser open(int width, int height) {
    return open(width, height, TIMEOUT);
  }

  /**
   * A browser that also keeps DevTools' network events, of every frame of the page: what it asked
   * for is read with {@link #requestsSent()}, failed requests to unresolvable hosts included.
   */
  public static Browser openRecordingRequests(int width, int height) {
    return open(width, height, TIMEOUT, true);
  }

  /** A browser whose page loads and scripts may take {@code timeout}, with extra Chromium flags. */
  public static Browser open(int width, int height, Duration timeout, String... flags) {
    return open(width, height, timeout, false, flags);
  }

  private static Browser open(int width, int height, Duration timeout, boolean recordRequests, String... flags) {
    assertTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
        "Chromium and chromedriver are not installed at " + CHROMIUM + " and " + CHROMEDRIVER);
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile;
    try {
      profile = Files.createTempDirectory("atlas-chromium-profile");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // A window that has not been brought to the front counts as hidden to Chromium, which
        // then slows its timers and animation frames: the map's animations would stall.
        "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
        "--no-first-run", "--window-size=" + width + "," + height, "--lang=en-GB",
        "--user-data-dir=" + profile.toAbsolutePath(),
        // Any host name other than loopback fails to resolve: a stray outside request can then
        // neither leave the machine nor go unnoticed, since it shows up as a failed load.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
    options.addArguments(flags);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    if (recordRequests) {
      logs.enable(LogType.PERFORMANCE, Level.ALL);
    }
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    // A desktop window cannot be narrower than about 500 px; a phone's viewport is emulated.
    if (width < 600) {
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }
    driver.manage().timeouts().pageLoadTimeout(timeout);
    driver.manage().timeouts().scriptTimeout(timeout);
    return new Browser(driver, profile);
  }

  /** A browser of that size with the atlas's map page loaded, where most tests of the map begin. */
  public static Browser openMap(TestAtlas atlas, int width, int height) {
    Browser browser = open(width, height);
    browser.load(atlas, "/");
    return browser;
  }

  /** Opens a page of the atlas and waits until the map has drawn every layer it shows. */
  public void load(TestAtlas atlas, String pathAndFragment) {
    driver.get(atlas.url(pathAndFragment));
    waitLoaded();
  }

  /**
   * Loads {@code pathAndFragment} in {@code language}, as a reader who chose it before: the page
   * is loaded once so that it stores its own choice first, which would otherwise overwrite this one.
   */
  public void loadIn(String language, TestAtlas atlas, String pathAndFragment) {
    load(atlas, "/");
    js("localStorage.setItem('incident-atlas.language', arguments[0]);", language);
    driver.get("about:blank");
    load(atlas, pathAndFragment);
  }

  public void waitLoaded() {
    try {
      new WebDriverWait(driver, TIMEOUT)
          .until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
    } catch (TimeoutException e) {
      String status = driver.findElement(By.id("status")).getText();
      fail("map page did not finish loading in " + TIMEOUT.toSeconds() + " s; status: '" + status
          + "'; console: " + consoleLines(driver.manage().logs().get(LogType.BROWSER).getAll()), e);
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T js(String script, Object... args) {
    return (T) ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      // A part of the page drawn anew while the condition reads it is asked again, not a failure.
      return new WebDriverWait(driver, Duration.ofSeconds(10))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    }
  }

  /**
   * Waits until {@code element} has come to rest: the map flies, zooms and pans a popup into view
   * with animations, and a click while it moves lands beside it.
   */
  public void waitStill(String what, WebElement element) {
    waitStill(what, d -> element);
  }

  /**
   * Waits until the map has stopped moving and its incident markers stay as they are: after a
   * change of view Leaflet.markercluster draws its markers anew, a moment later, and an element
   * found before is then gone.
   */
  public void waitMapSettled() {
    String[] last = {null};
    waitFor("the map to settle", d -> {
      String now = js("if (window.atlas.map._animatingZoom || document.querySelector('.leaflet-cluster-anim')) return null;"
          + " return [...document.querySelectorAll('.leaflet-incidents-pane [title]')].map(e => e.title).join('|');");
      boolean settled = now != null && now.equals(last[0]);
      last[0] = now;
      return settled;
    });
  }

  /**
   * The same for the element {@code locator} finds, found again at every look: the map may draw
   * a popup anew while it flies to it, and the one found first is then gone. Returns it at rest.
   */
  public WebElement waitStill(String what, By locator) {
    return waitStill(what, d -> d.findElement(locator));
  }

  private WebElement waitStill(String what, Function<WebDriver, WebElement> find) {
    String[] last = {""};
    return waitFor(what + " to stand still", d -> {
      WebElement element = find.apply(d);
      String now = element.getRect().getX() + "," + element.getRect().getY();
      boolean still = now.equals(last[0]) && !Boolean.TRUE.equals(js("return window.atlas.map._animatingZoom;"));
      last[0] = now;
      return still ? element : null;
    });
  }

  /** Saves a screenshot under target/screenshots for a person to look at. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      assertTrue(Files.size(file) > 10_000, "screenshot " + file + " is suspiciously small");
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every request of the page went to 127.0.0.1, one of them to a URL containing
   * {@code expected}, and nothing was logged as SEVERE (failed loads, a 404 included, are).
   */
  public void assertStayedHomeWithoutErrors(String expected) {
    List<String> urls = new ArrayList<>(this.<List<String>>js("return performance.getEntriesByType('resource').map(e => e.name);"));
    urls.add(driver.getCurrentUrl());
    assertTrue(urls.stream().anyMatch(u -> u.contains(expected)), "no request to " + expected + ": " + urls);
    assertEquals(List.of(), urls.stream().filter(u -> !"127.0.0.1".equals(URI.create(u).getHost())).toList(),
        "requests to other hosts");
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    List<LogEntry> severe = entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), consoleLines(severe), "SEVERE console messages; all: " + consoleLines(entries));
  }

  /** A request the page sent: its address, the frame that sent it and what it is (Document, Script, Fetch, ...). */
  public record SentRequest(String url, String frameId, String type) {}

  /** The requests sent since the last call, of every frame, in order (needs {@link #openRecordingRequests}). */
  public List<SentRequest> requestsSent() {
    List<SentRequest> sent = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
      try {
        JsonNode message = TestAtlas.JSON.readTree(entry.getMessage()).path("message");
        if (message.path("method").asText().equals("Network.requestWillBeSent")) {
          JsonNode params = message.path("params");
          sent.add(new SentRequest(params.path("request").path("url").asText(), params.path("frameId").asText(),
              params.path("type").asText()));
        }
      } catch (IOException e) {
        throw new IllegalStateException("unreadable DevTools event: " + entry.getMessage(), e);
      }
    }
    return sent;
  }

  public List<String> consoleLines(List<LogEntry> entries) {
    return entries.stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
  }

  @Override
  public void close() {
    driver.quit();
    TestAtlas.deleteTree(profileDir);
  }
}
