package org.incidentatlas.search;

/**
 * A settlement that matches a query.
 *
 * @param name        its name in the gazetteer
 * @param matchedName the spelling the query matched, in its own script
 * @param admin1      first-level division (Azerbaijani rayon, Armenian marz)
 * @param admin2      second-level division (Armenian community), null when none
 * @param population  null when the gazetteer does not know it
 * @param match       how well it matched: a {@link Match#label()}
 */
public record PlaceHit(String id, String name, String matchedName, String country, String admin1, String admin2,
    double lon, double lat, Long population, String match) {}
