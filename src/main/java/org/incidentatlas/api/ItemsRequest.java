package org.incidentatlas.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;
import org.incidentatlas.store.TimeRange;

/**
 * Turns the query string of an items or download request into a {@link FeatureQuery}, or fails
 * with a 400 that names the parameter. Every parameter is checked, unknown ones included, so a
 * typo never silently returns the wrong features.
 */
public final class ItemsRequest {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;
  static final Set<String> ITEMS_PARAMETERS = Set.of("bbox", "datetime", "limit", "offset", "properties", "f");
  static final Set<String> DOWNLOAD_PARAMETERS = Set.of("bbox", "datetime");

  private ItemsRequest() {}

  /** Parameters of {@code /collections/{id}/items}. */
  public static FeatureQuery items(LayerInfo layer, Map<String, List<String>> params) {
    QueryParams.checkKnown(params, union(ITEMS_PARAMETERS, layer));
    long limit = QueryParams.integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long offset = QueryParams.integer(params, "offset", 0, 0, Long.MAX_VALUE);
    return new FeatureQuery(bbox(QueryParams.single(params, "bbox")), time(layer, QueryParams.single(params, "datetime")),
        filters(layer, params), limit, offset);
  }

  /** Parameters of a whole-layer download: the same filters, no paging. */
  public static FeatureQuery download(LayerInfo layer, Map<String, List<String>> params) {
    QueryParams.checkKnown(params, union(DOWNLOAD_PARAMETERS, layer));
    return new FeatureQuery(bbox(QueryParams.single(params, "bbox")), time(layer, QueryParams.single(params, "datetime")),
        filters(layer, params), FeatureQuery.UNLIMITED, 0);
  }

  /**
   * The properties to send, from {@code properties=a,b,c}; null for all of them. Names a feature
   * does not have are allowed, as features of one layer need not all carry the same properties.
   */
  static Set<String> properties(Map<String, List<String>> params) {
    String v = QueryParams.single(params, "properties");
    if (v == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : v.split(",", -1)) {
      if (!name.trim().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw ApiException.badParameter("properties must be a comma-separated list of property names, got '" + v + "'");
      }
      names.add(name.trim());
    }
    return names;
  }

  /** One filter per attribute parameter given: a comma-separated list of values, or a minimum. */
  static List<PropertyFilter> filters(LayerInfo layer, Map<String, List<String>> params) {
    List<PropertyFilter> filters = new ArrayList<>();
    for (Attribute a : layer.attributes()) {
      String v = QueryParams.single(params, a.param());
      if (v == null) {
        continue;
      }
      if (a.kind() == Attribute.Kind.INTEGER_AT_LEAST) {
        filters.add(new PropertyFilter(a, List.of(QueryParams.integer(params, a.param(), 0, 0, Integer.MAX_VALUE))));
        continue;
      }
      List<Object> values = new ArrayList<>();
      for (String value : v.split(",", -1)) {
        if (value.isBlank()) {
          throw ApiException.badParameter(a.param() + " must be a comma-separated list of values, got '" + v + "'");
        }
        values.add(value.trim());
      }
      filters.add(new PropertyFilter(a, values));
    }
    return filters;
  }

  private static Set<String> union(Set<String> fixed, LayerInfo layer) {
    Set<String> all = new TreeSet<>(fixed);
    layer.attributes().forEach(a -> all.add(a.param()));
    return all;
  }

  /** {@code minLon,minLat,maxLon,maxLat} or, with heights, six numbers (heights are ignored). */
  static Bbox bbox(String v) {
    if (v == null) {
      return null;
    }
    String[] parts = v.split(",", -1);
    if (parts.length != 4 && parts.length != 6) {
      throw ApiException.badParameter("bbox must have 4 or 6 comma-separated numbers, got " + parts.length + ": '" + v + "'");
    }
    double[] n = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        n[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw ApiException.badParameter("bbox value " + (i + 1) + " is not a number: '" + parts[i] + "'");
      }
      if (!Double.isFinite(n[i])) {
        throw ApiException.badParameter("bbox value " + (i + 1) + " is not finite");
      }
    }
    int half = n.length / 2;
    try {
      return new Bbox(n[0], n[1], n[half], n[half + 1]);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(e.getMessage());
    }
  }

  /**
   * An instant ({@code 2020-07-14} or {@code 2020-07-14T10:00:00Z}), a closed interval
   * ({@code a/b}) or a half-open one ({@code ../b}, {@code a/..}). Features are dated by day, so
   * instants are compared by their UTC day.
   */
  static TimeRange time(LayerInfo layer, String v) {
    if (v == null) {
      return null;
    }
    if (!layer.temporal()) {
      throw ApiException.badParameter("collection '" + layer.id() + "' has no time: datetime cannot be applied");
    }
    String[] parts = v.split("/", -1);
    if (parts.length > 2) {
      throw ApiException.badParameter("datetime must be an instant or an interval 'start/end', got '" + v + "'");
    }
    try {
      if (parts.length == 1) {
        LocalDate day = day(parts[0]);
        if (day == null) {
          throw ApiException.badParameter("datetime '..' needs an interval, e.g. '../2020-07-14'");
        }
        return new TimeRange(day, day);
      }
      return new TimeRange(day(parts[0]), day(parts[1]));
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(e.getMessage());
    }
  }

  private static LocalDate day(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.equals("..")) {
      return null;
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t);
      }
      return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("datetime '" + t + "' is not an RFC 3339 date or date-time");
    }
  }
}
