package org.incidentatlas.search;

import java.util.Set;

/**
 * What kind of settlement a place is, as far as GeoNames tells: its feature code says whether it
 * is a capital or the seat of a division, its population (where known) how large it is. A reader
 * telling two places of one name apart needs this, and a map needs it to choose a zoom.
 */
public enum PlaceKind {
  VILLAGE("village"),
  TOWN("town"),
  CITY("city");

  /** The population from which a place counts as a city, whatever its feature code. */
  public static final long CITY_POPULATION = 100_000;
  /** The population from which a place counts as a town, whatever its feature code. */
  public static final long TOWN_POPULATION = 5_000;
  /** Seats of a first- to fourth-level division: towns even when small or of unknown population. */
  private static final Set<String> SEATS = Set.of("PPLA", "PPLA2", "PPLA3", "PPLA4");

  private final String label;

  PlaceKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * A capital (PPLC) or a place of at least {@value #CITY_POPULATION} people is a city; the seat
   * of a division (PPLA to PPLA4) or a place of at least {@value #TOWN_POPULATION} a town;
   * every other place (PPL, an abandoned or destroyed place, one of unknown size) a village.
   */
  public static PlaceKind of(String featureCode, Long population) {
    long people = population == null ? 0 : population;
    if ("PPLC".equals(featureCode) || people >= CITY_POPULATION) {
      return CITY;
    }
    if (featureCode != null && SEATS.contains(featureCode) || people >= TOWN_POPULATION) {
      return TOWN;
    }
    return VILLAGE;
  }
}
