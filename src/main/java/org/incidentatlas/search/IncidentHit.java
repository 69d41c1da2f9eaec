package org.incidentatlas.search;

/**
 * An incident that matches a query, with what a list of results shows and a map needs.
 *
 * @param layer       the layer it was found in, to fetch the whole feature from
 * @param matchedName the place name or id the query matched
 * @param dateEnd     null when the layer does not give one
 * @param match       how well it matched: a {@link Match#label()}
 */
public record IncidentHit(String id, String layer, String placeName, String date, String dateEnd, String eventType,
    double lon, double lat, String matchedName, String match) {}
