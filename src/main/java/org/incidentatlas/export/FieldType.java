package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The type of a property as a column. Lists and objects are {@link #TEXT}, flattened by {@link ValueText}. */
public enum FieldType {
  TEXT, INTEGER, REAL, DATE, BOOLEAN;

  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The narrowest type that holds this value; null for a null value, which fits every type. */
  static FieldType of(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return INTEGER;
    }
    if (v.isNumber()) {
      return REAL;
    }
    if (v.isBoolean()) {
      return BOOLEAN;
    }
    if (v.isTextual() && isDay(v.textValue())) {
      return DATE;
    }
    return TEXT;
  }

  /** The narrowest type that holds values of both; whole numbers and decimals meet in REAL. */
  FieldType and(FieldType other) {
    if (other == null || other == this) {
      return this;
    }
    if ((this == INTEGER && other == REAL) || (this == REAL && other == INTEGER)) {
      return REAL;
    }
    return TEXT;
  }

  /** Whether the value can be stored as this type without becoming text. */
  boolean fits(JsonNode v) {
    FieldType t = of(v);
    return t == null || t == this || (this == REAL && t == INTEGER);
  }

  static boolean isDay(String s) {
    if (!DAY.matcher(s).matches()) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
