package org.incidentatlas.store;

import java.util.List;
import java.util.Map;

/**
 * A feature property that requests can filter on. The writer copies it into a column of its own,
 * so that filters run in SQL with parameters instead of parsing every stored document.
 *
 * @param property the property of the feature it is read from
 * @param param    the query parameter that filters on it
 */
public record Attribute(String property, String param, Kind kind) {

  public enum Kind {
    /** A text property; the filter lists the values to keep. */
    TEXT_ONE_OF("one-of"),
    /** A list of texts; a feature matches when it holds any of the listed values. */
    TEXT_LIST_ANY_OF("list-contains-any-of"),
    /** A whole number; the filter gives the lowest value to keep. */
    INTEGER_AT_LEAST("at-least");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** How clients are told to apply it. */
    public String label() {
      return label;
    }
  }

  public Attribute {
    if (!property.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("not an attribute name: " + property);
    }
  }

  String column() {
    return "a_" + property;
  }

  String sqlType() {
    return switch (kind) {
      case TEXT_ONE_OF -> "VARCHAR";
      case TEXT_LIST_ANY_OF -> "VARCHAR ARRAY";
      case INTEGER_AT_LEAST -> "BIGINT";
    };
  }

  /** The value to store for a feature, in the form JDBC binds for {@link #sqlType()}. */
  Object valueOf(Map<String, Object> properties) {
    Object v = properties.get(property);
    if (v == null) {
      return null;
    }
    return switch (kind) {
      case TEXT_ONE_OF -> v.toString();
      case TEXT_LIST_ANY_OF -> ((List<?>) v).stream().map(String::valueOf).toArray(String[]::new);
      case INTEGER_AT_LEAST -> ((Number) v).longValue();
    };
  }
}
