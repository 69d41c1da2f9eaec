package org.incidentatlas.gazetteer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.ingest.CsvRows;
import org.incidentatlas.ingest.SourceReport;

/**
 * Reads {@code settlement_names.csv}: extra spellings per settlement id (the scripts and
 * transliterations reporting uses), each with its language. A row naming an unknown settlement is
 * reported and skipped.
 */
public final class SettlementNames {
  /** One spelling of a place; language is the ISO 639-1 code of the row, null when it has none. */
  public record Spelling(String name, String language) {}

  private SettlementNames() {}

  public static Map<String, List<Spelling>> read(Path path, String file, Map<String, ?> knownIds, SourceReport report) {
    Map<String, List<Spelling>> out = new LinkedHashMap<>();
    CsvRows.read(path, file, report, header -> { }, (row, location) -> {
      String id = row.isSet("settlement_id") ? row.get("settlement_id").trim() : "";
      String name = row.isSet("name") ? row.get("name").trim() : "";
      if (id.isEmpty() || name.isEmpty()) {
        throw new IllegalArgumentException("settlement_id and name are required");
      }
      if (!knownIds.containsKey(id)) {
        throw new IllegalArgumentException("unknown settlement_id '" + id + "'");
      }
      String language = row.isSet("language") ? row.get("language").trim() : "";
      out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Spelling(name, language.isEmpty() ? null : language));
    });
    return out;
  }
}
