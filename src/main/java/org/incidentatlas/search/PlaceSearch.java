package org.incidentatlas.search;

import org.incidentatlas.store.AtlasStore;

/**
 * Finds settlements and incidents by name, in any script or spelling: Агдам, Aghdam and Ağdam
 * find the same places, and Dondar Kuscu, the first letters of it or a slip of the keyboard
 * still find Dondar Quşçu. Incidents are found by id too. The indexes are built from the store
 * on the first search and follow its rebuilds.
 */
public final class PlaceSearch {
  public static final String SETTLEMENTS = "settlements";
  public static final String INCIDENTS = "incidents";
  /** Place names are short; a longer query is a mistake or an attempt to make search expensive. */
  public static final int MAX_QUERY_LENGTH = 100;

  private final LazyIndex<PlaceIndex> places;
  private final LazyIndex<IncidentIndex> incidents;

  public PlaceSearch(AtlasStore store) {
    this.places = new LazyIndex<>(() -> store.layer(SETTLEMENTS), l -> PlaceIndex.build(store, l), PlaceIndex.EMPTY);
    this.incidents = new LazyIndex<>(() -> store.layer(INCIDENTS), l -> IncidentIndex.build(store, l),
        IncidentIndex.EMPTY);
  }

  /**
   * Places and incidents matching {@code query}, best first, at most {@code limit} of each.
   *
   * @throws IllegalArgumentException when the query is blank, longer than
   *     {@value #MAX_QUERY_LENGTH} characters or has no letter or digit, or the limit is below 1
   */
  public SearchResult search(String query, int limit) {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty()) {
      throw new IllegalArgumentException("search query is blank: give a place name or an incident id");
    }
    int length = q.codePointCount(0, q.length());
    if (length > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException(
          "search query is " + length + " characters long; at most " + MAX_QUERY_LENGTH + " are allowed");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("search limit must be at least 1, not " + limit);
    }
    NameForm form = NameForm.of(q);
    if (form == null) {
      throw new IllegalArgumentException("search query '" + q + "' has no letter or digit to search for");
    }
    PlaceIndex.Matches p = places.current().search(form, limit);
    IncidentIndex.Matches i = incidents.current().search(form, limit);
    return new SearchResult(q, p.ambiguous(), p.hits(), i.hits(), p.matched(), i.matched());
  }
}
