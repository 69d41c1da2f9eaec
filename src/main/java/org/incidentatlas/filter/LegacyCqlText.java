package org.incidentatlas.filter;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.incidentatlas.filter.Expr.Operand;
import org.locationtech.jts.geom.Geometry;

/**
 * The pre-standard CQL text of the drafts of OGC API Features Part 3 ({@code filter-lang=cql-text}),
 * which GDAL 3.6 sends, read as CQL2 text. It differs where GDAL writes it: a date is a quoted
 * string, {@code date >= '2020-07-14T'} (GDAL's form of a day) or an RFC 3339 timestamp, where
 * CQL2 writes {@code DATE('2020-07-14')}. Such a string compared with a date property is read as
 * that day, and {@code a ILIKE 'p'} is {@code CASEI(a) LIKE CASEI('p')}; anything else is CQL2
 * text as it stands.
 */
public final class LegacyCqlText {
  public static final String NAME = "cql-text";
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T?");

  private LegacyCqlText() {}

  /** The filter in {@code text}; {@code dates} names the layer's date properties. */
  public static Expr parse(String text, Set<String> dates, UnaryOperator<Geometry> toCrs84) {
    return new LegacyCqlText.Dates(dates).expr(Cql2Text.parse(text, true, toCrs84));
  }

  private record Dates(Set<String> properties) {
    Expr expr(Expr e) {
      if (e instanceof Expr.And and) {
        return new Expr.And(and.parts().stream().map(this::expr).toList());
      }
      if (e instanceof Expr.Or or) {
        return new Expr.Or(or.parts().stream().map(this::expr).toList());
      }
      if (e instanceof Expr.Not not) {
        return new Expr.Not(expr(not.inner()));
      }
      if (e instanceof Expr.Comparison c) {
        return new Expr.Comparison(day(c.left(), c.right()), c.op(), day(c.right(), c.left()), c.position());
      }
      if (e instanceof Expr.Between b) {
        return new Expr.Between(b.value(), day(b.low(), b.value()), day(b.high(), b.value()), b.negated(), b.position());
      }
      if (e instanceof Expr.In in) {
        List<Operand> list = in.list().stream().map(o -> day(o, in.value())).toList();
        return new Expr.In(in.value(), list, in.negated(), in.position());
      }
      return e;
    }

    /** {@code o} as a day when it is a text that names one and is compared with a date property. */
    private Operand day(Operand o, Operand other) {
      if (!(o instanceof Expr.Text t && other instanceof Expr.Property p && properties.contains(p.name()))) {
        return o;
      }
      try {
        LocalDate day = DAY.matcher(t.value()).matches() ? LocalDate.parse(t.value().substring(0, 10))
            : Expr.Day.utcDay(t.value());
        return new Expr.Day(day, t.shown(), t.position());
      } catch (DateTimeParseException e) {
        throw new FilterException(t.position(), t.shown(), "'" + t.value() + "' is not a date, compared with the date " + p.name());
      }
    }
  }
}
