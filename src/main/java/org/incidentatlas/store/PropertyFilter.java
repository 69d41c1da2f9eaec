package org.incidentatlas.store;

import java.util.List;

/**
 * A simple query parameter applied to its {@link Attribute}: one of {@code values} for text, any
 * of them for lists, at least {@code values.get(0)} for whole numbers. Conditions on different
 * attributes are combined with AND.
 */
public record PropertyFilter(Attribute attribute, List<Object> values) {
  public PropertyFilter {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("filter on " + attribute.property() + " has no values");
    }
    if (attribute.rule() == null) {
      throw new IllegalArgumentException(attribute.property() + " has no filter parameter");
    }
  }

  Sql sql() {
    String column = attribute.column();
    String marks = String.join(", ", values.stream().map(v -> "?").toList());
    return switch (attribute.rule()) {
      case ONE_OF -> new Sql(column + " IN (" + marks + ")", values);
      case ANY_OF -> new Sql("(" + String.join(" OR ", values.stream().map(v -> "ARRAY_CONTAINS(" + column + ", ?)").toList())
          + ")", values);
      // A feature nobody claims a figure for counts as none claimed.
      case AT_LEAST -> Sql.of("COALESCE(" + column + ", 0) >= ?", values.get(0));
    };
  }
}
