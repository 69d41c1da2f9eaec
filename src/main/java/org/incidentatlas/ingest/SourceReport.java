package org.incidentatlas.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build read, skipped and wrote, file by file and layer by layer. Skipped rows keep their
 * {@link SourceProblem} so the build can print them; warnings are facts worth a look that did not
 * cost a row (e.g. a gazetteer country that point-in-polygon disagrees with).
 */
public final class SourceReport {
  private final Map<String, int[]> readSkipped = new LinkedHashMap<>();
  private final Map<String, Integer> written = new LinkedHashMap<>();
  private final List<SourceProblem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  public void read(String file) {
    readSkipped.computeIfAbsent(file, f -> new int[2])[0]++;
  }

  public void skip(SourceProblem problem) {
    readSkipped.computeIfAbsent(problem.file(), f -> new int[2])[1]++;
    problems.add(problem);
  }

  public void warn(String warning) {
    warnings.add(warning);
  }

  public void wrote(String layer, int features) {
    written.put(layer, features);
  }

  public int readCount(String file) {
    return readSkipped.getOrDefault(file, new int[2])[0];
  }

  public int skippedCount(String file) {
    return readSkipped.getOrDefault(file, new int[2])[1];
  }

  public int totalSkipped() {
    return problems.size();
  }

  public List<SourceProblem> problems() {
    return Collections.unmodifiableList(problems);
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public Map<String, Integer> written() {
    return Collections.unmodifiableMap(written);
  }

  /** Multi-line summary for the console: problems, warnings, then counts. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (SourceProblem p : problems) {
      sb.append("  skipped ").append(p).append('\n');
    }
    for (String w : warnings) {
      sb.append("  warning ").append(w).append('\n');
    }
    readSkipped.forEach((file, c) -> sb.append(String.format("  %-32s read %6d  skipped %4d%n", file, c[0], c[1])));
    written.forEach((layer, n) -> sb.append(String.format("  layer %-26s wrote %5d features%n", layer, n)));
    sb.append(String.format("  total: %d rows skipped, %d warnings, %d layers written",
        problems.size(), warnings.size(), written.size()));
    return sb.toString();
  }
}
