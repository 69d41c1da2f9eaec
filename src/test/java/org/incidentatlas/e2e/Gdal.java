package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One finished run of a GDAL program (or any other command), with what it wrote. */
record Gdal(String command, int exitCode, boolean finished, String stdout, String stderr) {
  private static final long TIMEOUT_SECONDS = 90;
  private static final Pattern FEATURE_COUNT = Pattern.compile("(?m)^Feature Count: (\\d+)");

  /**
   * Runs {@code command} in {@code dir} with no input and waits for it, failing the test if it
   * takes longer than {@link #TIMEOUT_SECONDS}.
   */
  static Gdal run(Path dir, String... command) throws IOException, InterruptedException {
    // Separate files rather than a merged pipe: GDAL's debug lines on stderr would otherwise
    // land in the middle of feature dumps on stdout and spoil the line-based counting.
    Path out = Files.createTempFile(dir, "gdal", ".out");
    Path err = Files.createTempFile(dir, "gdal", ".err");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    // The server is on loopback; an inherited proxy setting must not route requests elsewhere.
    pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
    pb.environment().put("no_proxy", "127.0.0.1,localhost");
    pb.environment().put("GDAL_HTTP_TIMEOUT", "30");
    Process p = pb.start();
    boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    Gdal r = new Gdal(String.join(" ", command), finished ? p.exitValue() : -1, finished,
        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    assertTrue(finished, "timed out after " + TIMEOUT_SECONDS + " s\n" + r.describe());
    return r;
  }

  /** Each layer's "Feature Count" as ogrinfo printed it, in order. */
  List<Long> featureCounts() {
    List<Long> counts = new ArrayList<>();
    Matcher m = FEATURE_COUNT.matcher(stdout);
    while (m.find()) {
      counts.add(Long.parseLong(m.group(1)));
    }
    return counts;
  }

  void assertSucceeded() {
    assertEquals(0, exitCode, "non-zero exit\n" + describe());
  }

  /** GDAL reports what it finds odd in a response as "Warning n:" or "ERROR n:". */
  void assertNoWarnings() {
    List<String> complaints = (stdout + "\n" + stderr).lines()
        .filter(l -> l.startsWith("Warning ") || l.startsWith("ERROR "))
        .toList();
    assertEquals(List.of(), complaints, "GDAL complained\n" + describe());
  }

  /** Succeeded, and GDAL found nothing to warn about. */
  void assertClean() {
    assertSucceeded();
    assertNoWarnings();
  }

  String describe() {
    String shownOut = stdout.length() > 20_000 ? stdout.substring(0, 20_000) + "\n[... stdout cut ...]" : stdout;
    String shownErr = stderr.length() > 20_000 ? stderr.substring(0, 20_000) + "\n[... stderr cut ...]" : stderr;
    return "$ " + command + "\nexit " + (finished ? exitCode : "(timed out)")
        + "\n--- stdout ---\n" + shownOut + "\n--- stderr ---\n" + shownErr;
  }
}
