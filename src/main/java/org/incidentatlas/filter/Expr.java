package org.incidentatlas.filter;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;

/**
 * A parsed CQL2 filter: boolean structure over predicates whose operands are properties or
 * literals. Nothing here knows a layer; names and types are checked when the filter is applied.
 * Every predicate and operand keeps the 1-based position it was written at.
 */
public sealed interface Expr {

  record And(List<Expr> parts) implements Expr {}

  record Or(List<Expr> parts) implements Expr {}

  record Not(Expr inner) implements Expr {}

  record Constant(boolean value) implements Expr {}

  record Comparison(Operand left, Comparator op, Operand right, int position) implements Expr {}

  /** {@code pattern} uses {@code %} for any run of characters, {@code _} for one, {@code \} to escape. */
  record Like(Operand value, Operand pattern, boolean negated, int position) implements Expr {}

  record Between(Operand value, Operand low, Operand high, boolean negated, int position) implements Expr {}

  record In(Operand value, List<Operand> list, boolean negated, int position) implements Expr {}

  record IsNull(Operand value, boolean negated, int position) implements Expr {}

  record Spatial(SpatialRelation relation, Operand left, Operand right, int position) implements Expr {}

  /** True when the two geometries come within {@code metres} of each other. */
  record WithinDistance(Operand left, Operand right, double metres, int position) implements Expr {}

  record Temporal(TemporalRelation relation, Operand left, Operand right, int position) implements Expr {}

  record ArrayPredicate(ArrayRelation relation, Operand left, Operand right, int position) implements Expr {}

  enum Comparator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    public final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    /** The comparator written with {@code symbol}, if any. */
    public static Optional<Comparator> bySymbol(String symbol) {
      return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
    }
  }

  /** The spatial functions, named after their CQL2 function without the {@code S_}. */
  enum SpatialRelation { INTERSECTS, EQUALS, DISJOINT, TOUCHES, WITHIN, OVERLAPS, CROSSES, CONTAINS }

  /** The temporal functions, named after their CQL2 function without the {@code T_}. */
  enum TemporalRelation {
    AFTER, BEFORE, CONTAINS, DISJOINT, DURING, EQUALS, FINISHEDBY, FINISHES, INTERSECTS, MEETS, METBY,
    OVERLAPPEDBY, OVERLAPS, STARTEDBY, STARTS
  }

  /** The array functions offered, named after their CQL2 function without the {@code A_}. */
  enum ArrayRelation { CONTAINS, CONTAINEDBY, OVERLAPS }

  /** What a predicate compares: a property or a literal. */
  sealed interface Operand {
    int position();

    /** As written, for messages. */
    String shown();
  }

  record Property(String name, int position) implements Operand {
    public String shown() {
      return name;
    }
  }

  record Text(String value, int position) implements Operand {
    public String shown() {
      return "'" + value.replace("'", "''") + "'";
    }
  }

  record Number(double value, String shown, int position) implements Operand {}

  record Bool(boolean value, int position) implements Operand {
    public String shown() {
      return value ? "TRUE" : "FALSE";
    }
  }

  /**
   * {@code DATE('2020-07-14')} or {@code TIMESTAMP('2020-07-14T10:00:00Z')}. Features are dated by
   * day, so an instant is kept as its UTC day.
   */
  record Day(LocalDate day, String shown, int position) implements Operand {
    /**
     * The day in UTC of an RFC 3339 timestamp ({@code 2020-07-14T10:00:00Z}): features are dated
     * by day, so an instant counts as its UTC day.
     *
     * @throws DateTimeParseException when {@code timestamp} is not one, or names an instant
     *     whose day in UTC Java cannot hold (the last second of year 999999999 at -18:00)
     */
    public static LocalDate utcDay(String timestamp) {
      OffsetDateTime instant = OffsetDateTime.parse(timestamp);
      try {
        return instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
      } catch (DateTimeException e) {
        throw new DateTimeParseException("its day in UTC is out of range: " + e.getMessage(), timestamp, 0, e);
      }
    }
  }

  /** The open end {@code '..'} of an interval. */
  record Open(int position) implements Operand {
    public String shown() {
      return "'..'";
    }
  }

  /** {@code INTERVAL(start, end)}; each end is a {@link Day}, a {@link Property} or {@link Open}. */
  record Interval(Operand start, Operand end, int position) implements Operand {
    public String shown() {
      return "INTERVAL(" + start.shown() + ", " + end.shown() + ")";
    }
  }

  /**
   * {@code CASEI(text)} or {@code ACCENTI(text)}: the text with its case, or its accents and other
   * diacritics, taken away, so that comparing two of them ignores how a name was typed.
   */
  record Insensitive(Fold fold, Operand inner, int position) implements Operand {
    public String shown() {
      return fold.name() + "(" + inner.shown() + ")";
    }
  }

  /** {@code left op right} on numbers (CQL2 arithmetic); unknown (null) where it has no finite value. */
  record Arithmetic(Operator op, Operand left, Operand right, int position) implements Operand {
    public String shown() {
      return "(" + left.shown() + " " + op.symbol + " " + right.shown() + ")";
    }
  }

  /** The arithmetic operators of CQL2, as text writes them. */
  enum Operator {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), DIV("div"), POWER("^");

    public final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** The operator written {@code symbol} (CQL2 JSON's op), if any. */
    public static Optional<Operator> bySymbol(String symbol) {
      return Arrays.stream(values()).filter(o -> o.symbol.equalsIgnoreCase(symbol)).findFirst();
    }
  }

  /** What {@link Insensitive} takes away: case ({@code CASEI}) or accents ({@code ACCENTI}). */
  enum Fold { CASEI, ACCENTI }

  /** A WKT geometry or a BBOX, in CRS84 longitude/latitude. */
  record GeometryValue(Geometry geometry, String shown, int position) implements Operand {}

  record ArrayValue(List<Operand> items, int position) implements Operand {
    public String shown() {
      return "(" + String.join(", ", items.stream().map(Operand::shown).toList()) + ")";
    }
  }
}
