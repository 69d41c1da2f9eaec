package org.incidentatlas.build;

import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
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
  private final Countries countries;
  private final Gazetteer gazetteer;
  private final Border border;

  public IncidentEnricher(Countries countries, Gazetteer gazetteer, Border border) {
    this.countries = countries;
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
      double offsetM = Geodesic.distanceMetres(i.point().getCoordinate(), place.point().getCoordinate());
      if (offsetM > i.uncertaintyMetres() + 1000) {
        report.warn(String.format("%s: point is %.1f km from %s, beyond its %d m uncertainty", where, offsetM / 1000,
            place.name(), i.uncertaintyMetres()));
      }
      out.add(e);
    }
    return out;
  }

  /** The location facts of one incident at its resolved place, without the checks of {@link #enrich(List, SourceReport)}. */
  public EnrichedIncident enrich(Incident i, Settlement place) {
    return new EnrichedIncident(i, place,
        countries.containing(i.point()).map(Country::iso2).orElse(null),
        gazetteer.nearest(i.point().getCoordinate()).orElse(null),
        border.distanceKm(i.point()),
        border.side(i.point()).orElse(null));
  }
}
