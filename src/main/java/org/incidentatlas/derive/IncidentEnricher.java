package org.incidentatlas.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.ControlAreas;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.geo.Country;
import org.incidentatlas.geo.Geodesic;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.ingest.SourceProblem;
import org.incidentatlas.ingest.SourceReport;

/**
 * Adds location facts to each incident. An incident whose place cannot be resolved in the gazetteer,
 * or resolves to a place in another district than the record states (the Ağdam of Tovuz is not
 * the Aghdam of Karabakh), is skipped; facts that merely disagree are warnings.
 */
public final class IncidentEnricher {
  /** How much farther than its uncertainty a point may lie from its settlement's point. */
  static final int PLACE_MARGIN_M = 1000;

  private final Countries countries;
  private final ControlAreas control;
  private final Gazetteer gazetteer;
  private final Border border;

  public IncidentEnricher(Countries countries, ControlAreas control, Gazetteer gazetteer, Border border) {
    this.countries = countries;
    this.control = control;
    this.gazetteer = gazetteer;
    this.border = border;
  }

  public List<EnrichedIncident> enrich(List<Incident> incidents, SourceReport report) {
    List<EnrichedIncident> out = new ArrayList<>();
    for (Incident i : incidents) {
      Settlement place = gazetteer.byId(i.placeId()).orElse(null);
      String where = "incident " + i.id();
      if (place == null) {
        report.skip(new SourceProblem("incidents.geojson", where, "place_id '" + i.placeId() + "' is not in the gazetteer"));
        continue;
      }
      if (!place.admin1().equals(i.admin1()) || !place.country().equals(i.country())) {
        report.skip(new SourceProblem("incidents.geojson", where, "place_id '" + i.placeId() + "' is " + place.name()
            + " in " + place.admin1() + " (" + place.country() + "), but the record says " + i.admin1() + " (" + i.country() + ")"));
        continue;
      }
      EnrichedIncident e = enrich(i, place);
      if (!i.country().equals(e.countryByLocation())) {
        report.warn(where + ": country " + i.country() + " but its point lies in " + e.countryByLocation());
      }
      offsetBeyondUncertainty(i, place).ifPresent(problem -> report.warn(where + ": " + problem));
      out.add(e);
    }
    return out;
  }

  /**
   * Why the incident's point cannot be at its named place, if it cannot: the point lies farther
   * from the place than its uncertainty allows. A settlement's point is one spot of a village that
   * may be a kilometre across, hence the margin.
   */
  public static Optional<String> offsetBeyondUncertainty(Incident i, Settlement place) {
    return offsetKmBeyondUncertainty(i, place).map(km -> String.format(Locale.ROOT,
        "point is %.1f km from %s (%s), beyond its uncertainty of %d m", km, place.name(), place.id(), i.uncertaintyMetres()));
  }

  /** The same, as the distance in km between the point and the place. */
  public static Optional<Double> offsetKmBeyondUncertainty(Incident i, Settlement place) {
    double offsetM = Geodesic.distanceMetres(i.point().getCoordinate(), place.point().getCoordinate());
    return offsetM <= i.uncertaintyMetres() + PLACE_MARGIN_M ? Optional.empty() : Optional.of(offsetM / 1000);
  }

  /** The location facts of one incident at its resolved place, without the checks of {@link #enrich(List, SourceReport)}. */
  public EnrichedIncident enrich(Incident i, Settlement place) {
    return new EnrichedIncident(i, place,
        countries.containing(i.point()).map(Country::iso2).orElse(null),
        gazetteer.nearest(i.point().getCoordinate()).orElse(null),
        border.distanceKm(i.point()),
        border.uncertaintyKm(),
        border.side(i.point()).orElse(null),
        control.at(i.point()).orElse(null));
  }
}
