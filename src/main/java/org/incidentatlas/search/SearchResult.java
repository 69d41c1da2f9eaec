package org.incidentatlas.search;

import java.util.List;

/**
 * What a query found, best matches first.
 *
 * @param query            the query as searched, without surrounding blanks
 * @param ambiguous        true when the query is the whole name of more than one place, matched
 *                         equally well (Ağdam of Tovuz and Ağdam of Karabakh): a caller must not
 *                         pick one silently
 * @param placesMatched    how many places matched, before the limit
 * @param incidentsMatched how many incidents matched, before the limit
 */
public record SearchResult(String query, boolean ambiguous, List<PlaceHit> places, List<IncidentHit> incidents,
    int placesMatched, int incidentsMatched) {}
