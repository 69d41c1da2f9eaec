package org.incidentatlas.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.incidentatlas.message.Message;
import org.incidentatlas.message.MessageKey;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * An incident record as a GeoJSON feature, both ways: the format of {@code incidents.geojson}, of
 * the API's writes and of imports. Parsing checks every field and reports all that fail, each by
 * its path, so a client can mark them all at once.
 *
 * <p>The place fields ({@code place_id}, {@code place_name}, {@code country}, {@code admin1},
 * {@code admin2}) may be left out here; they are then taken from the gazetteer when the record is
 * placed (see {@code build/IncidentPlacer}).
 */
public final class IncidentJson {
  public static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

  /** Limits that keep a record readable and a request small; beyond them a record is refused. */
  public static final int MAX_TEXT = 300;
  public static final int MAX_LONG_TEXT = 10_000;
  public static final int MAX_SOURCES = 50;
  public static final int MAX_CLAIMS = 200;
  public static final int MAX_ACTORS = 20;
  public static final int MAX_COUNT = 1_000_000;
  public static final int MAX_UNCERTAINTY_M = 200_000;
  /**
   * The earliest date a record may carry, of the event, a source or a claim: the atlas records
   * events of living memory, and an earlier date is a typo or a default (0000-01-01, 1900-01-00).
   * The latest is today, wherever on Earth it is already today.
   */
  public static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);

  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final Pattern URL = Pattern.compile("https?://\\S{1,2000}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern SOURCE_DATE = Pattern.compile("\\d{4}-\\d{2}(-\\d{2})?");
  private static final List<String> SIDES = List.of("AZ", "AM");
  private static final List<String> FIGURE_SIDES = List.of("AZ", "AM", "unknown");
  private static final List<String> GROUPS = List.of("military", "civilian", "unknown");
  private static final List<String> ROLES = List.of("actor1", "actor2", "claimant");
  private static final List<String> QUOTE_TYPES = List.of("verbatim", "paraphrase");

  /** The fields a record is written with. */
  private static final Set<String> FIELDS = Set.of("id", "date", "date_end", "date_precision", "event_type", "sub_type",
      "place_id", "place_name", "country", "admin1", "admin2", "location_precision", "uncertainty_m", "actors",
      "fatalities", "injuries", "sources", "claims", "notes");

  /**
   * What the atlas adds to a record when it serves it. A client that reads a feature, changes it
   * and sends it back sends these too; they are ignored rather than refused.
   */
  public static final Set<String> SERVED_FIELDS = Set.of("status", "status_reason", "version", "place_names",
      "actor_names", "period_claims", "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low", "injuries_best",
      "injuries_high", "responsibility", "disputed", "country_by_location", "nearest_settlement_id",
      "nearest_settlement", "nearest_settlement_km", "border_distance_km", "border_distance_uncertainty_km", "border_side", "possible_duplicates", "possible_duplicates_total", "published_version",
      "merged_into", "external_ids", "acled_event_type", "acled_sub_event_type", "controlled_by", "control_area", "exposure_zone", "updated");

  /** The members of a record's feature. */
  public static final Set<String> MEMBERS = Set.of("type", "id", "geometry", "properties");
  /** Members the atlas adds to a feature it serves (its links): sent back, they are ignored, like {@link #SERVED_FIELDS}. */
  public static final Set<String> SERVED_MEMBERS = Set.of("links");

  private IncidentJson() {}

  /**
   * Parses a feature. {@code id} is used when the feature names none (a new record gets its id
   * from the server); a feature's own id must then equal it.
   *
   * @throws InvalidRecord naming every field that is missing or wrong
   */
  public static Incident parse(JsonNode feature, String id) {
    Check check = new Check();
    if (feature == null || !feature.isObject()) {
      throw new InvalidRecord("", MessageKey.RECORD_NOT_FEATURE.with());
    }
    if (!"Feature".equals(feature.path("type").asText(null))) {
      check.fail("type", MessageKey.RECORD_TYPE_FEATURE.with());
    }
    for (Iterator<String> names = feature.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name) && !SERVED_MEMBERS.contains(name)) {
        check.fail(name, MessageKey.RECORD_UNKNOWN_MEMBER.with());
      }
    }
    Point point = point(feature.get("geometry"), check);
    JsonNode p = feature.get("properties");
    if (p == null || !p.isObject()) {
      check.fail("properties", MessageKey.RECORD_MUST_BE_OBJECT.with());
      throw check.invalid();
    }
    for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name) && !SERVED_FIELDS.contains(name)) {
        check.fail("properties." + name, MessageKey.RECORD_UNKNOWN_FIELD.with());
      }
    }
    String recordId = id(feature, p, id, check);
    Fields f = new Fields(p, "properties.", check);
    LocalDate date = f.date("date", true);
    LocalDate dateEnd = f.date("date_end", false);
    if (date != null && dateEnd != null && dateEnd.isBefore(date)) {
      check.fail("properties.date_end", MessageKey.RECORD_END_BEFORE_START.with("dateEnd", dateEnd.toString(), "date", date.toString()));
    }
    if (dateEnd == null) {
      dateEnd = date;
    }
    String datePrecision = f.oneOf("date_precision", Incident.DATE_PRECISIONS, false);
    if (datePrecision == null && date != null) {
      datePrecision = date.equals(dateEnd) ? "day" : "range";
    }
    String eventType = f.oneOf("event_type", Incident.EVENT_TYPES, true);
    String subType = f.text("sub_type", MAX_TEXT, false);
    AcledCoding coded = AcledCoding.ofSubType(subType);
    if (coded != null && eventType != null && !coded.eventType().equals(eventType)) {
      check.fail("properties.sub_type", MessageKey.RECORD_SUB_TYPE_OF_OTHER_EVENT.with("subType", subType,
          "belongsTo", coded.eventType(), "eventType", eventType));
    }
    String locationPrecision = f.oneOf("location_precision", Incident.LOCATION_PRECISIONS, false);
    Integer uncertainty = f.integer("uncertainty_m", 0, MAX_UNCERTAINTY_M, false);

    List<SourceRef> sources = f.list("sources", MAX_SOURCES, true, IncidentJson::source);
    Set<String> sourceIds = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i) != null && !sourceIds.add(sources.get(i).id())) {
        check.fail("properties.sources[" + i + "].id", MessageKey.RECORD_SOURCE_ID_TAKEN.with("id", sources.get(i).id()));
      }
    }
    List<Actor> actors = f.list("actors", MAX_ACTORS, false, IncidentJson::actor);
    List<Claim> fatalities = f.list("fatalities", MAX_CLAIMS, false, e -> figure(e, sourceIds));
    List<Claim> injuries = f.list("injuries", MAX_CLAIMS, false, e -> figure(e, sourceIds));
    List<Statement> statements = f.list("claims", MAX_CLAIMS, false, e -> statement(e, sourceIds));
    String notes = f.text("notes", MAX_LONG_TEXT, false);
    if (fatalities.size() + injuries.size() + statements.size() > MAX_CLAIMS) {
      check.fail("properties", MessageKey.RECORD_TOO_MANY_CLAIMS.with("max", MAX_CLAIMS));
    }
    String placeId = f.text("place_id", 128, false);
    String placeName = f.text("place_name", MAX_TEXT, false);
    String country = f.oneOf("country", SIDES, false);
    String admin1 = f.text("admin1", MAX_TEXT, false);
    String admin2 = f.text("admin2", MAX_TEXT, false);
    if (!check.errors.isEmpty()) {
      throw check.invalid();
    }
    return new Incident(recordId, date, dateEnd, datePrecision, eventType, subType == null ? eventType : subType,
        placeId, placeName, country, admin1, admin2, locationPrecision == null ? "near" : locationPrecision,
        uncertainty == null ? defaultUncertainty(locationPrecision) : uncertainty, point, actors, fatalities, injuries,
        sources, notes == null ? "" : notes, statements);
  }

  /** When a record does not say how far off its point may be: what its precision usually means. */
  private static int defaultUncertainty(String locationPrecision) {
    return "exact".equals(locationPrecision) ? 500 : "district".equals(locationPrecision) ? 25_000 : 5_000;
  }

  /** A stored record (UTF-8 JSON) as a tree. */
  public static JsonNode tree(byte[] record) {
    try {
      return JSON.readTree(record);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored record is not JSON", e);
    }
  }

  /** A record as stored: UTF-8 JSON. */
  public static byte[] bytes(JsonNode record) {
    try {
      return JSON.writeValueAsBytes(record);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record as a GeoJSON feature in the format {@link #parse} reads. */
  public static ObjectNode write(Incident i) {
    ObjectNode feature = JSON.createObjectNode();
    feature.put("type", "Feature");
    feature.put("id", i.id());
    ObjectNode geometry = feature.putObject("geometry");
    geometry.put("type", "Point");
    geometry.putArray("coordinates").add(i.point().getX()).add(i.point().getY());
    ObjectNode p = feature.putObject("properties");
    p.put("id", i.id());
    p.put("date", i.date().toString());
    p.put("date_end", i.dateEnd().toString());
    p.put("date_precision", i.datePrecision());
    p.put("event_type", i.eventType());
    p.put("sub_type", i.subType());
    p.put("place_id", i.placeId());
    p.put("place_name", i.placeName());
    p.put("country", i.country());
    p.put("admin1", i.admin1());
    p.put("admin2", i.admin2());
    p.put("location_precision", i.locationPrecision());
    p.put("uncertainty_m", i.uncertaintyMetres());
    p.set("actors", JSON.valueToTree(i.actors()));
    p.set("fatalities", JSON.valueToTree(i.fatalities()));
    p.set("injuries", JSON.valueToTree(i.injuries()));
    p.set("claims", JSON.valueToTree(i.statements()));
    p.set("sources", JSON.valueToTree(i.sources()));
    p.put("notes", i.notes());
    return feature;
  }

  private static Point point(JsonNode g, Check check) {
    if (g == null || !g.isObject() || !"Point".equals(g.path("type").asText(null))) {
      check.fail("geometry", MessageKey.RECORD_NOT_POINT.with());
      return null;
    }
    JsonNode c = g.get("coordinates");
    if (c == null || !c.isArray() || c.size() != 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
      check.fail("geometry.coordinates", MessageKey.RECORD_COORDINATES.with());
      return null;
    }
    double lon = c.get(0).asDouble();
    double lat = c.get(1).asDouble();
    if (lon == 0 && lat == 0) {
      check.fail("geometry.coordinates", MessageKey.RECORD_NULL_ISLAND.with());
      return null;
    }
    boolean ok = true;
    if (!(lon >= -180 && lon <= 180)) {
      check.fail("geometry.coordinates[0]", MessageKey.RECORD_LONGITUDE.with("value", lon));
      ok = false;
    }
    if (!(lat >= -90 && lat <= 90)) {
      check.fail("geometry.coordinates[1]", MessageKey.RECORD_LATITUDE.with("value", lat));
      ok = false;
    }
    return ok ? WGS84.createPoint(new Coordinate(lon, lat)) : null;
  }

  private static String id(JsonNode feature, JsonNode p, String given, Check check) {
    String featureId = feature.hasNonNull("id") ? feature.get("id").asText() : null;
    String propertyId = p.hasNonNull("id") ? p.get("id").asText() : null;
    String id = given != null ? given : featureId != null ? featureId : propertyId;
    if (featureId != null && !featureId.equals(id)) {
      check.fail("id", MessageKey.RECORD_ID_DIFFERS.with("given", featureId, "id", id));
    }
    if (propertyId != null && !propertyId.equals(id)) {
      check.fail("properties.id", MessageKey.RECORD_ID_DIFFERS.with("given", propertyId, "id", id));
    }
    if (id == null) {
      check.fail("id", MessageKey.RECORD_REQUIRED.with());
    } else if (!ID.matcher(id).matches()) {
      check.fail("id", MessageKey.RECORD_ID_FORMAT.with("id", id));
    }
    return id;
  }

  private static SourceRef source(Fields f) {
    String url = f.matching("url", URL, MessageKey.RECORD_NOT_URL, false);
    return new SourceRef(f.text("id", 32, true), f.text("publisher", MAX_TEXT, true),
        f.dayOrMonth("date"), f.oneOf("date_precision", List.of("day", "month"), false),
        url, f.matching("archive_url", URL, MessageKey.RECORD_NOT_URL, false),
        f.matching("sha256", SHA256, MessageKey.RECORD_NOT_SHA256, false),
        f.matching("language", LANGUAGE, MessageKey.RECORD_NOT_LANGUAGE, true),
        f.text("quote", 5_000, false), f.oneOf("quote_type", QUOTE_TYPES, false));
  }

  private static Actor actor(Fields f) {
    String name = f.text("name", MAX_TEXT, true);
    // Filter values are comma-separated (actor=A,B): a comma inside a name would split it.
    if (name != null && name.contains(",")) {
      f.fail("name", MessageKey.RECORD_COMMA_IN_NAME.with());
    }
    return new Actor(name, f.oneOf("side", SIDES, false), f.oneOf("role", ROLES, true));
  }

  private static Claim figure(Fields f, Set<String> sourceIds) {
    Integer count = f.integer("count", 0, MAX_COUNT, true);
    Integer low = f.integer("low", 0, MAX_COUNT, false);
    Integer high = f.integer("high", 0, MAX_COUNT, false);
    if (count != null && low != null && low > count) {
      f.fail("low", MessageKey.RECORD_LOW_ABOVE_COUNT.with("low", low, "count", count));
    }
    if (count != null && high != null && high < count) {
      f.fail("high", MessageKey.RECORD_HIGH_BELOW_COUNT.with("high", high, "count", count));
    }
    LocalDate madeAt = f.date("made_at", false);
    return new Claim(f.oneOf("group", GROUPS, true), f.oneOf("side", FIGURE_SIDES, true), count == null ? 0 : count,
        low, high, f.text("claimed_by", MAX_TEXT, true), sourceOf(f, sourceIds), madeAt == null ? null : madeAt.toString());
  }

  private static Statement statement(Fields f, Set<String> sourceIds) {
    String about = f.oneOf("about", Statement.SUBJECTS, true);
    String value = f.text("value", MAX_TEXT, true);
    if ("date".equals(about) && value != null) {
      f.date("value", true);
    } else if ("event_type".equals(about) && value != null && !Incident.EVENT_TYPES.contains(value)) {
      f.fail("value", MessageKey.RECORD_NOT_ONE_OF.with("value", value, "allowed", Incident.EVENT_TYPES));
    }
    LocalDate madeAt = f.date("made_at", false);
    return new Statement(about, value, f.text("claimed_by", MAX_TEXT, true), sourceOf(f, sourceIds),
        madeAt == null ? null : madeAt.toString());
  }

  /** Every claim rests on a source of the record. */
  private static String sourceOf(Fields f, Set<String> sourceIds) {
    String source = f.text("source", 32, true);
    if (source != null && !sourceIds.contains(source)) {
      f.fail("source", MessageKey.RECORD_UNKNOWN_SOURCE.with("source", source, "sources", sourceIds));
    }
    return source;
  }

  /** Collects the errors of one record. */
  private static final class Check {
    final List<FieldError> errors = new ArrayList<>();

    void fail(String field, Message message) {
      errors.add(new FieldError(field, message));
    }

    InvalidRecord invalid() {
      return new InvalidRecord(errors);
    }
  }

  /** Typed reading of the fields of one JSON object, each failure recorded under its path. */
  private record Fields(JsonNode node, String path, Check check) {
    void fail(String field, Message message) {
      check.fail(path + field, message);
    }

    private JsonNode value(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        if (required) {
          fail(field, MessageKey.RECORD_REQUIRED.with());
        }
        return null;
      }
      return v;
    }

    String text(String field, int maxLength, boolean required) {
      JsonNode v = value(field, required);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        fail(field, MessageKey.RECORD_MUST_BE_STRING.with());
        return null;
      }
      // Kept as written, spaces and all: a record says what its source says.
      String s = v.asText();
      if (s.length() > maxLength) {
        fail(field, MessageKey.RECORD_TOO_LONG.with("length", s.length(), "max", maxLength));
        return null;
      }
      if (s.indexOf('\0') >= 0) {
        fail(field, MessageKey.RECORD_NUL.with());
        return null;
      }
      return s;
    }

    String oneOf(String field, List<String> allowed, boolean required) {
      String v = text(field, MAX_TEXT, required);
      if (v != null && !allowed.contains(v)) {
        fail(field, MessageKey.RECORD_NOT_ONE_OF.with("value", v, "allowed", allowed));
        return null;
      }
      return v;
    }

    String matching(String field, Pattern pattern, MessageKey what, boolean required) {
      String v = text(field, 2100, required);
      if (v != null && !pattern.matcher(v).matches()) {
        fail(field, what.with("value", v));
        return null;
      }
      return v;
    }

    /** A day from {@link #EARLIEST_DATE} to today; today is that of the time zone furthest ahead. */
    LocalDate date(String field, boolean required) {
      String v = text(field, 10, required);
      if (v == null) {
        return null;
      }
      try {
        LocalDate d = LocalDate.parse(v);
        if (d.isAfter(LocalDate.now(ZoneOffset.MAX))) {
          fail(field, MessageKey.RECORD_FUTURE.with("value", v));
          return null;
        }
        if (d.isBefore(EARLIEST_DATE)) {
          fail(field, MessageKey.RECORD_TOO_EARLY.with("value", v, "earliest", EARLIEST_DATE.toString()));
          return null;
        }
        return d;
      } catch (DateTimeParseException e) {
        fail(field, MessageKey.RECORD_NOT_DATE.with("value", v));
        return null;
      }
    }

    /** A source's date: a day or, when only the month is known, a month; neither in the future. */
    String dayOrMonth(String field) {
      String v = matching(field, SOURCE_DATE, MessageKey.RECORD_NOT_SOURCE_DATE, false);
      if (v == null) {
        return null;
      }
      LocalDate today = LocalDate.now(ZoneOffset.MAX);
      try {
        boolean future = v.length() == 7 ? YearMonth.parse(v).isAfter(YearMonth.from(today))
            : LocalDate.parse(v).isAfter(today);
        if (future) {
          fail(field, MessageKey.RECORD_FUTURE.with("value", v));
          return null;
        }
        boolean early = v.length() == 7 ? YearMonth.parse(v).isBefore(YearMonth.from(EARLIEST_DATE))
            : LocalDate.parse(v).isBefore(EARLIEST_DATE);
        if (early) {
          fail(field, MessageKey.RECORD_TOO_EARLY.with("value", v, "earliest", EARLIEST_DATE.toString()));
          return null;
        }
        return v;
      } catch (DateTimeParseException e) {
        fail(field, MessageKey.RECORD_NOT_CALENDAR_DAY.with("value", v));
        return null;
      }
    }

    Integer integer(String field, int min, int max, boolean required) {
      JsonNode v = value(field, required);
      if (v == null) {
        return null;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber()) {
        fail(field, MessageKey.RECORD_NOT_WHOLE_NUMBER.with("min", min, "max", max));
        return null;
      }
      int n = v.asInt();
      if (n < min || n > max) {
        fail(field, MessageKey.RECORD_OUT_OF_RANGE.with("value", n, "min", min, "max", max));
        return null;
      }
      return n;
    }

    <T> List<T> list(String field, int max, boolean required, Function<Fields, T> element) {
      JsonNode v = value(field, false);
      if (v == null) {
        if (required) {
          fail(field, MessageKey.RECORD_AT_LEAST_ONE.with());
        }
        return List.of();
      }
      if (!v.isArray()) {
        fail(field, MessageKey.RECORD_MUST_BE_ARRAY.with());
        return List.of();
      }
      if (v.size() > max) {
        fail(field, MessageKey.RECORD_TOO_MANY_ENTRIES.with("count", v.size(), "max", max));
        return List.of();
      }
      if (required && v.isEmpty()) {
        fail(field, MessageKey.RECORD_AT_LEAST_ONE.with());
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        String at = path + field + "[" + i + "].";
        if (!e.isObject()) {
          check.fail(path + field + "[" + i + "]", MessageKey.RECORD_MUST_BE_OBJECT.with());
          continue;
        }
        Fields inner = new Fields(e, at, check);
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
          String key = it.next().getKey();
          if (!KNOWN.getOrDefault(field, Set.of()).contains(key)) {
            inner.fail(key, MessageKey.RECORD_NOT_FIELD_OF.with("list", field));
          }
        }
        out.add(element.apply(inner));
      }
      return out;
    }
  }

  private static final Map<String, Set<String>> KNOWN = Map.of(
      "sources", Set.of("id", "publisher", "date", "date_precision", "url", "archive_url", "sha256", "language", "quote",
          "quote_type"),
      "actors", Set.of("name", "side", "role"),
      "fatalities", Set.of("group", "side", "count", "low", "high", "claimed_by", "source", "made_at"),
      "injuries", Set.of("group", "side", "count", "low", "high", "claimed_by", "source", "made_at"),
      "claims", Set.of("about", "value", "claimed_by", "source", "made_at"));
}
