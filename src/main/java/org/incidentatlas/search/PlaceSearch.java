package org.incidentatlas.search;

import org.incidentatlas.message.InvalidArgument;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.store.AtlasStore;

/**
 * Finds settlements and incidents by name, in any script or spelling: Агдам, Aghdam and Ağdam
 * find the same places, and Dondar Kuscu, the first letters of it or a slip of the keyboard
 * still find Dondar Quşçu. Incidents are found by id too. The settlements are indexed in memory
 * on the first search and again after each rebuild; incidents, which may be a million, are found
 * in the database ({@link IncidentSearch}).
 */
public final class PlaceSearch {
  public static final String SETTLEMENTS = "settlements";
  public static final String INCIDENTS = "incidents";
  /** Place names are short; a longer query is a mistake or an attempt to make search expensive. */
  public static final int MAX_QUERY_LENGTH = 100;

  private final LazyIndex<PlaceIndex> places;
  private final IncidentSearch incidents;

  public PlaceSearch(AtlasStore store) {
    this.places = new LazyIndex<>(() -> store.layer(SETTLEMENTS), l -> PlaceIndex.build(store, l), PlaceIndex.EMPTY);
    this.incidents = new IncidentSearch(store);
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
      throw new InvalidArgument(MessageKey.SEARCH_BLANK.with());
    }
    int length = q.codePointCount(0, q.length());
    if (length > MAX_QUERY_LENGTH) {
      throw new InvalidArgument(MessageKey.SEARCH_TOO_LONG.with("length", length, "max", MAX_QUERY_LENGTH));
    }
    if (limit < 1) {
      throw new InvalidArgument(MessageKey.SEARCH_LIMIT.with("limit", limit));
    }
    NameForm form = NameForm.of(q);
    if (form == null) {
      throw new InvalidArgument(MessageKey.SEARCH_NO_LETTER.with("query", q));
    }
    PlaceIndex.Matches p = places.current().search(form, limit);
    IncidentSearch.Matches i = incidents.search(form, limit);
    return new SearchResult(q, p.ambiguous(), p.hits(), i.hits(), p.matched(), i.matched());
  }
}
