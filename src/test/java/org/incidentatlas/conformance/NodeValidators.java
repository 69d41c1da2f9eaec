package org.incidentatlas.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validators written by others, run with Node.js from {@code src/test/node}: an RFC 7946 GeoJSON
 * checker and an OpenAPI 3.0 validator. Their packages are installed from the lock file the first
 * time they are needed.
 */
final class NodeValidators {
  static final Path DIR = Path.of("src", "test", "node");

  /** What a validator printed, and whether it accepted its input. */
  record Result(boolean ok, String output) {}

  private static boolean installed;

  private NodeValidators() {}

  static synchronized void install() throws IOException, InterruptedException {
    if (installed) {
      return;
    }
    Path marker = DIR.resolve("node_modules").resolve(".package-lock.json");
    if (!Files.exists(marker) || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(DIR.resolve("package-lock.json"))) < 0) {
      Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
      if (!npm.ok()) {
        throw new IllegalStateException("npm ci in " + DIR + " failed: " + npm.output());
      }
    }
    installed = true;
  }

  static Result checkGeoJson(List<Path> files) throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>(List.of("node", "check-geojson.mjs"));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    return run(command);
  }

  static Result validateOpenApi(Path file) throws IOException, InterruptedException {
    install();
    return run(List.of("node", "validate-openapi.mjs", file.toAbsolutePath().toString()));
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return new Result(p.exitValue() == 0, new String(out, StandardCharsets.UTF_8));
  }
}
