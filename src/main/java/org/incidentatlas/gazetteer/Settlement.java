package org.incidentatlas.gazetteer;

import java.util.List;
import org.locationtech.jts.geom.Point;

/**
 * A populated place of the gazetteer.
 *
 * @param id        stable id, {@code geonames:<geonameid>} or {@code supplement:<slug>}
 * @param names     every other spelling known for it (other scripts, transliterations)
 * @param admin1    first-level division (Azerbaijani rayon, Armenian marz) as GeoNames names it
 * @param admin2    second-level division (Armenian community), empty when none
 * @param point     WGS84 longitude/latitude
 */
public record Settlement(String id, String name, List<String> names, Point point, String featureCode,
    String country, String admin1, String admin2, Long population, String source) {

  /** This settlement with more spellings added, without duplicates. */
  public Settlement withNames(List<String> more) {
    List<String> all = new java.util.ArrayList<>(names);
    for (String n : more) {
      if (!all.contains(n) && !n.equals(name)) {
        all.add(n);
      }
    }
    return new Settlement(id, name, List.copyOf(all), point, featureCode, country, admin1, admin2, population, source);
  }
}
