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
        double[][] server = serverTimes(url);
        double[][] page = pageTimes(url);
        String summary = summary(generateSeconds, server, page);
        System.out.println(summary);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, summary);
        assertTrue(median(page[0]) < MEDIAN_TARGET_MS, "target missed:\n" + summary);
      } finally {
        app.stop();
      }
    } finally {
      TestAtlas.deleteTree(dir);
    }
  }

  /** Per query, the time of each of {@code RUNS} requests of its figures, after one to warm up. */
  private static double[][] serverTimes(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    double[][] out = new double[QUERIES.size()][RUNS];
    for (int q = 0; q < QUERIES.size(); q++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/collections/incidents/daily?" + QUERIES.get(q))).build();
      http.send(request, HttpResponse.BodyHandlers.discarding());
      for (int r = 0; r < RUNS; r++) {
        long start = System.nanoTime();
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        out[q][r] = (System.nanoTime() - start) / 1e6;
        assertTrue(answer.statusCode() == 200, new String(answer.body()));
      }
    }
    return out;
  }

  /**
   * Switches the shelling filter {@code RUNS} times: per change, the time from the change event to
   * the charts drawn, and the part of it from the request sent to the answer received.
   */
  private static double[][] pageTimes(String url) {
    try (Browser browser = Browser.open(1280, 800, TIMEOUT, "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows")) {
      browser.driver.get(url + "/");
      browser.waitFor("the map", d -> browser.js("return document.body.dataset.loaded === 'true'"));
      browser.driver.findElement(By.id("charts-toggle")).click();
      browser.waitFor("the first charts", d -> browser.js("return window.atlas.charts.timing != null"));
      browser.js("document.addEventListener('change', () => { window.__changedAt = performance.now(); }, true)");
      double[][] out = new double[2][RUNS];
      for (int r = 0; r < RUNS; r++) {
        double before = ((Number) browser.js("return window.atlas.charts.timing.drawn")).doubleValue();
        browser.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).click();
        browser.waitFor("the charts drawn again", d -> browser.js(
            "const t = window.atlas.charts.timing; return t.drawn > arguments[0] && t.asked >= window.__changedAt", before));
        List<Number> t = browser.js("const t = window.atlas.charts.timing; return [t.drawn - window.__changedAt, t.received - t.sent]");
        out[0][r] = t.get(0).doubleValue();
        out[1][r] = t.get(1).doubleValue();
      }
      return out;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static String summary(double generateSeconds, double[][] server, double[][] page) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Charts benchmark: %,d incidents (layer written in %.1f s), %d runs,"
        + " headless Chromium 1280x800, %d cores%n", FEATURES, generateSeconds, RUNS, Runtime.getRuntime().availableProcessors()));
    out.append(String.format(Locale.ROOT, "filter change to charts drawn: median %.0f ms, max %.0f ms (target: median < %.0f ms)%n",
        median(page[0]), max(page[0]), MEDIAN_TARGET_MS));
    out.append(String.format(Locale.ROOT, "  of which the request: median %.0f ms, max %.0f ms%n", median(page[1]), max(page[1])));
    out.append("server, /api/collections/incidents/daily, per query (median, max):\n");
    for (int q = 0; q < QUERIES.size(); q++) {
      out.append(String.format(Locale.ROOT, "  %-36s %6.0f ms %6.0f ms%n", QUERIES.get(q).isEmpty() ? "(all)" : QUERIES.get(q),
          median(server[q]), max(server[q])));
    }
    return out.toString();
  }
}
