package org.incidentatlas.gazetteer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.ingest.SourceFeature;
import org.locationtech.jts.geom.Point;

/** Turns a row of {@code settlements.csv} (or its supplement) into a {@link Settlement}. */
public final class SettlementParser {
  private static final Set<String> COUNTRIES = Set.of("AM", "AZ");

  private SettlementParser() {}

  /** @throws IllegalArgumentException naming the field that is missing or wrong */
  public static Settlement parse(SourceFeature row) {
    String id = row.required("id");
    String name = row.required("name");
    String country = row.required("country");
    if (!COUNTRIES.contains(country)) {
      throw new IllegalArgumentException("country '" + country + "' is not AM or AZ");
    }
    String alt = row.text("alt_names");
    List<String> names = alt == null ? List.of()
        : Arrays.stream(alt.split("\\|")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals(name)).distinct().toList();
    String ascii = row.text("ascii_name");
    if (ascii != null && !ascii.equals(name) && !names.contains(ascii)) {
      names = new java.util.ArrayList<>(names);
      names.add(0, ascii);
      names = List.copyOf(names);
    }
    Long population = null;
    String pop = row.text("population");
    if (pop != null) {
      try {
        population = Long.parseLong(pop);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("population '" + pop + "' is not a whole number");
      }
    }
    return new Settlement(id, name, names, (Point) row.feature().getDefaultGeometry(), row.text("feature_code"),
        country, row.required("admin1"), orEmpty(row.text("admin2")), population, row.required("source"),
        Map.of());
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }
}
