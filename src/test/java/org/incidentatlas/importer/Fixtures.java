package org.incidentatlas.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The import fixtures, and ways to look at them and at what the readers make of them. */
final class Fixtures {
  static final Path DIR = Path.of("src/test/resources/imports");

  private Fixtures() {}

  static Path file(String name) {
    return DIR.resolve(name);
  }

  static List<ImportResult> read(ImportFormat format, Path file) {
    List<ImportResult> out = new ArrayList<>();
    format.read(file, out::add);
    return out;
  }

  /** The fixture's rows as column → cell, read here without the readers. */
  static List<Map<String, String>> cells(Path file) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(in, format)) {
      return p.getRecords().stream().map(CSVRecord::toMap).toList();
    }
  }

  static ImportRow row(ImportResult r) {
    return assertInstanceOf(ImportRow.class, r, () -> "expected a mapped row, got " + r);
  }

  static ImportProblem problem(ImportResult r) {
    return assertInstanceOf(ImportProblem.class, r, () -> "expected a problem, got " + r);
  }

  static JsonNode props(ImportRow r) {
    return r.feature().get("properties");
  }

  static ImportRow byId(List<ImportResult> results, String externalId) {
    return results.stream().filter(r -> r instanceof ImportRow row && row.externalId().equals(externalId))
        .map(ImportRow.class::cast).findFirst().orElseThrow(() -> new AssertionError("no row " + externalId));
  }

  /** The result is a problem on {@code line} whose message contains every fragment. */
  static void assertProblem(ImportResult r, long line, String... fragments) {
    ImportProblem p = problem(r);
    assertEquals(line, p.line(), p::toString);
    for (String f : fragments) {
      assertTrue(p.message().contains(f), () -> "'" + p.message() + "' should contain '" + f + "'");
    }
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).isNull() ? null : n.get(field).asText()));
    return out;
  }
}
