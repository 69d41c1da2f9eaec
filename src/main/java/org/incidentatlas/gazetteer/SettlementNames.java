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
 * transliterations reporting uses). A row naming an unknown settlement is reported and skipped.
 */
public final class SettlementNames {
  private SettlementNames() {}

  public static Map<String, List<String>> read(Path path, String file, Map<String, ?> knownIds, SourceReport report) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    CsvRows.read(path, file, report, header -> { }, (row, location) -> {
      String id = row.isSet("settlement_id") ? row.get("settlement_id").trim() : "";
      String name = row.isSet("name") ? row.get("name").trim() : "";
      if (id.isEmpty() || name.isEmpty()) {
        throw new IllegalArgumentException("settlement_id and name are required");
      }
      if (!knownIds.containsKey(id)) {
        throw new IllegalArgumentException("unknown settlement_id '" + id + "'");
      }
      out.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
    });
    return out;
  }
}
