package org.incidentatlas.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.DoubleStream;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.e2e.Browser;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map page with a large incident layer in headless Chromium at 1280x800: how long until the
 * first incident markers are on screen and until the page has loaded every shown layer, and how
 * long each frame takes while the reader drags and zooms the map. Times are read in the page
 * (navigation timing, {@code performance.now()}, animation-frame timestamps), not around Selenium
 * calls. Each run opens a fresh browser, so nothing is cached between runs.
 *
 * <p>Not part of the normal test run (tag {@code benchmark}); {@code bench/map-render.sh} runs it.
 * {@code -Dbench.features=N} and {@code -Dbench.runs=N} set the layer size and the number of runs.
 * The summary is printed and written to {@code target/bench/map-render.txt}.
 */
@Tag("benchmark")
class MapRenderBenchmark {
  private static final int FEATURES = Integer.getInteger("bench.features", 100_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 3);
  /** With {@code -Dbench.profile=true} the first run also records CPU profiles, for Chromium's DevTools. */
  private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
  /**
   * The targets: first render within 2 s, and panning without visible stutter: 95 % of its frames
   * within two display frames at 60 Hz (at most one missed, with room for timer jitter), fewer
   * than 1 % over 50 ms. Zooming is reported beside it: each zoom step costs a frame or two over
   * 50 ms in this headless, software-rendered Chromium with any layer size, 1,000 incidents as 100,000.
   */
  private static final double FIRST_RENDER_TARGET_MS = 2000;
  private static final double P95_TARGET_MS = 35;
  private static final double SLOW_FRAME_MS = 50;
  private static final double SLOW_SHARE_TARGET = 0.01;

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  /** The page counts as settled when its main thread has had no long task for this long. */
  private static final double QUIET_MS = 1500;
  private static final Path REPORT = Path.of("target", "bench", "map-render.txt");
  /** Held so that the levels set on them stay set. */
  private static final List<Logger> SELENIUM_DEVTOOLS_NOTICES = List.of(
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  /** One page load and pan session. */
  private record Run(double firstMarkers, double loaded, double settled, double longTaskMs, double longestTask,
      int pages, double firstPageEnd, double lastPageEnd, double meanPageWait, double[] panFrames, double[] zoomFrames,
      double sessionSeconds) {}

  @Test
  void largeLayerRendersQuicklyAndPansSmoothly() throws Exception {
    Path dir = Files.createTempDirectory("atlas-bench");
    try {
      long t0 = System.nanoTime();
      Path dataDir = dir.resolve("data");
      SyntheticLayer.write(TestAtlas.GEODATA, dataDir, FEATURES);
      double generateSeconds = (System.nanoTime() - t0) / 1e9;

      Javalin app = AtlasServer.create(AtlasConfig.local(0, dataDir, TestAtlas.GEODATA), AtlasStore.open(dataDir)).start();
      List<Run> runs = new ArrayList<>();
      try {
        String url = "http://127.0.0.1:" + app.port() + "/";
        for (int r = 0; r < RUNS; r++) {
          runs.add(run(url, r == 0 ? screenshotPath() : null));
        }
      } finally {
        app.stop();
      }
      String summary = summary(runs, generateSeconds);
      System.out.println(summary);
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, summary);
      assertTrue(meetsTargets(runs), "targets missed:\n" + summary);
    } finally {
      TestAtlas.deleteTree(dir);
    }
  }

  private static Path screenshotPath() {
    String size = FEATURES % 1000 == 0 ? FEATURES / 1000 + "k" : String.valueOf(FEATURES);
    return Path.of("target", "screenshots", "bench-" + size + ".png");
  }

  private static Run run(String url, Path screenshot) throws IOException {
    Browser browser = browser();
    ChromeDriver driver = browser.driver;
    try {
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", resource("render-probe.js")));
      boolean profiled = PROFILE && screenshot != null;
      if (profiled) {
        // A page of the same site first, so that the page under test loads in the renderer being profiled.
        driver.get(url + "favicon.svg");
        startProfile(driver);
      }
      driver.get(url);
      new WebDriverWait(driver, TIMEOUT).until(d -> Boolean.TRUE.equals(driver.executeScript(
          "return window.__bench.loaded !== null && window.__bench.firstMarkers !== null")));
      double loaded = number(driver.executeScript("return window.__bench.loaded"));
      double firstMarkers = number(driver.executeScript("return window.__bench.firstMarkers"));

      // Marker clustering goes on in chunks after the last page is in: wait for it to finish, so
      // that panning is measured on the page a reader would have in front of them.
      new WebDriverWait(driver, TIMEOUT).pollingEvery(Duration.ofMillis(250)).until(d -> Boolean.TRUE.equals(driver.executeScript(
          "const t = window.__bench.longTasks.at(-1); return performance.now() - (t ? t.start + t.duration : 0) > arguments[0]"
              + " && performance.now() - window.__bench.loaded > arguments[0]", QUIET_MS)));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> tasks = (List<Map<String, Object>>) driver.executeScript("return window.__bench.longTasks");
      double settled = loaded;
      double longTaskMs = 0;
      double longest = 0;
      for (Map<String, Object> t : tasks) {
        double end = number(t.get("start")) + number(t.get("duration"));
        settled = Math.max(settled, end);
        longTaskMs += number(t.get("duration"));
        longest = Math.max(longest, number(t.get("duration")));
      }

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> pages = (List<Map<String, Object>>) driver.executeScript(
          "return performance.getEntriesByType('resource').filter(e => e.name.includes('/collections/incidents/items'))"
              + ".map(e => ({ wait: e.responseStart - e.requestStart, end: e.responseEnd }))");
      double firstPageEnd = pages.stream().mapToDouble(p -> number(p.get("end"))).min().orElse(Double.NaN);
      double lastPageEnd = pages.stream().mapToDouble(p -> number(p.get("end"))).max().orElse(Double.NaN);
      double meanWait = pages.stream().mapToDouble(p -> number(p.get("wait"))).average().orElse(Double.NaN);

      if (profiled) {
        saveProfile(driver, "load");
      }
      if (screenshot != null) {
        Files.createDirectories(screenshot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
      }

      if (profiled) {
        startProfile(driver);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> pan = (Map<String, Object>) driver.executeAsyncScript(resource("pan-scenario.js"));
      if (profiled) {
        saveProfile(driver, "pan");
      }
      @SuppressWarnings("unchecked")
      List<Object> drags = (List<Object>) pan.get("drags");
      double expected = number(pan.get("expectedDrag"));
      for (Object moved : drags) {
        assertTrue(Math.abs(number(moved) - expected) < 2, "a drag moved the map " + moved + " px, not " + expected + ": " + drags);
      }
      return new Run(firstMarkers, loaded, settled, longTaskMs, longest, pages.size(), firstPageEnd, lastPageEnd, meanWait,
          numbers(pan.get("pan")), numbers(pan.get("zoom")), number(pan.get("duration")) / 1000);
    } finally {
      browser.close();
    }
  }

  private static void startProfile(ChromeDriver driver) {
    driver.executeCdpCommand("Profiler.enable", Map.of());
    driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 250));
    driver.executeCdpCommand("Profiler.start", Map.of());
  }

  private static void saveProfile(ChromeDriver driver, String phase) throws IOException {
    Object profile = driver.executeCdpCommand("Profiler.stop", Map.of()).get("profile");
    Path file = REPORT.resolveSibling("map-render-" + phase + ".cpuprofile");
    Files.createDirectories(file.getParent());
    Files.writeString(file, new ObjectMapper().writeValueAsString(profile));
  }

  private static Browser browser() {
    // The raw CDP commands used here need none of Selenium's versioned DevTools bindings.
    SELENIUM_DEVTOOLS_NOTICES.forEach(l -> l.setLevel(Level.OFF));
    // A headless window counts as hidden; without these Chromium may slow its timers and frames.
    return Browser.open(1280, 800, TIMEOUT, "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows");
  }


  private static String summary(List<Run> runs, double generateSeconds) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Map render benchmark: %,d incidents (layer written in %.1f s), %d runs,"
        + " headless Chromium 1280x800, %d cores%n", FEATURES, generateSeconds, runs.size(), Runtime.getRuntime().availableProcessors()));
    out.append("""
        first      first incident markers on screen, ms from navigation start
        loaded     body[data-loaded=true]: every shown layer fetched and on the map
        settled    end of the main thread's last long task (over 50 ms) after loading
        long/max   main-thread time in long tasks until settled, and the longest of them
        pages      incident pages: how many / when the first and the last was in (mean wait for the first byte)
        pan, zoom  animation frames while dragging (and gliding after it) and while zooming, 10 -> 13 -> 10:
                   how many, 95th percentile and longest in ms, share over 50 ms

        """);
    out.append(String.format(Locale.ROOT, "%-3s %6s %6s %7s %5s %4s  %-24s %-24s %-24s%n", "run", "first", "loaded", "settled",
        "long", "max", "pages", "pan: n p95 max >50ms", "zoom: n p95 max >50ms"));
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      out.append(String.format(Locale.ROOT, "%-3d %6.0f %6.0f %7.0f %5.0f %4.0f  %-24s %-24s %-24s%n", i + 1,
          r.firstMarkers(), r.loaded(), r.settled(), r.longTaskMs(), r.longestTask(),
          String.format(Locale.ROOT, "%d/%.0f/%.0f (%.0f)", r.pages(), r.firstPageEnd(), r.lastPageEnd(), r.meanPageWait()),
          frameCell(r.panFrames()), frameCell(r.zoomFrames())));
    }
    double[] first = sorted(runs.stream().mapToDouble(Run::firstMarkers));
    double[] loaded = sorted(runs.stream().mapToDouble(Run::loaded));
    double[] settled = sorted(runs.stream().mapToDouble(Run::settled));
    out.append(String.format(Locale.ROOT, "%nfirst markers on screen: median %.0f ms, worst %.0f ms%n", percentile(first, 50), max(first)));
    out.append(String.format(Locale.ROOT, "page loaded (body[data-loaded]): median %.0f ms, worst %.0f ms%n", percentile(loaded, 50), max(loaded)));
    out.append(String.format(Locale.ROOT, "main thread settled (last long task ends): median %.0f ms, worst %.0f ms%n",
        percentile(settled, 50), max(settled)));
    out.append(String.format(Locale.ROOT, "drag-and-zoom session: %.1f s a run%n", runs.stream().mapToDouble(Run::sessionSeconds).average().orElse(0)));
    out.append(frameLine("frames while panning", pooled(runs, Run::panFrames)));
    out.append(frameLine("frames while zooming", pooled(runs, Run::zoomFrames)));
    out.append(String.format(Locale.ROOT, "%ntarget first render < %.0f ms in every run: %s%n", FIRST_RENDER_TARGET_MS,
        rendersFast(runs) ? "met" : "MISSED"));
    out.append(String.format(Locale.ROOT, "target smooth panning (p95 <= %.0f ms, under %.0f%% of frames over %.0f ms): %s%n",
        P95_TARGET_MS, 100 * SLOW_SHARE_TARGET, SLOW_FRAME_MS, pansSmoothly(runs) ? "met" : "MISSED"));
    return out.toString();
  }

  private static String frameCell(double[] frames) {
    double[] f = sorted(Arrays.stream(frames));
    return String.format(Locale.ROOT, "%d %.1f %.0f %.1f%%", f.length, percentile(f, 95), max(f), 100 * slowShare(f));
  }

  private static String frameLine(String what, double[] sorted) {
    return String.format(Locale.ROOT, "%s (all runs, %d frames): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms;"
        + " over %.0f ms: %.2f%%%n", what, sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
        max(sorted), SLOW_FRAME_MS, 100 * slowShare(sorted));
  }

  private static boolean meetsTargets(List<Run> runs) {
    return rendersFast(runs) && pansSmoothly(runs);
  }

  private static boolean rendersFast(List<Run> runs) {
    return runs.stream().allMatch(r -> r.firstMarkers() < FIRST_RENDER_TARGET_MS);
  }

  private static boolean pansSmoothly(List<Run> runs) {
    double[] pan = pooled(runs, Run::panFrames);
    return percentile(pan, 95) <= P95_TARGET_MS && slowShare(pan) < SLOW_SHARE_TARGET;
  }

  private static double[] pooled(List<Run> runs, Function<Run, double[]> frames) {
    return sorted(runs.stream().flatMapToDouble(r -> Arrays.stream(frames.apply(r))));
  }

  private static double[] sorted(DoubleStream values) {
    return values.sorted().toArray();
  }

  private static double max(double[] sorted) {
    return sorted[sorted.length - 1];
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double slowShare(double[] frames) {
    return Arrays.stream(frames).filter(f -> f > SLOW_FRAME_MS).count() / (double) frames.length;
  }

  private static double[] numbers(Object list) {
    return ((List<?>) list).stream().mapToDouble(MapRenderBenchmark::number).toArray();
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MapRenderBenchmark.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
