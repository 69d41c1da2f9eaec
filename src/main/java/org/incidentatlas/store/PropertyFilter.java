package org.incidentatlas.store;

import java.util.List;

/**
 * A condition on one {@link Attribute}: one of {@code values} for text attributes, at least
 * {@code values.get(0)} for whole numbers. Conditions on different attributes are combined with AND.
 */
public record PropertyFilter(Attribute attribute, List<Object> values) {
  public PropertyFilter {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("filter on " + attribute.property() + " has no values");
    }
  }

  String sql() {
    String column = attribute.column();
    String marks = String.join(", ", values.stream().map(v -> "?").toList());
    return switch (attribute.kind()) {
      case TEXT_ONE_OF -> column + " IN (" + marks + ")";
      case TEXT_LIST_ANY_OF -> "(" + String.join(" OR ", values.stream().map(v -> "ARRAY_CONTAINS(" + column + ", ?)").toList()) + ")";
      // A feature nobody claims a figure for counts as none claimed.
      case INTEGER_AT_LEAST -> "COALESCE(" + column + ", 0) >= ?";
    };
  }

  List<Object> params() {
    return attribute.kind() == Attribute.Kind.INTEGER_AT_LEAST ? values.subList(0, 1) : values;
  }
}
