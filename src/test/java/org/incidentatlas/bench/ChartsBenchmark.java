package org.incidentatlas.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.e2e.Browser;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The charts with a large incident layer in headless Chromium at 1280x800: how long after a
 * filter changes (an event type switched off or on, the change event on the page) the charts are
 * drawn again with the new numbers, and of that how long the server takes to sum them up
 * ({@code /daily}, timed apart over HTTP, the same queries). Times are read in the page with
 * {@code performance.now()}.
 *
 * <p>Not part of the normal test run (tag {@code benchmark}); {@code bench/charts.sh} runs it.
 * {@code -Dbench.features=N} and {@code -Dbench.runs=N} set the layer size and the number of
 * filter changes. The summary is printed and written to {@code target/bench/charts.txt}.
 */
@Tag("benchmark")
class ChartsBenchmark {
  private static final int FEATURES = Integer.getInteger("bench.features", 100_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 20);
  /** The target: the median update within 200 ms of the change. */
  private static final double MEDIAN_TARGET_MS = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Path REPORT = Path.of("target", "bench", "charts.txt");
  private static final List<String> QUERIES = List.of("", "event_type=shelling", "event_type=armed_clash,shelling",
      "datetime=2020-07-12/2020-07-16", "country=AM&min_fatalities=1");

  @Test
  void chartsFollowAFilterChangeQuickly() throws Exception {
    Path dir = Files.createTempDirectory("atlas-bench");
    try {
      long t0 = System.nanoTime();
      Path dataDir = dir.resolve("data");
      SyntheticLayer.write(TestAtlas.GEODATA, dataDir, FEATURES);
      double generateSeconds = (System.nanoTime() - t0) / 1e9;
      Javalin app = AtlasServer.create(AtlasConfig.local(0, dataDir, TestAtlas.GEODATA), AtlasStore.open(dataDir)).start();
      try {
        String url = "http://127.0.0.1:" + app.port();
        double[][][] server = serverTimes(url);
        double[][] page = pageTimes(url);
        String summary = summary(generateSeconds, server, page);
        System.out.println(summary);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, summary);
        assertTrue(median(page[0]) < MEDIAN_TARGET_MS && median(page[2]) < MEDIAN_TARGET_MS, "target missed:\n" + summary);
      } finally {
        app.stop();
      }
    } finally {
      TestAtlas.deleteTree(dir);
    }
  }

  /**
   * Per query, the time of {@code RUNS} requests each summing anew (the query made new by a box
   * a little wider each time, which every incident still falls in: the server keeps recent answers
   * per query), and of {@code RUNS} requests of the same query, answered from what it kept.
   */
  private static double[][][] serverTimes(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    double[][][] out = new double[2][QUERIES.size()][RUNS];
    for (int q = 0; q < QUERIES.size(); q++) {
      String query = QUERIES.get(q).isEmpty() ? "" : QUERIES.get(q) + "&";
      for (int r = 0; r < RUNS; r++) {
        out[0][q][r] = time(http, url + "/api/collections/incidents/daily?" + query + "bbox=40,35,50," + (45 + r * 0.01));
      }
      for (int r = 0; r < RUNS; r++) {
        out[1][q][r] = time(http, url + "/api/collections/incidents/daily?" + query + "bbox=40,35,50,45");
      }
    }
    return out;
  }

  private static double time(HttpClient http, String address) throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - start) / 1e6;
    assertTrue(answer.statusCode() == 200, new String(answer.body()));
    return ms;
  }

  /**
   * Switches filters {@code RUNS} times along a Gray code over the six event-type and side boxes,
   * so that each change is one click and each state is new (a query the server has not summed
   * yet), then switches the shelling filter on and off {@code RUNS} times (two queries it has
   * summed). Per change: the time from the change event to the charts drawn again, and from the
   * charts being asked to their being drawn.
   */
  private static double[][] pageTimes(String url) {
    try (Browser browser = Browser.open(1280, 800, TIMEOUT, "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows")) {
      browser.driver.get(url + "/");
      browser.waitFor("the map", d -> browser.js("return document.body.dataset.loaded === 'true'"));
      browser.driver.findElement(By.id("charts-toggle")).click();
      browser.waitFor("the first charts", d -> browser.js("return window.atlas.charts.timing != null"));
      browser.js("document.addEventListener('change', () => { window.__changedAt = performance.now(); }, true)");
      List<WebElement> boxes = browser.driver.findElements(By.cssSelector("#filters input[name=event_type], #filters input[name=country]"));
      double[][] out = new double[4][RUNS];
      for (int r = 0; r < RUNS; r++) {
        // Step r+1 of the Gray code flips the box of the lowest set bit of r+1.
        WebElement box = boxes.get(Integer.numberOfTrailingZeros(r + 1) % boxes.size());
        double[] t = change(browser, box::click);
        out[0][r] = t[0];
        out[1][r] = t[1];
      }
      for (WebElement box : boxes) {
        if (box.isSelected()) {
          change(browser, box::click);
        }
      }
      WebElement shelling = browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]"));
      for (int r = 0; r < RUNS; r++) {
        double[] t = change(browser, shelling::click);
        out[2][r] = t[0];
        out[3][r] = t[1];
      }
      return out;
    }
  }

  /** Makes a change and waits for the charts drawn after it: change to drawn, and asked to drawn. */
  private static double[] change(Browser browser, Runnable change) {
    double before = ((Number) browser.js("return window.atlas.charts.timing.drawn")).doubleValue();
    change.run();
    browser.waitFor("the charts drawn again", d -> browser.js(
        "const t = window.atlas.charts.timing; return t.drawn > arguments[0] && t.asked >= window.__changedAt", before));
    List<Number> t = browser.js("const t = window.atlas.charts.timing; return [t.drawn - window.__changedAt, t.drawn - t.asked]");
    return new double[] {t.get(0).doubleValue(), t.get(1).doubleValue()};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static String summary(double generateSeconds, double[][][] server, double[][] page) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Charts benchmark: %,d incidents (layer written in %.1f s), %d runs,"
        + " headless Chromium 1280x800, %d cores%n", FEATURES, generateSeconds, RUNS, Runtime.getRuntime().availableProcessors()));
    out.append("in the page (median, max; target: median change to drawn < " + (int) MEDIAN_TARGET_MS + " ms):\n");
    out.append(String.format(Locale.ROOT, "  filters changed (new sums):  change to drawn %4.0f ms, %4.0f ms; asked to drawn %4.0f ms, %4.0f ms%n",
        median(page[0]), max(page[0]), median(page[1]), max(page[1])));
    out.append(String.format(Locale.ROOT, "  filter switched (kept sums): change to drawn %4.0f ms, %4.0f ms; asked to drawn %4.0f ms, %4.0f ms%n",
        median(page[2]), max(page[2]), median(page[3]), max(page[3])));
    out.append("server, /api/collections/incidents/daily (median, max; new sums, then kept):\n");
    for (int q = 0; q < QUERIES.size(); q++) {
      out.append(String.format(Locale.ROOT, "  %-36s %5.0f ms %5.0f ms   %5.1f ms %5.1f ms%n", QUERIES.get(q).isEmpty() ? "(all)" : QUERIES.get(q),
          median(server[0][q]), max(server[0][q]), median(server[1][q]), max(server[1][q])));
    }
    return out.toString();
  }
}
