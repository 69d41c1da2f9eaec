package org.incidentatlas.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.store.FeatureFields;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;

/**
 * The settlements of the gazetteer layer by every name they are known by. A few thousand
 * names: comparing the query with each of them is quicker than maintaining a structure would be.
 */
final class PlaceIndex {
  static final PlaceIndex EMPTY = new PlaceIndex(List.of());
  private static final Set<String> FIELDS = Set.of("id", "name", "names", "country", "admin1", "admin2", "population",
      "feature_code", "border_distance_km", "border_distance_uncertainty_km", "country_by_location");

  /** A settlement; its gazetteer name is the first of its names. */
  private record Place(String id, String name, String country, String admin1, String admin2, double lon, double lat,
      Long population, PlaceKind kind, Double borderKm, Double borderUncertaintyKm, String borderSide, List<NameForm> names) {}

  /** A place and its best-matching name; {@code distance} is in edits, and only guesses have one. */
  private record Candidate(Place place, Match match, int distance, String matchedName) {}

  /** The best matches up to the limit, how many there were, and whether the query is ambiguous. */
  record Matches(List<PlaceHit> hits, int matched, boolean ambiguous) {}

  /**
   * Better match first, and among guesses the name fewer edits away; among equals the larger
   * place, since that is the one most often meant: by population, then by kind where the
   * population is unknown; then alphabetical, then by id so that the order never depends on the
   * store's.
   */
  private static final Comparator<Candidate> BY_MATCH = Comparator.comparing(Candidate::match)
      .thenComparingInt(Candidate::distance);
  private static final Comparator<Candidate> RANK = BY_MATCH
      .thenComparing(c -> c.place().population(), Comparator.nullsLast(Comparator.reverseOrder()))
      .thenComparing(c -> c.place().kind(), Comparator.reverseOrder())
      .thenComparing(c -> c.place().names().get(0).foldKey())
      .thenComparing(c -> c.place().name())
      .thenComparing(c -> c.place().id());

  private final List<Place> places;

  private PlaceIndex(List<Place> places) {
    this.places = places;
  }

  static PlaceIndex build(AtlasStore store, LayerInfo layer) {
    List<Place> places = new ArrayList<>();
    try {
      store.stream(layer, FeatureQuery.all(), f -> {
        Map<String, Object> p = FeatureFields.read(f.properties(), FIELDS);
        double[] lonLat = FeatureFields.lonLat(f.geometry());
        String name = FeatureFields.text(p, "name");
        Set<String> spellings = new LinkedHashSet<>();
        if (name != null) {
          spellings.add(name);
        }
        spellings.addAll(FeatureFields.texts(p, "names"));
        List<NameForm> forms = new ArrayList<>();
        for (String s : spellings) {
          NameForm form = NameForm.of(s);
          if (form != null) {
            forms.add(form);
          }
        }
        if (forms.isEmpty()) {
          return;
        }
        Long population = p.get("population") instanceof Number n ? n.longValue() : null;
        Double borderKm = p.get("border_distance_km") instanceof Number n ? n.doubleValue() : null;
        Double borderUncertaintyKm = p.get("border_distance_uncertainty_km") instanceof Number n ? n.doubleValue() : null;
        String id = FeatureFields.text(p, "id");
        places.add(new Place(id == null ? f.id() : id, forms.get(0).text(), FeatureFields.text(p, "country"),
            FeatureFields.text(p, "admin1"), blankToNull(FeatureFields.text(p, "admin2")),
            lonLat[0], lonLat[1], population, PlaceKind.of(FeatureFields.text(p, "feature_code"), population),
            borderKm, borderUncertaintyKm, FeatureFields.text(p, "country_by_location"), List.copyOf(forms)));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index layer " + layer.id() + ": " + e.getMessage(), e);
    }
    return new PlaceIndex(List.copyOf(places));
  }

  /** The gazetteer writes an empty admin2 where a country has no second level. */
  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  Matches search(NameForm query, int limit) {
    List<Candidate> found = new ArrayList<>();
    for (Place place : places) {
      Candidate best = null;
      for (NameForm name : place.names()) {
        Match m = name.match(query);
        if (m == null) {
          continue;
        }
        Candidate c = new Candidate(place, m, m == Match.FUZZY ? name.distance(query) : 0, name.text());
        if (best == null || BY_MATCH.compare(c, best) < 0) {
          best = c;
        }
      }
      if (best != null) {
        found.add(best);
      }
    }
    found.sort(RANK);
    List<PlaceHit> hits = new ArrayList<>();
    for (Candidate c : found.subList(0, Math.min(limit, found.size()))) {
      Place p = c.place();
      hits.add(new PlaceHit(p.id(), p.name(), c.matchedName(), p.country(), p.admin1(), p.admin2(), p.lon(), p.lat(),
          p.population(), p.kind().label(), p.borderKm(), p.borderUncertaintyKm(), p.borderSide(), c.match().label(),
          c.match() == Match.FUZZY ? c.distance() : null));
    }
    return new Matches(hits, found.size(), ambiguous(found));
  }

  /** More than one place answers to the query as a whole name, and none answers better. */
  private static boolean ambiguous(List<Candidate> ranked) {
    if (ranked.size() < 2 || !ranked.get(0).match().wholeName()) {
      return false;
    }
    Match best = ranked.get(0).match();
    return ranked.stream().filter(c -> c.match() == best).map(c -> c.place().id()).distinct().count() > 1;
  }
}
