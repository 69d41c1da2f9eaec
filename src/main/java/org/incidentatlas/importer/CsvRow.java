package org.incidentatlas.importer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV row, read column by column. A value that is missing or cannot be parsed is recorded as a
 * problem naming the column and the value is returned as null, so that one pass over a row finds
 * every problem in it, not only the first.
 */
final class CsvRow {
  private static final Pattern WHOLE = Pattern.compile("-?\\d+");
  private final CSVRecord record;
  private final List<String> problems = new ArrayList<>();

  CsvRow(CSVRecord record) {
    this.record = record;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  /** The trimmed value, or null when the column is absent from the file or the cell is blank. */
  String text(String column) {
    if (!record.isMapped(column)) {
      return null;
    }
    String v = record.get(column).trim();
    return v.isEmpty() ? null : v;
  }

  String required(String column) {
    String v = text(column);
    if (v == null) {
      problem(column + " is empty");
    }
    return v;
  }

  /** A decimal number such as a coordinate. */
  Double decimal(String column) {
    String v = required(column);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(column + " '" + v + "' is not a number");
    return null;
  }

  /** A count: a whole number of at least 0. */
  Integer count(String column) {
    String v = required(column);
    if (v == null) {
      return null;
    }
    if (WHOLE.matcher(v).matches()) {
      try {
        int n = Integer.parseInt(v);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // too large: reported below
      }
    }
    problem(column + " '" + v + "' is not a whole number of 0 or more");
    return null;
  }

  /** A code from {@code low} to {@code high}; {@code meaning} says what the codes stand for. */
  Integer code(String column, int low, int high, String meaning) {
    String v = required(column);
    if (v == null) {
      return null;
    }
    if (WHOLE.matcher(v).matches() && v.length() < 4) {
      int n = Integer.parseInt(v);
      if (n >= low && n <= high) {
        return n;
      }
    }
    problem(column + " '" + v + "' is not a code from " + low + " to " + high + " (" + meaning + ")");
    return null;
  }

  /** A date in the first of {@code formats} that reads it; {@code expected} describes them. */
  LocalDate date(String column, String expected, DateTimeFormatter... formats) {
    String v = required(column);
    if (v == null) {
      return null;
    }
    for (DateTimeFormatter f : formats) {
      try {
        return LocalDate.parse(v, f);
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    problem(column + " '" + v + "' is not a date (" + expected + ")");
    return null;
  }
}
