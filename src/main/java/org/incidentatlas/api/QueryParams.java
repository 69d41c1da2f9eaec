package org.incidentatlas.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.message.MessageKey;

/**
 * Reading a query string strictly: every parameter must be known and given once, numbers must
 * parse and lie in range. Each failure is a 400 that names the parameter.
 */
final class QueryParams {
  private QueryParams() {}

  /** A typo in a parameter name must not silently return the wrong features. */
  static void checkKnown(Map<String, List<String>> params, Set<String> known) {
    for (String name : params.keySet()) {
      if (!known.contains(name) && !isEmptyPair(name, params.get(name))) {
        throw ApiException.badParameter(MessageKey.UNKNOWN_PARAMETER.with("name", name, "allowed", String.join(", ", known.stream().sorted().toList())));
      }
    }
  }

  /**
   * Nothing between two {@code &}, or after the last one ({@code ?limit=2&}), as a URL put together
   * by hand or by a script often has: no parameter at all, not an unknown one.
   */
  static boolean isEmptyPair(String name, List<String> values) {
    return name.isEmpty() && values.stream().allMatch(String::isEmpty);
  }

  /** A resource that answers in JSON only and takes just {@code known}. */
  static void jsonOnly(Map<String, List<String>> params, Set<String> known) {
    checkKnown(params, known);
    Formats.checkJson(params);
  }

  static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badParameter(MessageKey.REPEATED_PARAMETER.with("name", name, "count", values.size()));
    }
    return values.get(0);
  }

  /**
   * A whole number of at least {@code min}, where one above {@code max}, however large, counts as
   * {@code max}: in OGC API Features a client that asks for more than the server's maximum gets
   * pages of the maximum and a {@code next} link, not an error.
   */
  static long atMost(Map<String, List<String>> params, String name, long fallback, long min, long max) {
    String v = single(params, name);
    if (v != null && v.trim().matches("\\+?[0-9]{19,}")) {
      // Beyond a long: a large number all the same.
      return max;
    }
    return Math.min(integer(params, name, fallback, min, Long.MAX_VALUE), max);
  }

  static long integer(Map<String, List<String>> params, String name, long fallback, long min, long max) {
    String v = single(params, name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badParameter(MessageKey.NOT_WHOLE_NUMBER.with("name", name, "value", v));
    }
    if (n < min || n > max) {
      throw ApiException.badParameter(MessageKey.OUT_OF_RANGE.with("name", name, "min", min, "max", max, "value", n));
    }
    return n;
  }
}
