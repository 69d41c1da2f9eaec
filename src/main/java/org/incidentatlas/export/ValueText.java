package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A property value as one readable text, for formats whose cells hold flat values (CSV,
 * GeoPackage, DBF, KML); the GeoJSON download keeps the structure. Lists of claims, sources and
 * actors are recognised by their members, not by the property's name, so the same value reads
 * the same in every layer:
 * <ul>
 *   <li>claims: {@code 2 (AZ military) claimed by Ministry of Defence of Azerbaijan [S4]}, joined by "; "</li>
 *   <li>sources: {@code S4: Trend News Agency, 2020-07-13, https://...}, joined by "; "</li>
 *   <li>actors: {@code Military Forces of Armenia (AM, actor2)}, joined by "; "</li>
 *   <li>other lists: their items joined by " | "; other objects: {@code key: value, key: value}</li>
 * </ul>
 */
public final class ValueText {
  private ValueText() {}

  /** The text of a value; null for JSON null, so that formats can keep a null a null. */
  public static String of(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return number(v);
    }
    if (v.isArray()) {
      return list(v);
    }
    if (v.isObject()) {
      return object(v);
    }
    return v.asText();
  }

  /**
   * A number as plain decimal digits, never in exponent notation (a spreadsheet or a DBF field
   * would not read {@code 1.0E-5} as the same number everywhere).
   */
  public static String number(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isBigDecimal()) {
      return v.decimalValue().toPlainString();
    }
    // Double.toString's digits without its exponent, and with at least one decimal, so that a
    // whole-valued real (77.0) still reads as a real.
    BigDecimal d = BigDecimal.valueOf(v.doubleValue()).stripTrailingZeros();
    return (d.scale() <= 0 ? d.setScale(1) : d).toPlainString();
  }

  private static String list(JsonNode list) {
    if (list.isEmpty()) {
      return "";
    }
    if (all(list, ValueText::isClaim)) {
      return join(list, ValueText::claim, "; ");
    }
    if (all(list, ValueText::isSource)) {
      return join(list, ValueText::source, "; ");
    }
    if (all(list, ValueText::isActor)) {
      return join(list, ValueText::actor, "; ");
    }
    return join(list, v -> {
      String s = of(v);
      return s == null ? "" : s;
    }, " | ");
  }

  private static boolean isClaim(JsonNode v) {
    return v.isObject() && v.has("count") && v.has("claimed_by");
  }

  private static boolean isSource(JsonNode v) {
    return v.isObject() && v.has("publisher");
  }

  private static boolean isActor(JsonNode v) {
    return v.isObject() && v.has("name") && v.has("role");
  }

  private static String claim(JsonNode c) {
    StringBuilder sb = new StringBuilder(text(c, "count"));
    String who = words(" ", text(c, "side"), text(c, "group"));
    if (!who.isEmpty()) {
      sb.append(" (").append(who).append(')');
    }
    sb.append(" claimed by ").append(text(c, "claimed_by"));
    String source = text(c, "source");
    if (!source.isEmpty()) {
      sb.append(" [").append(source).append(']');
    }
    return sb.toString();
  }

  private static String source(JsonNode s) {
    String where = words(", ", text(s, "publisher"), text(s, "date"), text(s, "url"));
    String id = text(s, "id");
    return id.isEmpty() ? where : id + ": " + where;
  }

  private static String actor(JsonNode a) {
    String about = words(", ", text(a, "side"), text(a, "role"));
    return about.isEmpty() ? text(a, "name") : text(a, "name") + " (" + about + ")";
  }

  private static String object(JsonNode o) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String v = of(e.getValue());
      if (v != null) {
        parts.add(e.getKey() + ": " + v);
      }
    }
    return String.join(", ", parts);
  }

  /** A member as text; empty when missing or null. */
  private static String text(JsonNode o, String member) {
    String v = of(o.get(member));
    return v == null ? "" : v;
  }

  private static String words(String separator, String... parts) {
    List<String> kept = new ArrayList<>();
    for (String p : parts) {
      if (!p.isEmpty()) {
        kept.add(p);
      }
    }
    return String.join(separator, kept);
  }

  private static boolean all(JsonNode list, Predicate<JsonNode> test) {
    for (JsonNode v : list) {
      if (!test.test(v)) {
        return false;
      }
    }
    return true;
  }

  private static String join(JsonNode list, Function<JsonNode, String> text, String separator) {
    List<String> parts = new ArrayList<>();
    list.forEach(v -> parts.add(text.apply(v)));
    return String.join(separator, parts);
  }
}
