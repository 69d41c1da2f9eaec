package org.incidentatlas.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the parts of the atlas's incident write format: a GeoJSON Feature with a Point and the
 * properties {@code date}, {@code date_end}, {@code date_precision}, {@code event_type},
 * {@code sub_type}, {@code place_name}, {@code country}, {@code admin1}, {@code admin2},
 * {@code location_precision}, {@code uncertainty_m}, {@code actors}, {@code sources},
 * {@code fatalities}, {@code claims} and {@code notes}. Optional values that are null are left out;
 * a source's {@code url} is always written, null when unknown.
 */
final class WriteFormat {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String UNKNOWN = "unknown";

  // Names of the state forces of one of the two countries, as ACLED ("Military Forces of Armenia
  // (2018-)") and UCDP ("Government of Azerbaijan") write them. Civilians, militias and the
  // Nagorno-Karabakh forces name no state's forces and get no side.
  private static final Pattern STATE_FORCES = Pattern.compile(
      "^(?:Military Forces|Armed Forces|Police Forces|Border Guards?|State Border Service|Government|Ministry of Defen[cs]e)"
          + " of (?:the Republic of )?(Armenia|Azerbaijan)\\b.*",
      Pattern.CASE_INSENSITIVE);

  private WriteFormat() {}

  /** A Feature with a Point at {@code [longitude, latitude]}. */
  static ObjectNode feature(double longitude, double latitude, ObjectNode properties) {
    ObjectNode f = NODES.objectNode();
    f.put("type", "Feature");
    ObjectNode g = f.putObject("geometry");
    g.put("type", "Point");
    g.putArray("coordinates").add(longitude).add(latitude);
    f.set("properties", properties);
    return f;
  }

  /** The date properties; {@code end} equals {@code date} for a single day. */
  static void dates(ObjectNode p, LocalDate date, LocalDate end, String precision) {
    p.put("date", date.toString());
    p.put("date_end", end.toString());
    p.put("date_precision", precision);
  }

  /** Where a row happened: the dataset's place and district names and its precision. */
  static void place(ObjectNode p, String placeName, String country, String admin1, String admin2, Placement placement) {
    p.put("place_name", placeName);
    p.put("country", country);
    putIfPresent(p, "admin1", admin1);
    putIfPresent(p, "admin2", admin2);
    p.put("location_precision", placement.precision());
    p.put("uncertainty_m", placement.uncertaintyMetres());
  }

  static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }

  /** A party; its side is read from its name, see {@link #sideOf}. */
  static ObjectNode actor(String name, String role) {
    ObjectNode a = NODES.objectNode();
    a.put("name", name);
    String side = sideOf(name);
    if (side == null) {
      a.putNull("side");
    } else {
      a.put("side", side);
    }
    a.put("role", role);
    return a;
  }

  /** {@code AZ} or {@code AM} when the name is that state's forces, else null. */
  static String sideOf(String actorName) {
    var m = STATE_FORCES.matcher(actorName.trim());
    String lower = actorName.toLowerCase(Locale.ROOT);
    if (!m.matches() || lower.contains("armenia") && lower.contains("azerbaijan")) {
      return null;
    }
    return m.group(1).equalsIgnoreCase("Armenia") ? "AM" : "AZ";
  }

  /**
   * The ISO code of the row's {@code country}, which must be Armenia or Azerbaijan and agree with
   * the dataset's numeric country code in {@code codeColumn} (looked up in {@code byCode}).
   */
  static String country(CsvRow row, String codeColumn, Map<String, String> byCode) {
    String name = row.required("country");
    if (name == null) {
      return null;
    }
    String code = countryCode(name);
    if (code == null) {
      row.problem("country '" + name + "' is neither Armenia nor Azerbaijan, the atlas's two countries");
      return null;
    }
    String given = row.text(codeColumn);
    String byGiven = given == null ? null : byCode.get(given);
    if (byGiven != null && !byGiven.equals(code)) {
      row.problem(codeColumn + " " + given + " (" + byGiven + ") contradicts country '" + name + "'");
    }
    return code;
  }

  static String countryCode(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "armenia" -> "AM";
      case "azerbaijan" -> "AZ";
      default -> null;
    };
  }

  /**
   * A source. {@code date} is null when the dataset does not say it, and a language it does not
   * say is {@code und}, ISO 639's code for undetermined; {@code quoteType} is written only with a
   * quote.
   */
  static ObjectNode source(String id, String publisher, String date, String language, String quote, String quoteType) {
    ObjectNode s = NODES.objectNode();
    s.put("id", id);
    s.put("publisher", publisher);
    putOrNull(s, "date", date);
    s.putNull("url");
    s.put("language", language == null ? "und" : language);
    if (quote != null && !quote.isBlank()) {
      s.put("quote", quote);
      s.put("quote_type", quoteType);
    }
    return s;
  }

  /** A figure as the dataset states it. */
  static ObjectNode fatalities(String group, String side, int count, String claimedBy, String source, LocalDate madeAt) {
    ObjectNode c = NODES.objectNode();
    c.put("group", group);
    c.put("side", side);
    c.put("count", count);
    c.put("claimed_by", claimedBy);
    c.put("source", source);
    if (madeAt != null) {
      c.put("made_at", madeAt.toString());
    }
    return c;
  }

  private static void putOrNull(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
