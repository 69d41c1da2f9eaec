package org.incidentatlas.importer;

import static org.incidentatlas.importer.WriteFormat.NODES;
import static org.incidentatlas.importer.WriteFormat.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an ACLED export (CSV with ACLED's column names, as the export tool and the API write
 * them). The field mapping and its tables are in the README, section "Importing incidents".
 */
final class AcledReader extends CsvDatasetReader {
  static final String ID = "event_id_cnty";
  static final String DATASET = "acled";
  static final String PUBLISHER = "ACLED";
  private static final String ACLED_SOURCE = "S1";
  private static final List<String> REQUIRED = List.of(ID, "event_date", "time_precision", "event_type",
      "sub_event_type", "actor1", "actor2", "country", "location", "latitude", "longitude", "geo_precision",
      "fatalities");
  // The API writes 2020-07-12, the export tool 12 July 2020.
  private static final DateTimeFormatter[] EVENT_DATE = {
      DateTimeFormatter.ISO_LOCAL_DATE,
      DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT)};
  private static final Map<Integer, Placement> GEO_PRECISION = Map.of(
      1, new Placement("exact", 2_000),
      2, new Placement("near", 10_000),
      3, new Placement("district", 25_000));
  // ACLED's numeric country codes (ISO 3166-1 numeric) of the atlas's two countries.
  private static final Map<String, String> ISO_NUMERIC = Map.of("31", "AZ", "51", "AM");
  private static final Pattern DRONE = Pattern.compile(
      "\\b(drones?|UAVs?|UAS|unmanned aerial|quadcopters?|Bayraktar|Orbiter)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern ISO_DATE_PREFIX = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}).*");

  @Override
  String dataset() {
    return DATASET;
  }

  @Override
  String description() {
    return "an ACLED export";
  }

  @Override
  String idColumn() {
    return ID;
  }

  @Override
  List<String> requiredColumns() {
    return REQUIRED;
  }

  @Override
  ObjectNode map(CsvRow row) {
    LocalDate eventDate = row.date("event_date", "YYYY-MM-DD or 12 July 2020", EVENT_DATE);
    Integer timePrecision = row.code("time_precision", 1, 3, "1 day, 2 week, 3 month");
    String eventType = eventType(row);
    String country = WriteFormat.country(row, "iso", ISO_NUMERIC);
    Double latitude = row.decimal("latitude");
    Double longitude = row.decimal("longitude");
    Integer geoPrecision = row.code("geo_precision", 1, 3, "1 town, 2 near a town or part of a region, 3 region");
    Integer fatalities = row.count("fatalities");
    String place = row.required("location");
    String actor1 = row.required("actor1");
    LocalDate stamped = timestamp(row);
    if (!row.problems().isEmpty()) {
      return null;
    }

    ObjectNode p = NODES.objectNode();
    switch (timePrecision) {
      case 1 -> WriteFormat.dates(p, eventDate, eventDate, "day");
      // ACLED codes the middle day of the week the reports give.
      case 2 -> WriteFormat.dates(p, eventDate.minusDays(3), eventDate.plusDays(3), "range");
      default -> WriteFormat.dates(p, eventDate.withDayOfMonth(1), eventDate.withDayOfMonth(eventDate.lengthOfMonth()), "month");
    }
    p.put("event_type", eventType);
    p.put("sub_type", subType(eventType, row.text("sub_event_type"), row.text("notes")));
    WriteFormat.place(p, place, country, row.text("admin1"), row.text("admin2"), GEO_PRECISION.get(geoPrecision));

    ArrayNode actors = p.putArray("actors");
    addActors(actors, actor1, row.text("assoc_actor_1"), "actor1");
    addActors(actors, row.text("actor2"), row.text("assoc_actor_2"), "actor2");

    String notes = row.text("notes");
    ArrayNode sources = p.putArray("sources");
    // ACLED makes the coded figures; the reports it names are what it coded them from.
    LocalDate coded = stamped != null ? stamped : eventDate;
    sources.add(WriteFormat.source(ACLED_SOURCE, PUBLISHER, coded.toString(), "en", notes, "paraphrase"));
    int n = 1;
    for (String publisher : split(row.text("source"))) {
      sources.add(WriteFormat.source("S" + ++n, publisher, null, null, null, null));
    }

    p.putArray("fatalities").add(WriteFormat.fatalities(WriteFormat.UNKNOWN, WriteFormat.UNKNOWN, fatalities,
        PUBLISHER, ACLED_SOURCE, stamped));
    putIfPresent(p, "notes", notes);
    return WriteFormat.feature(longitude, latitude, p);
  }

  private static String eventType(CsvRow row) {
    String type = row.required("event_type");
    String sub = row.required("sub_event_type");
    if (type == null || sub == null) {
      return null;
    }
    String mapped = switch (type.toLowerCase(Locale.ROOT)) {
      case "battles" -> "armed_clash";
      case "explosions/remote violence" -> switch (sub.toLowerCase(Locale.ROOT)) {
        case "shelling/artillery/missile attack" -> "shelling";
        case "air/drone strike" -> "drone_strike";
        default -> null;
      };
      case "strategic developments" -> "disrupted weapons use".equals(sub.toLowerCase(Locale.ROOT))
          ? "disrupted_weapons_use" : null;
      default -> null;
    };
    if (mapped == null) {
      row.problem("event_type '" + type + "' with sub_event_type '" + sub + "' is not recorded by the atlas, which"
          + " records armed clashes (Battles), shelling (Shelling/artillery/missile attack) and drone or air"
          + " strikes (Air/drone strike) and disrupted weapons use (Strategic developments: Disrupted weapons use)");
    }
    return mapped;
  }

  /**
   * ACLED's sub-event type as given, but for disrupted weapons use, which takes the atlas's codes:
   * a drone shot down when the notes say a drone was, else the generic code.
   */
  private static String subType(String eventType, String subEventType, String notes) {
    if (!"disrupted_weapons_use".equals(eventType)) {
      return subEventType;
    }
    return notes != null && DRONE.matcher(notes).find() ? "drone_shot_down" : "disrupted_weapons_use";
  }

  /** The day ACLED last changed the row: {@code timestamp} is Unix seconds (or a date in some exports). */
  private static LocalDate timestamp(CsvRow row) {
    String v = row.text("timestamp");
    if (v == null) {
      return null;
    }
    if (DIGITS.matcher(v).matches() && v.length() <= 12) {
      return Instant.ofEpochSecond(Long.parseLong(v)).atZone(ZoneOffset.UTC).toLocalDate();
    }
    var m = ISO_DATE_PREFIX.matcher(v);
    if (m.matches()) {
      try {
        return LocalDate.parse(m.group(1));
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    row.problem("timestamp '" + v + "' is neither Unix seconds nor a date YYYY-MM-DD");
    return null;
  }

  private static void addActors(ArrayNode actors, String actor, String associated, String role) {
    if (actor != null) {
      actors.add(WriteFormat.actor(actor, role));
    }
    for (String a : split(associated)) {
      actors.add(WriteFormat.actor(a, role));
    }
  }

  /** ACLED lists several names in one cell, separated by semicolons; each once, in order. */
  private static List<String> split(String cell) {
    if (cell == null) {
      return List.of();
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (String part : cell.split(";")) {
      String name = part.trim();
      if (!name.isEmpty()) {
        names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      }
    }
    return List.copyOf(names.values());
  }
}
