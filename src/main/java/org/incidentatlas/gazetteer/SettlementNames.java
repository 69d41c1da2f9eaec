package org.incidentatlas.gazetteer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceProblem;
import org.incidentatlas.ingest.SourceReport;

/**
 * Reads {@code settlement_names.csv}: extra spellings per settlement id (the scripts and
 * transliterations reporting uses). A row naming an unknown settlement is reported and skipped.
 */
public final class SettlementNames {
  private SettlementNames() {}

  public static Map<String, List<String>> read(Path path, String file, Map<String, ?> knownIds, SourceReport report) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.parse(in, format)) {
      long nextLine = 2;
      Iterator<CSVRecord> rows = parser.iterator();
      while (rows.hasNext()) {
        CSVRecord row = rows.next();
        String location = "line " + nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        report.read(file);
        String id = row.isSet("settlement_id") ? row.get("settlement_id").trim() : "";
        String name = row.isSet("name") ? row.get("name").trim() : "";
        if (id.isEmpty() || name.isEmpty()) {
          report.skip(new SourceProblem(file, location, "settlement_id and name are required"));
        } else if (!knownIds.containsKey(id)) {
          report.skip(new SourceProblem(file, location, "unknown settlement_id '" + id + "'"));
        } else {
          out.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
        }
      }
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      throw new SourceException(file + ": cannot parse as CSV: " + e.getMessage(), e);
    }
    return out;
  }
}
