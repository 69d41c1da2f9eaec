package org.incidentatlas.search;

/**
 * A settlement that matches a query.
 *
 * @param name        its name in the gazetteer
 * @param matchedName the spelling the query matched, in its own script
 * @param admin1      first-level division (Azerbaijani rayon, Armenian marz)
 * @param admin2      second-level division (Armenian community), null when none
 * @param population  null when the gazetteer does not know it
 * @param kind        village, town or city: a {@link PlaceKind#label()}
 * @param borderDistanceKm distance to the Armenia–Azerbaijan border in km, as the settlements
 *                    layer gives it; null when the layer has none
 * @param borderDistanceUncertaintyKm how far that distance may be off, as the layer gives it; null when it has none
 * @param borderSide  the country whose polygon holds the place (AM or AZ): its side of the
 *                    border; null when it lies in neither
 * @param match       how well it matched: a {@link Match#label()}
 * @param edits       for a fuzzy match, how many edits the query is from the whole name or one
 *                    of its words; null for the other matches
 */
public record PlaceHit(String id, String name, String matchedName, String country, String admin1, String admin2,
    double lon, double lat, Long population, String kind, Double borderDistanceKm,
    Double borderDistanceUncertaintyKm, String borderSide, String match,
    Integer edits) {}
