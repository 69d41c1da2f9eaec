package org.incidentatlas.incident;

import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Point;

/**
 * One incident as recorded in {@code incidents.geojson}; field meanings are defined in
 * {@code geodata/README.md}.
 *
 * @param dateEnd           last day; equal to {@code date} for a single day
 * @param locationPrecision {@code exact}, {@code near} (a named place) or {@code district}
 * @param uncertaintyMetres radius around {@code point} within which the incident took place
 * @param fatalities        claims, each with its claimant; conflicting claims stand side by side
 * @param statements        claims about date, event type, place and responsibility
 */
public record Incident(String id, LocalDate date, LocalDate dateEnd, String datePrecision, String eventType,
    String subType, String placeId, String placeName, String country, String admin1, String admin2,
    String locationPrecision, int uncertaintyMetres, Point point, List<Actor> actors, List<Claim> fatalities,
    List<Claim> injuries, List<SourceRef> sources, String notes, List<Statement> statements) {

  public Incident(String id, LocalDate date, LocalDate dateEnd, String datePrecision, String eventType, String subType,
      String placeId, String placeName, String country, String admin1, String admin2, String locationPrecision,
      int uncertaintyMetres, Point point, List<Actor> actors, List<Claim> fatalities, List<Claim> injuries,
      List<SourceRef> sources, String notes) {
    this(id, date, dateEnd, datePrecision, eventType, subType, placeId, placeName, country, admin1, admin2,
        locationPrecision, uncertaintyMetres, point, actors, fatalities, injuries, sources, notes, List.of());
  }

  public static final List<String> EVENT_TYPES = List.of("armed_clash", "shelling", "drone_strike",
      "disrupted_weapons_use");
  public static final List<String> DATE_PRECISIONS = List.of("day", "range", "month");
  public static final List<String> LOCATION_PRECISIONS = List.of("exact", "near", "district");
}
