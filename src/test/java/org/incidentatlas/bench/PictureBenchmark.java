package org.incidentatlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.api.AtlasServer;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.e2e.Browser;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the map's picture takes, at each size, in headless Chromium at 1280x800: from the call
 * of the page's picture function to the PNG in hand (the map laid out at the picture's size,
 * captured, composed with its texts and legend, encoded), timed in the page with
 * {@code performance.now()}. The view is the one of {@code e2e/MapPictureTest}; the first picture
 * of each size is a warm-up and is not counted.
 *
 * <p>Not part of the normal test run (tag {@code benchmark}); {@code bench/picture.sh} runs it.
 * {@code -Dbench.features=N} serves a generated layer of N incidents (SyntheticLayer) instead of
 * the atlas's own, {@code -Dbench.runs=N} sets the pictures timed per size. The summary is
 * printed and written to {@code target/bench/picture.txt}.
 */
@Tag("benchmark")
class PictureBenchmark {
  private static final int FEATURES = Integer.getInteger("bench.features", 0);
  private static final int RUNS = Integer.getInteger("bench.runs", 10);
  private static final String VIEW = "/#map=11/40.9700/45.5500&layers=incidents,shelled_villages,border,exposure_zones";
  private static final List<String> SIZES = List.of("1200x800", "2400x1600");
  private static final Path REPORT = Path.of("target", "bench", "picture.txt");

  @Test
  void pictureTime() throws Exception {
    if (FEATURES == 0) {
      TestAtlas atlas = TestAtlas.shared();
      report(measure(atlas.url(VIEW)), "the atlas's own data (geodata/)");
      return;
    }
    Path dir = Files.createTempDirectory("atlas-bench");
    try {
      Path dataDir = dir.resolve("data");
      SyntheticLayer.write(TestAtlas.GEODATA, dataDir, FEATURES);
      Javalin app = AtlasServer.create(AtlasConfig.local(0, dataDir, TestAtlas.GEODATA), AtlasStore.open(dataDir)).start();
      try {
        report(measure("http://127.0.0.1:" + app.port() + VIEW), String.format(Locale.ROOT, "a generated layer of %,d incidents", FEATURES));
      } finally {
        app.stop();
      }
    } finally {
      TestAtlas.deleteTree(dir);
    }
  }

  /** Milliseconds per picture, by size, and the size of the last PNG in bytes. */
  private static Map<String, double[]> measure(String url) {
    Map<String, double[]> times = new java.util.LinkedHashMap<>();
    try (Browser browser = Browser.open(1280, 800, java.time.Duration.ofSeconds(120))) {
      browser.driver.get(url);
      browser.waitLoaded();
      browser.waitMapSettled();
      for (String size : SIZES) {
        double[] ms = new double[RUNS + 1];
        double bytes = 0;
        for (int i = 0; i <= RUNS; i++) {
          Map<String, Object> run = browser.js("const t0 = performance.now();"
              + " return window.atlas.picture(arguments[0]).then(p => ({ms: performance.now() - t0, bytes: p.blob.size}));", size);
          ms[i] = ((Number) run.get("ms")).doubleValue();
          bytes = ((Number) run.get("bytes")).doubleValue();
        }
        double[] counted = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(counted);
        times.put(size, new double[] {counted[0], counted[counted.length / 2], counted[counted.length - 1], bytes, ms[0]});
      }
      browser.assertStayedHomeWithoutErrors("/vendor/modern-screenshot-4.7.0/index.mjs");
    }
    return times;
  }

  private static void report(Map<String, double[]> times, String data) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "Picture benchmark: %s, headless Chromium 1280x800, %d pictures per size after one warm-up, %d cores",
        data, RUNS, Runtime.getRuntime().availableProcessors()));
    for (var e : times.entrySet()) {
      double[] v = e.getValue();
      lines.add(String.format(Locale.ROOT, "%-10s min %6.0f ms  median %6.0f ms  max %6.0f ms  (first %6.0f ms)  PNG %,.0f bytes",
          e.getKey(), v[0], v[1], v[2], v[4], v[3]));
    }
    String summary = String.join("\n", lines) + "\n";
    System.out.println(summary);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, summary);
    assertEquals(SIZES.size(), times.size());
  }
}
