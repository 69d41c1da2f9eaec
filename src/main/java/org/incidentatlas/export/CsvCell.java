package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cells of a CSV download, safe to open in a spreadsheet. A spreadsheet runs a cell that starts
 * with {@code =}, {@code +}, {@code -} or {@code @} as a formula, and some also one that starts
 * with a tab or a carriage return; text from the data that starts so is given a leading
 * apostrophe, which spreadsheets show as text and do not run (the OWASP advice on CSV injection).
 * The rule goes by where a value comes from, not by what it looks like: numbers are written
 * from numeric values, never from text, and stay numbers ({@code -1.5}), while text stays text
 * even when it reads like a number ({@code "-1.5"} becomes {@code '-1.5}).
 */
final class CsvCell {
  private CsvCell() {}

  /** A property value: numbers as numbers, anything else as neutralised text; null as an empty cell. */
  static String of(JsonNode v) {
    if (v != null && v.isNumber()) {
      return ValueText.number(v);
    }
    return text(ValueText.of(v));
  }

  /** Text from the data, neutralised when a spreadsheet would run it. */
  static String text(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return switch (s.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + s;
      default -> s;
    };
  }
}
