package org.incidentatlas.importer;

import static org.incidentatlas.importer.WriteFormat.NODES;
import static org.incidentatlas.importer.WriteFormat.UNKNOWN;
import static org.incidentatlas.importer.WriteFormat.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a UCDP Georeferenced Event Dataset (GED) CSV file. The field mapping and its tables are in
 * the README, section "Importing incidents".
 */
final class UcdpGedReader extends CsvDatasetReader {
  static final String DATASET = "ucdp";
  static final String PUBLISHER = "UCDP GED";
  /** Columns that together tell a GED file from other CSV files. */
  static final List<String> SIGNATURE = List.of("id", "date_start", "best", "side_a");
  private static final String GED_SOURCE = "S1";
  private static final List<String> REQUIRED = List.of("id", "type_of_violence", "side_a", "side_b", "where_prec",
      "where_coordinates", "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "deaths_a",
      "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low");
  // GED files write dates as 2020-07-12, or with a time of day from database exports.
  private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral(' ').appendPattern("HH:mm:ss[.SSS]").optionalEnd()
      .optionalStart().appendLiteral('T').appendPattern("HH:mm:ss[.SSS]").optionalEnd()
      .toFormatter();
  private static final Map<Integer, Placement> WHERE_PRECISION = Map.of(
      1, new Placement("exact", 2_000),
      2, new Placement("near", 25_000),
      3, new Placement("district", 25_000),
      4, new Placement("district", 50_000),
      5, new Placement("district", 100_000),
      6, new Placement("district", 200_000),
      7, new Placement("district", 200_000));
  // Gleditsch–Ward numbers, which GED uses for country_id.
  private static final Map<String, String> GW_NUMBER = Map.of("371", "AM", "373", "AZ");

  @Override
  String dataset() {
    return DATASET;
  }

  @Override
  String description() {
    return "a UCDP GED file";
  }

  @Override
  String idColumn() {
    return "id";
  }

  @Override
  List<String> requiredColumns() {
    return REQUIRED;
  }

  @Override
  ObjectNode map(CsvRow row) {
    Integer violence = row.code("type_of_violence", 1, 3, "1 state-based, 2 non-state, 3 one-sided");
    if (violence != null && violence == 3) {
      row.problem("type_of_violence 3 (one-sided violence) is not recorded by the atlas, which records armed"
          + " clashes, shelling and drone or air strikes; GED does not say by what means the violence was done");
    }
    LocalDate start = row.date("date_start", "YYYY-MM-DD", DATE);
    LocalDate end = row.date("date_end", "YYYY-MM-DD", DATE);
    Integer datePrecision = row.code("date_prec", 1, 5, "1 day, 2 two to six days, 3 week, 4 month, 5 longer");
    Integer wherePrecision = row.code("where_prec", 1, 7,
        "1 exact, 2 within 25 km, 3 admin2, 4 admin1, 5 linear feature or region, 6 country, 7 waters or airspace");
    Double latitude = row.decimal("latitude");
    Double longitude = row.decimal("longitude");
    String country = WriteFormat.country(row, "country_id", GW_NUMBER);
    String place = row.required("where_coordinates");
    String sideA = row.required("side_a");
    String sideB = row.required("side_b");
    Integer deathsA = row.count("deaths_a");
    Integer deathsB = row.count("deaths_b");
    Integer civilians = row.count("deaths_civilians");
    Integer unknown = row.count("deaths_unknown");
    Integer best = row.count("best");
    Integer low = row.count("low");
    Integer high = row.count("high");
    if (!row.problems().isEmpty()) {
      return null;
    }
    int sum = deathsA + deathsB + civilians + unknown;
    if (best != sum) {
      // The figures by side split GED's best estimate; when they do not add up, it is unclear which is wrong.
      row.problem("best " + best + " is not the sum of deaths_a, deaths_b, deaths_civilians and deaths_unknown (" + sum + ")");
      return null;
    }

    ObjectNode p = NODES.objectNode();
    String precision = switch (datePrecision) {
      case 1 -> start.equals(end) ? "day" : "range";
      case 4 -> "month";
      default -> "range";
    };
    WriteFormat.dates(p, start, end, precision);
    p.put("event_type", "armed_clash");
    p.put("sub_type", violence == 1 ? "state-based conflict (UCDP GED)" : "non-state conflict (UCDP GED)");
    WriteFormat.place(p, place, country, row.text("adm_1"), row.text("adm_2"), WHERE_PRECISION.get(wherePrecision));

    ArrayNode actors = p.putArray("actors");
    ObjectNode a = WriteFormat.actor(sideA, "actor1");
    ObjectNode b = WriteFormat.actor(sideB, "actor2");
    actors.add(a).add(b);

    p.set("sources", sources(row, end));

    ArrayNode fatalities = p.putArray("fatalities");
    fatalities.add(WriteFormat.fatalities("military", sideOrUnknown(a), deathsA, PUBLISHER, GED_SOURCE, null));
    fatalities.add(WriteFormat.fatalities("military", sideOrUnknown(b), deathsB, PUBLISHER, GED_SOURCE, null));
    fatalities.add(WriteFormat.fatalities("civilian", UNKNOWN, civilians, PUBLISHER, GED_SOURCE, null));
    fatalities.add(WriteFormat.fatalities(UNKNOWN, UNKNOWN, unknown, PUBLISHER, GED_SOURCE, null));
    p.put("notes", notes(row, best, low, high));
    return WriteFormat.feature(longitude, latitude, p);
  }

  /**
   * GED itself, then one source per report it lists. {@code source_office}, {@code source_date}
   * and {@code source_headline} list the reports in the same order, separated by semicolons; a
   * date or headline is used only when its list is as long as the list of publishers.
   */
  private static ArrayNode sources(CsvRow row, LocalDate end) {
    ArrayNode sources = NODES.arrayNode();
    // A GED row has no date of its own; the event's last day is the earliest it can have been coded.
    sources.add(WriteFormat.source(GED_SOURCE, PUBLISHER, end.toString(), "en", null, null));
    List<String> offices = items(row.text("source_office"));
    if (offices.isEmpty()) {
      // GED's article references begin with the publisher.
      offices = items(row.text("source_article"));
    }
    List<String> dates = aligned(items(row.text("source_date")), offices.size());
    List<String> headlines = aligned(items(row.text("source_headline")), offices.size());
    for (int i = 0; i < offices.size(); i++) {
      if (offices.get(i).isEmpty()) {
        continue;
      }
      String date = dates == null ? null : reportDate(dates.get(i));
      String headline = headlines == null || headlines.get(i).isEmpty() ? null : headlines.get(i);
      // GED lists English headlines (of translations too); without one, the report's language is unknown.
      sources.add(WriteFormat.source("S" + (sources.size() + 1), offices.get(i), date, headline == null ? null : "en",
          headline, "verbatim"));
    }
    return sources;
  }

  private static String notes(CsvRow row, int best, int low, int high) {
    List<String> parts = new ArrayList<>();
    String where = row.text("where_description");
    if (where != null) {
      parts.add(where.matches(".*[.!?]$") ? where : where + ".");
    }
    parts.add("UCDP GED's estimate of all deaths in the event: best " + best + ", low " + low + ", high " + high
        + " (the figures by side split the best estimate).");
    if ("2".equals(row.text("event_clarity"))) {
      parts.add("GED event_clarity 2: the row sums up reports that do not tell single events apart.");
    }
    String original = row.text("source_original");
    if (original != null) {
      parts.add("Original sources named by GED: " + String.join("; ", items(original)) + ".");
    }
    return String.join(" ", parts);
  }

  private static String sideOrUnknown(ObjectNode actor) {
    return actor.get("side").isNull() ? UNKNOWN : actor.get("side").asText();
  }

  private static String reportDate(String v) {
    try {
      return LocalDate.parse(v, DATE).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<String> items(String cell) {
    return cell == null ? List.of() : Arrays.stream(cell.split(";", -1)).map(String::trim).toList();
  }

  private static List<String> aligned(List<String> items, int size) {
    return items.size() == size ? items : null;
  }
}
