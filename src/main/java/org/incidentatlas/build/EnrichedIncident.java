package org.incidentatlas.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.incident.Actor;
import org.incidentatlas.incident.ClaimedRange;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.LayerFeature;

/**
 * An incident with what the build adds from geometry: where it lies, what is near, and how far
 * the border is.
 *
 * @param place             the gazetteer entry of its {@code place_id}
 * @param countryByLocation ISO code of the country polygon covering the point, null if none
 * @param nearest           the gazetteer settlement nearest to the point
 * @param borderKm          distance to the Armenia–Azerbaijan border in kilometres
 * @param side              {@code AM} or {@code AZ}: side of the border, null if on neither
 */
public record EnrichedIncident(Incident incident, Settlement place, String countryByLocation, Gazetteer.Nearest nearest,
    double borderKm, String side) {

  /** What the map and the API filter incidents by; the same parameters serve items and downloads. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      new Attribute("event_type", "event_type", Attribute.Kind.TEXT_ONE_OF),
      new Attribute("country", "country", Attribute.Kind.TEXT_ONE_OF),
      new Attribute("location_precision", "location_precision", Attribute.Kind.TEXT_ONE_OF),
      new Attribute("actor_names", "actor", Attribute.Kind.TEXT_LIST_ANY_OF),
      new Attribute("fatalities_high", "min_fatalities", Attribute.Kind.INTEGER_AT_LEAST));

  public LayerFeature toFeature() {
    Incident i = incident;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", i.id());
    p.put("date", i.date().toString());
    p.put("date_end", i.dateEnd().toString());
    p.put("date_precision", i.datePrecision());
    p.put("event_type", i.eventType());
    p.put("sub_type", i.subType());
    p.put("place_id", i.placeId());
    p.put("place_name", i.placeName());
    p.put("place_names", place.names());
    p.put("country", i.country());
    p.put("admin1", place.admin1());
    p.put("admin2", place.admin2());
    p.put("location_precision", i.locationPrecision());
    p.put("uncertainty_m", i.uncertaintyMetres());
    p.put("actors", i.actors());
    // The parties, not those who make claims about them.
    p.put("actor_names", i.actors().stream().filter(a -> !a.role().equals("claimant")).map(Actor::name).toList());
    ClaimedRange fatalities = ClaimedRange.of(i.fatalities());
    p.put("fatalities_low", fatalities == null ? null : fatalities.low());
    p.put("fatalities_high", fatalities == null ? null : fatalities.high());
    p.put("fatalities", i.fatalities());
    p.put("injuries", i.injuries());
    p.put("sources", i.sources());
    p.put("notes", i.notes());
    p.put("country_by_location", countryByLocation);
    p.put("nearest_settlement_id", nearest == null ? null : nearest.settlement().id());
    p.put("nearest_settlement", nearest == null ? null : nearest.settlement().name());
    p.put("nearest_settlement_km", nearest == null ? null : round(nearest.distanceMetres() / 1000));
    p.put("border_distance_km", round(borderKm));
    p.put("border_side", side);
    return new LayerFeature(i.id(), i.point(), i.date(), i.dateEnd(), p);
  }

  static double round(double km) {
    return Math.round(km * 100) / 100.0;
  }
}
