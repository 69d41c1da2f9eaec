package org.incidentatlas.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.incidentatlas.filter.Expr;
import org.incidentatlas.filter.Expr.Operand;
import org.incidentatlas.filter.FilterException;
import org.incidentatlas.geo.Geodesic;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Translates a CQL2 filter into SQL on one layer's table, checking every property against the
 * layer's queryables and every comparison for matching types. Column names come only from the
 * layer's attributes; every literal is a bound parameter.
 *
 * <p>Comparisons follow SQL: a comparison with a missing value is unknown, so neither it nor its
 * negation selects the feature. A feature's time ({@code datetime}) is its days, from
 * {@code t_start} to {@code t_end}; the temporal functions compare those days with Allen's
 * interval relations, an instant being an interval of one day.
 */
final class FilterSql {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** What an operand is, for type checks and messages. */
  private enum Kind {
    TEXT("text"), NUMBER("number"), DATE("date"), BOOLEAN("boolean"), TEXT_LIST("list of texts"),
    GEOMETRY("geometry"), DATETIME("time interval");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private record Value(Kind kind, Sql sql) {}

  /** An end of a time interval: a column, a day, or open (before or after every day). */
  private sealed interface End {}

  private record Column(String name) implements End {}

  private record Day(LocalDate day) implements End {}

  private record Unbounded(boolean after) implements End {}

  private record Span(End start, End end) {}

  private final LayerInfo layer;

  FilterSql(LayerInfo layer) {
    this.layer = layer;
  }

  Sql translate(Expr e) {
    if (e instanceof Expr.And and) {
      return Sql.join("AND", and.parts().stream().map(this::translate).toList());
    }
    if (e instanceof Expr.Or or) {
      return Sql.join("OR", or.parts().stream().map(this::translate).toList());
    }
    if (e instanceof Expr.Not not) {
      Sql inner = translate(not.inner());
      return new Sql("(NOT " + inner.text() + ")", inner.params());
    }
    if (e instanceof Expr.Constant c) {
      return c.value() ? Sql.TRUE : Sql.FALSE;
    }
    if (e instanceof Expr.Comparison c) {
      Value l = scalar(c.left());
      Value r = scalar(c.right());
      same(c.right(), l, r);
      return combine(l.sql(), " " + c.op().symbol + " ", r.sql());
    }
    if (e instanceof Expr.Like like) {
      return like(like);
    }
    if (e instanceof Expr.Between b) {
      Value v = scalar(b.value());
      Value low = scalar(b.low());
      Value high = scalar(b.high());
      if (v.kind() == Kind.BOOLEAN) {
        throw error(b.value(), "BETWEEN needs a number, a date or a text, not a boolean");
      }
      same(b.low(), v, low);
      same(b.high(), v, high);
      Sql s = combine(combine(v.sql(), b.negated() ? " NOT BETWEEN " : " BETWEEN ", low.sql()), " AND ", high.sql());
      return new Sql("(" + s.text() + ")", s.params());
    }
    if (e instanceof Expr.In in) {
      Value v = scalar(in.value());
      List<Sql> items = new ArrayList<>();
      for (Operand o : in.list()) {
        Value item = scalar(o);
        same(o, v, item);
        items.add(item.sql());
      }
      Sql list = new Sql(String.join(", ", items.stream().map(Sql::text).toList()),
          items.stream().flatMap(s -> s.params().stream()).toList());
      return combine(v.sql(), in.negated() ? " NOT IN (" : " IN (", new Sql(list.text() + ")", list.params()));
    }
    if (e instanceof Expr.IsNull n) {
      return isNull(n);
    }
    if (e instanceof Expr.Spatial s) {
      return spatial(s);
    }
    if (e instanceof Expr.WithinDistance d) {
      return withinDistance(d);
    }
    if (e instanceof Expr.Temporal t) {
      return temporal(t.relation(), span(t.left()), span(t.right()));
    }
    if (e instanceof Expr.ArrayPredicate a) {
      Sql l = array(a.left());
      Sql r = array(a.right());
      return Sql.call("atlas_arrays", Sql.of("?", a.relation().name()), l, r);
    }
    throw new IllegalStateException("unhandled filter " + e);
  }

  private Sql like(Expr.Like like) {
    Value v = scalar(like.value());
    Value p = scalar(like.pattern());
    if (v.kind() != Kind.TEXT) {
      throw error(like.value(), "LIKE matches texts; " + like.value().shown() + " is a " + v.kind().label);
    }
    if (p.kind() != Kind.TEXT) {
      throw error(like.pattern(), "the pattern of LIKE must be a text, not a " + p.kind().label);
    }
    if (like.pattern() instanceof Expr.Text t) {
      String s = t.value();
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '\\') {
          if (i + 1 == s.length() || "%_\\".indexOf(s.charAt(i + 1)) < 0) {
            throw new FilterException(t.position() + 1 + i, "\\", "in a LIKE pattern \\ escapes only %, _ or \\");
          }
          i++;
        }
      }
    }
    Sql s = combine(v.sql(), like.negated() ? " NOT LIKE " : " LIKE ", p.sql());
    return new Sql("(" + s.text() + " ESCAPE '\\')", s.params());
  }

  private Sql isNull(Expr.IsNull n) {
    String is = n.negated() ? " IS NOT NULL" : " IS NULL";
    if (n.value() instanceof Expr.Property p) {
      Kind k = kindOf(p);
      String column = switch (k) {
        case GEOMETRY -> "geom";
        case DATETIME -> "t_start";
        default -> attribute(p).orElseThrow().column();
      };
      return Sql.of(column + is);
    }
    // A literal is never null.
    return n.negated() ? Sql.TRUE : Sql.FALSE;
  }

  private Sql spatial(Expr.Spatial s) {
    Sql a = geometry(s.left(), s);
    Sql b = geometry(s.right(), s);
    Sql exact = Sql.call("atlas_spatial", Sql.of("?", s.relation().name()), a, b);
    Geometry literal = literal(s.left(), s.right());
    if (literal == null || s.relation() == Expr.SpatialRelation.DISJOINT) {
      return exact;
    }
    // Every relation but DISJOINT needs the boxes to meet, which the spatial index answers.
    return new Sql("(geom && ? AND " + exact.text() + ")", concat(List.of(literal), exact.params()));
  }

  private Sql withinDistance(Expr.WithinDistance d) {
    Sql a = geometry(d.left(), d);
    Sql b = geometry(d.right(), d);
    Sql exact = Sql.call("atlas_within_distance", a, b, Sql.of("CAST(? AS DOUBLE PRECISION)", d.metres()));
    Geometry literal = literal(d.left(), d.right());
    if (literal == null) {
      return exact;
    }
    Geometry reach = GEOMETRY.toGeometry(Geodesic.around(literal.getEnvelopeInternal(), d.metres()));
    reach.setSRID(AtlasStore.SRID);
    return new Sql("(geom && ? AND " + exact.text() + ")", concat(List.of(reach), exact.params()));
  }

  /** The literal geometry when one side is the feature's geometry and the other a literal. */
  private static Geometry literal(Operand a, Operand b) {
    if (a instanceof Expr.Property && b instanceof Expr.GeometryValue g) {
      return g.geometry();
    }
    if (b instanceof Expr.Property && a instanceof Expr.GeometryValue g) {
      return g.geometry();
    }
    return null;
  }

  private Sql geometry(Operand o, Expr in) {
    if (o instanceof Expr.GeometryValue g) {
      Geometry geometry = g.geometry().copy();
      geometry.setSRID(AtlasStore.SRID);
      return Sql.of("?", geometry);
    }
    if (o instanceof Expr.Property p && kindOf(p) == Kind.GEOMETRY) {
      return Sql.of("geom");
    }
    throw error(o, functionName(in) + " takes geometries (the property geometry, WKT or BBOX(...)); "
        + o.shown() + " is " + describe(o));
  }

  private static String functionName(Expr e) {
    return e instanceof Expr.Spatial s ? "S_" + s.relation() : "S_DWITHIN";
  }

  private Sql array(Operand o) {
    if (o instanceof Expr.ArrayValue a) {
      List<String> items = new ArrayList<>();
      for (Operand item : a.items()) {
        if (!(item instanceof Expr.Text t)) {
          throw error(item, "the lists compared here hold texts; " + item.shown() + " is " + describe(item));
        }
        items.add(t.value());
      }
      return Sql.of("CAST(? AS VARCHAR ARRAY)", (Object) items.toArray(String[]::new));
    }
    if (o instanceof Expr.Property p && kindOf(p) == Kind.TEXT_LIST) {
      return Sql.of(attribute(p).orElseThrow().column());
    }
    throw error(o, "the A_ functions compare lists (a list property or ('a', 'b')); " + o.shown() + " is " + describe(o));
  }

  // --- time ---

  private Span span(Operand o) {
    if (o instanceof Expr.Property p) {
      Kind k = kindOf(p);
      if (k == Kind.DATETIME) {
        return new Span(new Column("t_start"), new Column("t_end"));
      }
      if (k == Kind.DATE) {
        Column c = new Column(attribute(p).orElseThrow().column());
        return new Span(c, c);
      }
    } else if (o instanceof Expr.Day d) {
      return new Span(new Day(d.day()), new Day(d.day()));
    } else if (o instanceof Expr.Interval i) {
      End start = intervalEnd(i.start(), false);
      End end = intervalEnd(i.end(), true);
      if (start instanceof Day s && end instanceof Day e && e.day().isBefore(s.day())) {
        throw error(i, "the INTERVAL ends before it starts");
      }
      return new Span(start, end);
    }
    throw error(o, "the T_ functions compare times (datetime, a date property, DATE(...), TIMESTAMP(...) or INTERVAL(...)); "
        + o.shown() + " is " + describe(o));
  }

  private End intervalEnd(Operand o, boolean isEnd) {
    if (o instanceof Expr.Open) {
      return new Unbounded(isEnd);
    }
    if (o instanceof Expr.Day d) {
      return new Day(d.day());
    }
    if (o instanceof Expr.Property p && kindOf(p) == Kind.DATE) {
      return new Column(attribute(p).orElseThrow().column());
    }
    throw error(o, "an end of INTERVAL is a date, a timestamp, '..' or a date property; " + o.shown() + " is " + describe(o));
  }

  /** Allen's relations between intervals a and b, written with their ends. */
  private static Sql temporal(Expr.TemporalRelation relation, Span a, Span b) {
    End as = a.start();
    End ae = a.end();
    End bs = b.start();
    End be = b.end();
    return switch (relation) {
      case AFTER -> cmp(as, ">", be);
      case BEFORE -> cmp(ae, "<", bs);
      case CONTAINS -> and(cmp(as, "<", bs), cmp(ae, ">", be));
      case DISJOINT -> Sql.join("OR", List.of(cmp(as, ">", be), cmp(ae, "<", bs)));
      case DURING -> and(cmp(as, ">", bs), cmp(ae, "<", be));
      case EQUALS -> and(cmp(as, "=", bs), cmp(ae, "=", be));
      case FINISHEDBY -> and(cmp(as, "<", bs), cmp(ae, "=", be));
      case FINISHES -> and(cmp(as, ">", bs), cmp(ae, "=", be));
      case INTERSECTS -> and(cmp(as, "<=", be), cmp(ae, ">=", bs));
      case MEETS -> cmp(ae, "=", bs);
      case METBY -> cmp(as, "=", be);
      case OVERLAPPEDBY -> and(cmp(as, ">", bs), cmp(as, "<", be), cmp(ae, ">", be));
      case OVERLAPS -> and(cmp(as, "<", bs), cmp(ae, ">", bs), cmp(ae, "<", be));
      case STARTEDBY -> and(cmp(as, "=", bs), cmp(ae, ">", be));
      case STARTS -> and(cmp(as, "=", bs), cmp(ae, "<", be));
    };
  }

  private static Sql and(Sql... parts) {
    return Sql.join("AND", List.of(parts));
  }

  /** {@code x op y}; an open end is decided here, as it lies before or after every day. */
  private static Sql cmp(End x, String op, End y) {
    if (x instanceof Unbounded || y instanceof Unbounded) {
      int order = Integer.compare(rank(x), rank(y));
      boolean holds = switch (op) {
        case "<" -> order < 0;
        case "<=" -> order <= 0;
        case ">" -> order > 0;
        case ">=" -> order >= 0;
        default -> order == 0;
      };
      return holds ? Sql.TRUE : Sql.FALSE;
    }
    return combine(end(x), " " + op + " ", end(y));
  }

  private static int rank(End e) {
    return e instanceof Unbounded u ? (u.after() ? 1 : -1) : 0;
  }

  private static Sql end(End e) {
    return e instanceof Column c ? Sql.of(c.name()) : Sql.of("CAST(? AS DATE)", ((Day) e).day());
  }

  // --- operands ---

  private Value scalar(Operand o) {
    if (o instanceof Expr.Property p) {
      Kind k = kindOf(p);
      return switch (k) {
        case GEOMETRY, DATETIME, TEXT_LIST -> throw error(o, p.name() + " is a " + k.label + ": use "
            + (k == Kind.GEOMETRY ? "S_INTERSECTS or another S_ function" : k == Kind.DATETIME
                ? "T_INTERSECTS or another T_ function" : "A_CONTAINS, A_CONTAINEDBY or A_OVERLAPS") + " on it");
        default -> new Value(k, Sql.of(attribute(p).orElseThrow().column()));
      };
    }
    if (o instanceof Expr.Text t) {
      return new Value(Kind.TEXT, Sql.of("CAST(? AS VARCHAR)", t.value()));
    }
    if (o instanceof Expr.Number n) {
      return new Value(Kind.NUMBER, Sql.of("CAST(? AS DOUBLE PRECISION)", n.value()));
    }
    if (o instanceof Expr.Bool b) {
      return new Value(Kind.BOOLEAN, Sql.of("CAST(? AS BOOLEAN)", b.value()));
    }
    if (o instanceof Expr.Day d) {
      return new Value(Kind.DATE, Sql.of("CAST(? AS DATE)", d.day()));
    }
    if (o instanceof Expr.Arithmetic a) {
      for (Operand side : List.of(a.left(), a.right())) {
        Value v = scalar(side);
        if (v.kind() != Kind.NUMBER) {
          throw error(side, "arithmetic takes numbers; " + side.shown() + " is a " + v.kind().label);
        }
      }
      return new Value(Kind.NUMBER, Sql.call("atlas_arithmetic", Sql.of("?", a.op().name()), scalar(a.left()).sql(),
          scalar(a.right()).sql()));
    }
    if (o instanceof Expr.Insensitive i) {
      Value inner = scalar(i.inner());
      if (inner.kind() != Kind.TEXT) {
        throw error(i.inner(), i.fold().name() + " takes a text; " + i.inner().shown() + " is a " + inner.kind().label);
      }
      return new Value(Kind.TEXT, Sql.call(i.fold() == Expr.Fold.CASEI ? "atlas_casei" : "atlas_accenti", inner.sql()));
    }
    throw error(o, o.shown() + " is " + describe(o) + ", which cannot be compared here");
  }

  private void same(Operand at, Value expected, Value found) {
    if (expected.kind() != found.kind()) {
      throw error(at, "cannot compare a " + expected.kind().label + " with a " + found.kind().label
          + " (" + at.shown() + ")");
    }
  }

  private Kind kindOf(Expr.Property p) {
    if (p.name().equals("geometry")) {
      return Kind.GEOMETRY;
    }
    if (p.name().equals("datetime") && layer.temporal()) {
      return Kind.DATETIME;
    }
    Attribute a = attribute(p).orElseThrow(() -> error(p, "'" + p.name() + "' is not a queryable of collection '"
        + layer.id() + "'" + (p.name().equals("datetime") ? ", which has no time" : "") + "; its queryables are "
        + String.join(", ", queryables())));
    return switch (a.type()) {
      case TEXT -> Kind.TEXT;
      case TEXT_LIST -> Kind.TEXT_LIST;
      case INTEGER, NUMBER -> Kind.NUMBER;
      case DATE -> Kind.DATE;
      case TALLY -> throw new IllegalArgumentException(a.property() + " is no queryable");
    };
  }

  private Optional<Attribute> attribute(Expr.Property p) {
    return layer.attribute(p.name());
  }

  private List<String> queryables() {
    List<String> names = new ArrayList<>(List.of("geometry"));
    if (layer.temporal()) {
      names.add("datetime");
    }
    layer.attributes().forEach(a -> names.add(a.property()));
    return names;
  }

  private String describe(Operand o) {
    if (o instanceof Expr.Property p) {
      return "a " + kindOf(p).label;
    }
    if (o instanceof Expr.Text) {
      return "a text";
    }
    if (o instanceof Expr.Number) {
      return "a number";
    }
    if (o instanceof Expr.Bool) {
      return "a boolean";
    }
    if (o instanceof Expr.Day) {
      return "a date";
    }
    if (o instanceof Expr.Interval) {
      return "an interval";
    }
    if (o instanceof Expr.GeometryValue) {
      return "a geometry";
    }
    if (o instanceof Expr.ArrayValue) {
      return "a list";
    }
    if (o instanceof Expr.Insensitive) {
      return "a text";
    }
    if (o instanceof Expr.Arithmetic) {
      return "a number";
    }
    return "an open end";
  }

  private static Sql combine(Sql a, String between, Sql b) {
    return new Sql(a.text() + between + b.text(), concat(a.params(), b.params()));
  }

  private static List<Object> concat(List<Object> a, List<Object> b) {
    List<Object> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static FilterException error(Operand at, String message) {
    return new FilterException(at.position(), at.shown(), message);
  }
}
