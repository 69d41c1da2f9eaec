package org.incidentatlas.gazetteer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Point;

/**
 * A populated place of the gazetteer.
 *
 * @param id        stable id, {@code geonames:<geonameid>} or {@code supplement:<slug>}
 * @param names     every other spelling known for it (other scripts, transliterations)
 * @param admin1    first-level division (Azerbaijani rayon, Armenian marz) as GeoNames names it
 * @param admin2    second-level division (Armenian community), empty when none
 * @param point     WGS84 longitude/latitude
 * @param nameByLanguage the name to show a reader of each language (ISO 639-1 code), for the
 *                  languages {@code settlement_names.csv} lists; empty for the other places
 */
public record Settlement(String id, String name, List<String> names, Point point, String featureCode,
    String country, String admin1, String admin2, Long population, String source, Map<String, String> nameByLanguage) {

  public Settlement {
    // Sorted, so that every build writes the same bytes.
    nameByLanguage = Collections.unmodifiableMap(new TreeMap<>(nameByLanguage));
  }

  /**
   * This settlement with more spellings added, without duplicates. The first spelling of a
   * language is the one shown to its readers: the file lists the preferred one first.
   */
  public Settlement withNames(List<SettlementNames.Spelling> more) {
    List<String> all = new java.util.ArrayList<>(names);
    Map<String, String> byLanguage = new LinkedHashMap<>(nameByLanguage);
    for (SettlementNames.Spelling s : more) {
      if (!all.contains(s.name()) && !s.name().equals(name)) {
        all.add(s.name());
      }
      if (s.language() != null) {
        byLanguage.putIfAbsent(s.language(), s.name());
      }
    }
    return new Settlement(id, name, List.copyOf(all), point, featureCode, country, admin1, admin2, population, source, byLanguage);
  }
}
