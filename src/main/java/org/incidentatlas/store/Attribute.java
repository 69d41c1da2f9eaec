package org.incidentatlas.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A feature property that requests can filter and sort on (a queryable). The writer copies it
 * into a column of its own, so that filters run in SQL with parameters instead of parsing every
 * stored document.
 *
 * @param property    the property of the feature it is read from, also its name in filters
 * @param title       a short human name
 * @param description what the value means, for the queryables document
 * @param values      the values it can take, when they are a fixed set; empty otherwise
 * @param param       the simple query parameter that filters on it by {@code rule}, or null
 * @param rule        how {@code param} filters; null exactly when {@code param} is
 */
public record Attribute(String property, Type type, String title, String description, List<String> values,
    String param, Rule rule) {

  /** Names of the geometry and the time of a feature; no property may take them. */
  public static final Set<String> RESERVED = Set.of("geometry", "datetime");

  /**
   * What the column holds. A {@code TALLY} is no property of the served feature and no queryable:
   * a text the layer's derivation writes for the store to sum up over many features (the claimed
   * figures of an incident, by side and claimant), which reading each feature's GeoJSON would make
   * too slow over a million of them.
   */
  public enum Type { TEXT, TEXT_LIST, INTEGER, NUMBER, DATE, TALLY }

  /** How a simple query parameter filters on its attribute. */
  public enum Rule {
    /** The parameter lists the values to keep. */
    ONE_OF("one-of", Type.TEXT),
    /** A feature matches when its list holds any of the listed values. */
    ANY_OF("list-contains-any-of", Type.TEXT_LIST),
    /** The parameter gives the lowest value to keep; a feature without a value counts as 0. */
    AT_LEAST("at-least", Type.INTEGER);

    private final String label;
    private final Type type;

    Rule(String label, Type type) {
      this.label = label;
      this.type = type;
    }

    /** How clients are told to apply it. */
    public String label() {
      return label;
    }
  }

  public Attribute {
    if (!property.matches("[a-z][a-z0-9_]{0,40}") || RESERVED.contains(property)) {
      throw new IllegalArgumentException("not an attribute name: " + property);
    }
    values = values == null ? List.of() : List.copyOf(values);
    if ((param == null) != (rule == null) || (rule != null && rule.type != type)) {
      throw new IllegalArgumentException("attribute " + property + ": parameter " + param + " with rule " + rule
          + " does not fit type " + type);
    }
  }

  public static Attribute of(String property, Type type, String title, String description) {
    return new Attribute(property, type, title, description, List.of(), null, null);
  }

  /** The same with its fixed set of values. */
  public Attribute withValues(List<String> fixed) {
    return new Attribute(property, type, title, description, fixed, param, rule);
  }

  /** The same, filtered also by the simple query parameter {@code name}. */
  public Attribute filteredBy(String name, Rule how) {
    return new Attribute(property, type, title, description, values, name, how);
  }

  /** Whether items can be sorted by it: lists have no order among features. */
  public boolean sortable() {
    return type != Type.TEXT_LIST && type != Type.TALLY;
  }

  /** Whether requests may filter on it and its layer's queryables name it. */
  public boolean queryable() {
    return type != Type.TALLY;
  }

  String column() {
    return "a_" + property;
  }

  String sqlType() {
    return switch (type) {
      case TEXT, TALLY -> "VARCHAR";
      case TEXT_LIST -> "VARCHAR ARRAY";
      case INTEGER -> "BIGINT";
      case NUMBER -> "DOUBLE PRECISION";
      case DATE -> "DATE";
    };
  }

  /** The value to store for a feature, in the form JDBC binds for {@link #sqlType()}. */
  Object valueOf(Map<String, Object> properties) {
    Object v = properties.get(property);
    if (v == null) {
      return null;
    }
    return switch (type) {
      case TEXT, TALLY -> v.toString();
      case TEXT_LIST -> ((List<?>) v).stream().map(String::valueOf).toArray(String[]::new);
      case INTEGER -> ((Number) v).longValue();
      case NUMBER -> ((Number) v).doubleValue();
      case DATE -> v instanceof LocalDate d ? d : LocalDate.parse(v.toString());
    };
  }
}
