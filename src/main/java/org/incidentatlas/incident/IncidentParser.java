package org.incidentatlas.incident;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.incidentatlas.ingest.SourceFeature;
import org.locationtech.jts.geom.Point;

/** Validates a feature of {@code incidents.geojson} and turns it into an {@link Incident}. */
public final class IncidentParser {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final Set<String> SIDES = Set.of("AZ", "AM");
  private static final Set<String> GROUPS = Set.of("military", "civilian");

  private IncidentParser() {}

  /** @throws IllegalArgumentException naming the field that is missing or wrong */
  public static Incident parse(SourceFeature f) {
    if (!(f.feature().getDefaultGeometry() instanceof Point point)) {
      throw new IllegalArgumentException("geometry must be a Point");
    }
    String id = f.required("id");
    if (!id.equals(f.feature().getID())) {
      throw new IllegalArgumentException("feature id '" + f.feature().getID() + "' differs from properties.id '" + id + "'");
    }
    LocalDate date = date(f, "date");
    LocalDate dateEnd = f.text("date_end") == null ? date : date(f, "date_end");
    if (dateEnd.isBefore(date)) {
      throw new IllegalArgumentException("date_end " + dateEnd + " is before date " + date);
    }
    String datePrecision = oneOf(f, "date_precision", Incident.DATE_PRECISIONS);
    String eventType = oneOf(f, "event_type", Incident.EVENT_TYPES);
    String country = oneOf(f, "country", List.copyOf(SIDES));
    String locationPrecision = oneOf(f, "location_precision", Incident.LOCATION_PRECISIONS);
    Object radius = f.attribute("uncertainty_m");
    if (!(radius instanceof Long r) || r < 0 || r > 200_000) {
      throw new IllegalArgumentException("uncertainty_m must be a whole number of metres from 0 to 200000, is " + radius);
    }
    List<SourceRef> sources = list(f, "sources", SourceRef.class);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources: at least one source is required");
    }
    Set<String> sourceIds = new HashSet<>();
    for (SourceRef s : sources) {
      if (blank(s.id()) || blank(s.publisher()) || blank(s.language())) {
        throw new IllegalArgumentException("sources: every source needs id, publisher and language");
      }
      // A link is followed by readers: only web addresses, never javascript: or data: URLs.
      if (s.url() != null && !s.url().matches("https?://\\S+")) {
        throw new IllegalArgumentException("sources: url of " + s.id() + " must be an http(s) address, got '" + s.url() + "'");
      }
      if (!sourceIds.add(s.id())) {
        throw new IllegalArgumentException("sources: id '" + s.id() + "' appears twice");
      }
    }
    List<Actor> actors = list(f, "actors", Actor.class);
    for (Actor a : actors) {
      // Filter values are comma-separated (actor=A,B): a comma inside a name would split it.
      if (blank(a.name()) || a.name().contains(",")) {
        throw new IllegalArgumentException("actors: a name must be given and hold no comma, got '" + a.name() + "'");
      }
    }
    List<Claim> fatalities = claims(f, "fatalities", sourceIds);
    List<Claim> injuries = claims(f, "injuries", sourceIds);
    return new Incident(id, date, dateEnd, datePrecision, eventType, f.required("sub_type"),
        f.required("place_id"), f.required("place_name"), country, f.required("admin1"),
        f.text("admin2") == null ? "" : f.text("admin2"), locationPrecision, (int) (long) (Long) radius, point,
        actors, fatalities, injuries, sources, f.text("notes") == null ? "" : f.text("notes"));
  }

  private static List<Claim> claims(SourceFeature f, String field, Set<String> sourceIds) {
    List<Claim> claims = list(f, field, Claim.class);
    for (Claim c : claims) {
      if (!GROUPS.contains(c.group()) || !SIDES.contains(c.side())) {
        throw new IllegalArgumentException(field + ": group must be military/civilian and side AZ/AM, got " + c.group() + "/" + c.side());
      }
      if (c.count() < 0) {
        throw new IllegalArgumentException(field + ": count " + c.count() + " is negative");
      }
      if (blank(c.claimedBy())) {
        throw new IllegalArgumentException(field + ": every figure needs claimed_by");
      }
      if (!sourceIds.contains(c.source())) {
        throw new IllegalArgumentException(field + ": source '" + c.source() + "' is not among the record's sources");
      }
    }
    return claims;
  }

  private static <T> List<T> list(SourceFeature f, String field, Class<T> type) {
    Object v = f.attribute(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonNode node) || !node.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    CollectionType listType = JSON.getTypeFactory().constructCollectionType(List.class, type);
    try {
      return List.copyOf(JSON.<List<T>>convertValue(node, listType));
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(field + ": " + reason.replaceAll(" \\(class [^)]*\\)", ""));
    }
  }

  private static LocalDate date(SourceFeature f, String field) {
    String v = f.required(field);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " '" + v + "' is not a date YYYY-MM-DD");
    }
  }

  private static String oneOf(SourceFeature f, String field, List<String> allowed) {
    String v = f.required(field);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException(field + " '" + v + "' is not one of " + allowed);
    }
    return v;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
