package org.incidentatlas.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.incidentatlas.filter.Cql2Json;
import org.incidentatlas.filter.Cql2Text;
import org.incidentatlas.filter.Expr;
import org.incidentatlas.filter.FilterException;
import org.incidentatlas.filter.LegacyCqlText;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Condition;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;
import org.incidentatlas.store.SortKey;
import org.incidentatlas.store.TimeRange;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Turns the query string of an items or download request into a {@link FeatureQuery}, or fails
 * with a 400 that names the parameter. Every parameter is checked, unknown ones included, so a
 * typo never silently returns the wrong features.
 */
public final class ItemsRequest {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;
  static final Set<String> ITEMS_PARAMETERS = Set.of("bbox", "bbox-crs", "datetime", "limit", "offset", "properties", "f",
      "filter", "filter-lang", "filter-crs", "sortby", "crs");
  static final Set<String> DOWNLOAD_PARAMETERS = Set.of("bbox", "bbox-crs", "datetime", "filter", "filter-lang", "filter-crs");
  /** The filter languages; the pre-standard {@link LegacyCqlText#NAME} is read too, for GDAL 3.6. */
  static final String CQL2_TEXT = "cql2-text";
  static final String CQL2_JSON = "cql2-json";
  private static final Set<String> CRS84 = Set.of(CollectionDescription.CRS84, "http://www.opengis.net/def/crs/OGC/0/CRS84");

  private ItemsRequest() {}

  /** Parameters of {@code /collections/{id}/items}. */
  public static FeatureQuery items(LayerInfo layer, Map<String, List<String>> params) {
    QueryParams.checkKnown(params, union(ITEMS_PARAMETERS, layer));
    long limit = QueryParams.atMost(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long offset = QueryParams.integer(params, "offset", 0, 0, Long.MAX_VALUE);
    return new FeatureQuery(bbox(params), time(layer, QueryParams.single(params, "datetime")),
        filters(layer, params), condition(layer, params), sortBy(layer, QueryParams.single(params, "sortby")), limit, offset);
  }

  /** Parameters of a whole-layer download: the same filters, no paging. */
  public static FeatureQuery download(LayerInfo layer, Map<String, List<String>> params) {
    return selection(layer, params, Set.of());
  }

  /** Parameters of a summary of the selected features: the filters of a download, and {@code f}. */
  public static FeatureQuery summary(LayerInfo layer, Map<String, List<String>> params) {
    return selection(layer, params, Set.of("f"));
  }

  /**
   * The filters of a download, as every resource that sums up or lists a selection of features
   * takes them, besides its {@code own} parameters: no paging, no order.
   */
  static FeatureQuery selection(LayerInfo layer, Map<String, List<String>> params, Set<String> own) {
    Set<String> known = union(DOWNLOAD_PARAMETERS, layer);
    known.addAll(own);
    QueryParams.checkKnown(params, known);
    return new FeatureQuery(bbox(params), time(layer, QueryParams.single(params, "datetime")),
        filters(layer, params), condition(layer, params), List.of(), FeatureQuery.UNLIMITED, 0);
  }

  /**
   * Parameters of a feed: the same filters, the first {@code limit} features in {@code order}
   * (one above {@code max} counts as {@code max}, as for items).
   */
  static FeatureQuery feed(LayerInfo layer, Map<String, List<String>> params, List<SortKey> order, long defaultLimit, long max) {
    FeatureQuery selected = selection(layer, params, Set.of("limit"));
    long limit = QueryParams.atMost(params, "limit", defaultLimit, 1, max);
    return new FeatureQuery(selected.bbox(), selected.time(), selected.filters(), selected.condition(), order, limit, 0);
  }

  /** The system to answer in ({@code crs}, OGC API Features Part 2); CRS84 when not given. */
  static ServedCrs crs(Map<String, List<String>> params) {
    return servedCrs(params, "crs");
  }

  private static ServedCrs servedCrs(Map<String, List<String>> params, String name) {
    String v = QueryParams.single(params, name);
    if (v == null) {
      return ServedCrs.CRS84;
    }
    return ServedCrs.byUri(v).orElseThrow(() -> ApiException.badParameter(
        name + " '" + v + "' is not offered; offered: " + String.join(", ", ServedCrs.uris())));
  }

  /**
   * The {@code bbox} in CRS84, from the system {@code bbox-crs} names: four or six numbers in that
   * system's axis order (latitude first for EPSG:4326, metres for the projected ones).
   */
  static Bbox bbox(Map<String, List<String>> params) {
    String v = QueryParams.single(params, "bbox");
    ServedCrs crs = servedCrs(params, "bbox-crs");
    if (v == null) {
      if (params.containsKey("bbox-crs")) {
        throw ApiException.badParameter("bbox-crs is given without a bbox");
      }
      return null;
    }
    if (crs == ServedCrs.CRS84) {
      return bbox(v);
    }
    double[] n = numbers(v);
    int half = n.length / 2;
    try {
      if (crs == ServedCrs.WGS84_LAT_LON) {
        return new Bbox(n[1], n[0], n[half + 1], n[half]);
      }
      Envelope e = crs.boxToWgs84(n[0], n[1], n[half], n[half + 1]);
      return new Bbox(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("bbox in " + crs.uri() + ": " + e.getMessage());
    }
  }

  /**
   * The CQL2 {@code filter} and the queryables given as parameters ({@code admin1=Tavush}: equal
   * to the value; for a list property, holding it), all of which must hold; null when there are
   * none. The simple filter parameters keep their own rules, even where a queryable has the same
   * name ({@code event_type=a,b} is any of the listed types).
   */
  static Condition condition(LayerInfo layer, Map<String, List<String>> params) {
    String lang = QueryParams.single(params, "filter-lang");
    if (lang != null && !lang.equals(CQL2_TEXT) && !lang.equals(CQL2_JSON) && !lang.equals(LegacyCqlText.NAME)) {
      throw ApiException.badParameter("filter-lang '" + lang + "' is not offered; the filter languages are " + CQL2_TEXT
          + " and " + CQL2_JSON);
    }
    ServedCrs crs = CRS84.contains(String.valueOf(QueryParams.single(params, "filter-crs"))) ? ServedCrs.CRS84
        : servedCrs(params, "filter-crs");
    UnaryOperator<Geometry> toCrs84 = crs == ServedCrs.CRS84 ? null : crs::toWgs84;
    List<Expr> all = new ArrayList<>();
    String filter = QueryParams.single(params, "filter");
    if (filter != null) {
      try {
        all.add(CQL2_JSON.equals(lang) ? Cql2Json.parse(filter, toCrs84)
            : LegacyCqlText.NAME.equals(lang) ? LegacyCqlText.parse(filter, dates(layer), toCrs84) : Cql2Text.parse(filter, toCrs84));
      } catch (FilterException e) {
        throw ApiException.badParameter("filter: " + e.describe());
      }
    }
    for (Attribute a : layer.attributes()) {
      String v = QueryParams.single(params, a.property());
      if (v != null && !a.property().equals(a.param())) {
        all.add(equalTo(a, v));
      }
    }
    if (all.isEmpty()) {
      return null;
    }
    try {
      return Condition.of(layer, all.size() == 1 ? all.get(0) : new Expr.And(all));
    } catch (FilterException e) {
      throw ApiException.badParameter("filter: " + e.describe());
    }
  }

  private static Set<String> dates(LayerInfo layer) {
    return layer.attributes().stream().filter(a -> a.type() == Attribute.Type.DATE).map(Attribute::property)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** A queryable given as a parameter, as the filter it stands for. */
  private static Expr equalTo(Attribute a, String v) {
    Expr.Property p = new Expr.Property(a.property(), 1);
    try {
      return switch (a.type()) {
        case TEXT -> new Expr.Comparison(p, Expr.Comparator.EQ, new Expr.Text(v, 1), 1);
        case INTEGER, NUMBER -> new Expr.Comparison(p, Expr.Comparator.EQ, new Expr.Number(finite(v), v, 1), 1);
        case DATE -> new Expr.Comparison(p, Expr.Comparator.EQ, new Expr.Day(LocalDate.parse(v.trim()), v, 1), 1);
        case TEXT_LIST -> new Expr.ArrayPredicate(Expr.ArrayRelation.OVERLAPS, p,
            new Expr.ArrayValue(List.of(new Expr.Text(v, 1)), 1), 1);
        case TALLY -> throw new IllegalArgumentException(a.property() + " is no queryable");
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw ApiException.badParameter(a.property() + " must be " + (a.type() == Attribute.Type.DATE ? "a date (YYYY-MM-DD)" : "a number")
          + ", got '" + v + "'");
    }
  }

  /** A number as a queryable parameter gives it: NaN and the infinities are not values a feature has. */
  private static double finite(String v) {
    double d = Double.parseDouble(v.trim());
    if (!Double.isFinite(d)) {
      throw new NumberFormatException(v);
    }
    return d;
  }

  /**
   * {@code sortby=-fatalities_high,date}: sortable queryables, each ascending or, with a leading
   * {@code -}, descending. A leading {@code +} arrives as a space when the client did not encode it,
   * so a space means ascending too.
   */
  static List<SortKey> sortBy(LayerInfo layer, String v) {
    if (v == null) {
      return List.of();
    }
    List<SortKey> keys = new ArrayList<>();
    for (String part : v.split(",", -1)) {
      String name = part.strip();
      boolean descending = name.startsWith("-");
      if (descending || name.startsWith("+")) {
        name = name.substring(1);
      }
      boolean sortable = (name.equals("datetime") && layer.temporal())
          || layer.attribute(name).map(Attribute::sortable).orElse(false);
      if (!sortable) {
        List<String> names = new ArrayList<>();
        if (layer.temporal()) {
          names.add("datetime");
        }
        layer.attributes().stream().filter(Attribute::sortable).forEach(a -> names.add(a.property()));
        throw ApiException.badParameter("sortby: '" + part + "' is not a sortable queryable of collection '" + layer.id()
            + "'; sortable: " + String.join(", ", names));
      }
      keys.add(new SortKey(name, descending));
    }
    return keys;
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
      String v = a.param() == null ? null : QueryParams.single(params, a.param());
      if (v == null) {
        continue;
      }
      if (a.rule() == Attribute.Rule.AT_LEAST) {
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

  /** The fixed parameters, the layer's simple filter parameters and its queryables. */
  private static Set<String> union(Set<String> fixed, LayerInfo layer) {
    Set<String> all = new TreeSet<>(fixed);
    for (Attribute a : layer.attributes()) {
      all.add(a.property());
      if (a.param() != null) {
        all.add(a.param());
      }
    }
    return all;
  }

  /** {@code minLon,minLat,maxLon,maxLat} or, with heights, six numbers (heights are ignored). */
  static Bbox bbox(String v) {
    if (v == null) {
      return null;
    }
    double[] n = numbers(v);
    int half = n.length / 2;
    try {
      return new Bbox(n[0], n[1], n[half], n[half + 1]);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(e.getMessage());
    }
  }

  private static double[] numbers(String v) {
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
    return n;
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
      return Expr.Day.utcDay(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("datetime '" + t + "' is not an RFC 3339 date or date-time");
    }
  }
}
