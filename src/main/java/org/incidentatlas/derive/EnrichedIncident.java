package org.incidentatlas.derive;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.ControlArea;
import org.incidentatlas.incident.AcledCoding;
import org.incidentatlas.incident.Actor;
import org.incidentatlas.incident.ClaimRules;
import org.incidentatlas.incident.ClaimTally;
import org.incidentatlas.incident.ClaimedRange;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Attribute.Rule;
import org.incidentatlas.store.Attribute.Type;
import org.incidentatlas.store.FeatureProperty;
import org.incidentatlas.store.FeatureProperty.Kind;
import org.incidentatlas.store.LayerFeature;

/**
 * An incident with what the build adds from geometry: where it lies, what is near, and how far
 * the border is.
 *
 * @param place             the gazetteer entry of its {@code place_id}
 * @param countryByLocation ISO code of the country polygon covering the point, null if none
 * @param nearest           the gazetteer settlement nearest to the point
 * @param borderKm          distance to the Armenia–Azerbaijan border in kilometres
 * @param borderUncertaintyKm how far that distance may be off: the border's {@code Border#uncertaintyKm()}
 * @param side              {@code AM} or {@code AZ}: side of the border, null if on neither
 * @param controlArea       the recorded area of other control the point lies in, null if none
 */
public record EnrichedIncident(Incident incident, Settlement place, String countryByLocation, Gazetteer.Nearest nearest,
    double borderKm, double borderUncertaintyKm, String side, ControlArea controlArea) {

  /** Queryables that the point layers derived from the gazetteer share with incidents. */
  static final Attribute BORDER_DISTANCE_KM = Attribute.of("border_distance_km", Type.NUMBER, "Distance to the border (km)",
          "Distance to the Armenia–Azerbaijan border, measured in UTM zone 38N, to 0.1 km");
  static final Attribute BORDER_DISTANCE_UNCERTAINTY_KM = Attribute.of("border_distance_uncertainty_km", Type.NUMBER,
      "Uncertainty of the distance to the border (km)",
      "How far the border's position, and so every distance to it, may be off; the same for every feature of a build");
  static final Attribute COUNTRY_BY_LOCATION = Attribute.of("country_by_location", Type.TEXT, "Country by location",
      "ISO code of the country polygon the point lies in");

  /**
   * The queryables of incident layers: what filters, sorting and the map's filter parameters use.
   * Every one is a property written by {@link #toFeature}. The filter parameters keep their
   * order here, as download names list them in it.
   */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.of("id", Type.TEXT, "Incident id", "Identifier of the incident record"),
      Attribute.of("date", Type.DATE, "Date", "First day of the incident"),
      Attribute.of("date_end", Type.DATE, "Last date", "Last day of the incident; equal to date for a single day"),
      Attribute.of("date_precision", Type.TEXT, "Date precision", "How precisely the date is known")
          .withValues(Incident.DATE_PRECISIONS),
      Attribute.of("event_type", Type.TEXT, "Event type", "Kind of event (ACLED event types)")
          .withValues(Incident.EVENT_TYPES).filteredBy("event_type", Rule.ONE_OF),
      Attribute.of("sub_type", Type.TEXT, "Sub-event type", "Finer kind of event"),
      Attribute.of("acled_event_type", Type.TEXT, "ACLED event type",
          "ACLED's event_type for this kind of event, derived from sub_type").withValues(AcledCoding.acledEventTypes()),
      Attribute.of("acled_sub_event_type", Type.TEXT, "ACLED sub-event type",
          "ACLED's sub_event_type for this kind of event, derived from sub_type").withValues(AcledCoding.acledSubEventTypes()),
      Attribute.of("place_id", Type.TEXT, "Place id", "Gazetteer id of the place named by the sources"),
      Attribute.of("place_name", Type.TEXT, "Place", "Name of the place as recorded"),
      Attribute.of("country", Type.TEXT, "Country", "ISO code of the country where it happened, as recorded")
          .filteredBy("country", Rule.ONE_OF),
      Attribute.of("admin1", Type.TEXT, "Province or district", "First-level administrative division of the place"),
      Attribute.of("admin2", Type.TEXT, "Municipality", "Second-level administrative division of the place"),
      Attribute.of("location_precision", Type.TEXT, "Location precision",
          "exact, near (a named place) or district").withValues(Incident.LOCATION_PRECISIONS)
          .filteredBy("location_precision", Rule.ONE_OF),
      Attribute.of("uncertainty_m", Type.INTEGER, "Uncertainty (m)", "Radius around the point within which it took place"),
      Attribute.of("actor_names", Type.TEXT_LIST, "Parties", "Names of the parties (claimants are not parties)")
          .filteredBy("actor", Rule.ANY_OF),
      Attribute.of("period_claims", Type.TEXT_LIST, "Claims about the period",
          "Ids of the period claims covering the incident: totals over days and districts, never included in its figures")
          .filteredBy("period_claim", Rule.ANY_OF),
      Attribute.of("fatalities_low", Type.INTEGER, "Fatalities, lowest claim",
          "Per side and group the lowest figure any claimant gives, summed; missing when nobody claims a figure"),
      Attribute.of("fatalities_best", Type.INTEGER, "Fatalities, best estimate",
          "Per side and group the median of the claimants' best estimates, summed; missing when nobody claims a figure"),
      Attribute.of("fatalities_high", Type.INTEGER, "Fatalities, highest claim",
          "Per side and group the highest figure any claimant gives, summed; missing when nobody claims a figure")
          .filteredBy("min_fatalities", Rule.AT_LEAST),
      BORDER_DISTANCE_KM,
      BORDER_DISTANCE_UNCERTAINTY_KM,
      Attribute.of("border_side", Type.TEXT, "Side of the border", "AM or AZ: the side of the border the point lies on"),
      Attribute.of("exposure_zone", Type.TEXT, "Exposure zone",
          "Id of the exposure zone the point lies in (side and band, e.g. am-0-5km); null beyond the outermost band"),
      Attribute.of("nearest_settlement", Type.TEXT, "Nearest settlement", "Name of the gazetteer settlement nearest to the point"),
      Attribute.of("nearest_settlement_km", Type.NUMBER, "Distance to the nearest settlement (km)",
          "Geodesic distance to the nearest settlement"),
      COUNTRY_BY_LOCATION,
      Attribute.of("updated", Type.TEXT, "Last change",
          "When the atlas's account of the incident last changed, RFC 3339 in UTC: when the version of its record that is"
          + " served was written; for an incident of geodata that has no record, the newest day its sources and claims name"));

  /** The claimed figures, for sums over many incidents; not served ({@link ClaimTally}). */
  static final Attribute CLAIM_TALLY = Attribute.of("claim_tally", Type.TALLY, "Claimed figures",
      "Fatalities and injuries by side, over all claimants and by claimant, each by the rule of ClaimedRange");

  /** The columns of incident layers: the queryables and the claimed figures. */
  public static final List<Attribute> COLUMNS = Stream.concat(ATTRIBUTES.stream(), Stream.of(CLAIM_TALLY)).toList();

  /**
   * Every property written by {@link #toFeature}: the queryables, then the record's claims and
   * sources. What the atlas adds to a record is read-only.
   */
  public static final List<FeatureProperty> PROPERTIES = FeatureProperty.readOnly(FeatureProperty.of(ATTRIBUTES, List.of(
      FeatureProperty.of("place_names", Kind.TEXT_LIST, "Names of the place", "Spellings of the place in the gazetteer, in several scripts"),
      FeatureProperty.of("actors", Kind.OBJECT_LIST, "Actors", "Parties and claimants: name, role and side"),
      FeatureProperty.of("injuries_low", Kind.INTEGER, "Injuries, lowest claim",
          "Per side and group the lowest figure any claimant gives, summed; missing when nobody claims a figure"),
      FeatureProperty.of("injuries_best", Kind.INTEGER, "Injuries, best estimate",
          "Per side and group the median of the claimants' best estimates, summed; missing when nobody claims a figure"),
      FeatureProperty.of("injuries_high", Kind.INTEGER, "Injuries, highest claim",
          "Per side and group the highest figure any claimant gives, summed; missing when nobody claims a figure"),
      FeatureProperty.of("fatalities", Kind.OBJECT_LIST, "Fatality claims", "Each claim of deaths: who claims it, for which side, low, best and high figure, source"),
      FeatureProperty.of("injuries", Kind.OBJECT_LIST, "Injury claims", "Each claim of injuries, as the fatality claims"),
      FeatureProperty.of("claims", Kind.OBJECT_LIST, "Statements", "Each statement of a party (who did what, denials), with who made it and its source"),
      FeatureProperty.of("responsibility", Kind.TEXT_LIST, "Responsibility as claimed", "Who blames whom, one entry per claimant"),
      FeatureProperty.of("disputed", Kind.TEXT_LIST, "Disputed by", "Parties that deny what another claims"),
      FeatureProperty.of("sources", Kind.OBJECT_LIST, "Sources", "The documents the record cites: publisher, title, date, address, quote"),
      FeatureProperty.of("notes", Kind.TEXT, "Notes", "The editors' notes on the record"),
      FeatureProperty.of("status", Kind.TEXT, "Status", "Always published: drafts are not served in layers"),
      FeatureProperty.of("version", Kind.INTEGER, "Version", "Version of the record; its ETag names it"),
      FeatureProperty.of("nearest_settlement_id", Kind.TEXT, "Nearest settlement id", "Gazetteer id of the nearest settlement"),
      FeatureProperty.of("controlled_by", Kind.TEXT, "Controlled by",
          "ISO code of the country that held the point's area in July 2020, where that is not the country it belongs to"),
      FeatureProperty.of("control_area", Kind.TEXT, "Area of other control", "Id of that area in the control_areas layer")),
      "date", "date_end"), IncidentJson.SERVED_FIELDS);

  /**
   * The served feature; {@code version} is the record's version, which its ETag names,
   * {@code written} when that version was written (null for an incident of geodata, see
   * {@link LastChange}), {@code periodClaims} the ids of the period claims covering it, and {@code exposureZone} the id
   * of the exposure zone it lies in, or null.
   */
  public LayerFeature toFeature(int version, Instant written, List<String> periodClaims, String exposureZone) {
    Incident i = incident;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", i.id());
    p.put("date", i.date().toString());
    p.put("date_end", i.dateEnd().toString());
    p.put("date_precision", i.datePrecision());
    p.put("event_type", i.eventType());
    p.put("sub_type", i.subType());
    AcledCoding acled = AcledCoding.of(i.eventType(), i.subType());
    p.put("acled_event_type", acled == null ? null : acled.acledEventType());
    p.put("acled_sub_event_type", acled == null ? null : acled.acledSubEventType());
    p.put("place_id", place.id());
    p.put("place_name", i.placeName() == null ? place.name() : i.placeName());
    p.put("place_names", place.names());
    p.put("country", i.country() == null ? place.country() : i.country());
    p.put("admin1", place.admin1());
    p.put("admin2", place.admin2());
    p.put("location_precision", i.locationPrecision());
    p.put("uncertainty_m", i.uncertaintyMetres());
    p.put("actors", i.actors());
    // The parties, not those who make claims about them.
    p.put("actor_names", i.actors().stream().filter(a -> !a.role().equals("claimant")).map(Actor::name).toList());
    p.put("period_claims", periodClaims);
    putRange(p, "fatalities", ClaimedRange.of(i.fatalities()));
    putRange(p, "injuries", ClaimedRange.of(i.injuries()));
    p.put("fatalities", i.fatalities());
    p.put("injuries", i.injuries());
    p.put(CLAIM_TALLY.property(), ClaimTally.encode(i.fatalities(), i.injuries()));
    p.put("claims", i.statements());
    p.put("responsibility", ClaimRules.responsibility(i));
    p.put("disputed", ClaimRules.disputed(i));
    p.put("sources", i.sources());
    p.put("notes", i.notes());
    p.put("status", "published");
    p.put("version", version);
    p.put("country_by_location", countryByLocation);
    p.put("nearest_settlement_id", nearest == null ? null : nearest.settlement().id());
    p.put("nearest_settlement", nearest == null ? null : nearest.settlement().name());
    p.put("nearest_settlement_km", nearest == null ? null : round(nearest.distanceMetres() / 1000));
    p.put("border_distance_km", roundBorderKm(borderKm));
    p.put("border_distance_uncertainty_km", borderUncertaintyKm);
    p.put("border_side", side);
    p.put("exposure_zone", exposureZone);
    p.put("controlled_by", controlArea == null ? null : controlArea.controlledBy());
    p.put("control_area", controlArea == null ? null : controlArea.id());
    p.put("updated", LastChange.of(written, i));
    return new LayerFeature(i.id(), i.point(), i.date(), i.dateEnd(), p);
  }

  private static void putRange(Map<String, Object> p, String figure, ClaimedRange range) {
    p.put(figure + "_low", range == null ? null : range.low());
    p.put(figure + "_best", range == null ? null : range.best());
    p.put(figure + "_high", range == null ? null : range.high());
  }

  static double round(double km) {
    return Math.round(km * 100) / 100.0;
  }

  /** A distance to the border to 0.1 km: the border is known to half a kilometre at best, more digits would claim more. */
  static double roundBorderKm(double km) {
    return Math.round(km * 10) / 10.0;
  }
}
