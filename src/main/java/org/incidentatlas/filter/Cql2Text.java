package org.incidentatlas.filter;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.incidentatlas.filter.Expr.Operand;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Parses CQL2 text (OGC 21-065) into an {@link Expr}, by recursive descent over the grammar's
 * boolean structure: {@code OR} binds loosest, then {@code AND}, then {@code NOT}.
 *
 * <p>A parser of its own rather than GeoTools' ECQL: ECQL is a different language (no
 * {@code S_}/{@code T_} functions, no {@code DATE()}, {@code TIMESTAMP()} or {@code INTERVAL()},
 * other temporal operators), so translating one into the other would itself need a CQL2 parser, and
 * its errors would point into the translation instead of the client's text. The grammar subset
 * here is small, and the positions are the client's.
 */
public final class Cql2Text {
  /** Deeper nesting than any real filter, shallow enough that no request can exhaust the stack. */
  static final int MAX_DEPTH = 64;
  /**
   * Limits on the size of a filter, each far above what a person writes and low enough that
   * parsing, checking and running a filter stay cheap. A filter beyond one is refused, naming it.
   */
  public static final int MAX_LENGTH = 4096;
  /** Predicates (comparisons, LIKE, IN, functions, TRUE/FALSE) joined by AND, OR and NOT. */
  public static final int MAX_TERMS = 100;
  /** Properties and values, the items of IN and of lists included. */
  public static final int MAX_OPERANDS = 500;
  /** GEOMETRYCOLLECTIONs inside GEOMETRYCOLLECTIONs, counting the outermost. */
  public static final int MAX_COLLECTION_DEPTH = 3;
  /** Coordinates of all the geometries of a filter together. */
  public static final int MAX_COORDINATES = 500;
  private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL",
      "TRUE", "FALSE", "DIV");
  private static final Set<String> GEOMETRY_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
      "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
  /** CRS84: longitude, latitude. */
  public static final int SRID = 4326;

  private final String text;
  private final List<Token> tokens;
  private int at;
  private int depth;
  private int terms;
  private int operands;
  private final Literals literals;

  /** Whether ILIKE, which the pre-standard text had, is read too ({@link LegacyCqlText}). */
  private final boolean ilike;

  private Cql2Text(String text, boolean ilike, UnaryOperator<Geometry> toCrs84) {
    this.text = text;
    this.tokens = Lexer.tokens(text);
    this.ilike = ilike;
    this.literals = new Literals(toCrs84);
  }

  /** The filter in {@code text}; a {@link FilterException} says where it is not CQL2 text. */
  public static Expr parse(String text) {
    return parse(text, null);
  }

  /**
   * The same with its geometries in another system ({@code filter-crs}), which {@code toCrs84}
   * takes to CRS84; null for CRS84.
   */
  public static Expr parse(String text, UnaryOperator<Geometry> toCrs84) {
    return parse(text, false, toCrs84);
  }

  static Expr parse(String text, boolean ilike, UnaryOperator<Geometry> toCrs84) {
    if (text.length() > MAX_LENGTH) {
      throw new FilterException(MAX_LENGTH + 1, text.substring(MAX_LENGTH, Math.min(text.length(), MAX_LENGTH + 10)),
          "the filter is " + text.length() + " characters long; a filter may have at most " + MAX_LENGTH);
    }
    Cql2Text p = new Cql2Text(text, ilike, toCrs84);
    if (p.peek().kind() == Token.Kind.END) {
      throw new FilterException(1, "", "the filter is empty");
    }
    Expr e = p.orExpression();
    if (p.peek().kind() != Token.Kind.END) {
      throw p.error(p.peek(), "expected AND, OR or the end of the filter");
    }
    return e;
  }

  private Expr orExpression() {
    if (++depth > MAX_DEPTH) {
      throw error(peek(), "the filter is nested more than " + MAX_DEPTH + " levels deep");
    }
    List<Expr> parts = new ArrayList<>(List.of(andExpression()));
    while (peek().isWord("OR")) {
      next();
      parts.add(andExpression());
    }
    depth--;
    return parts.size() == 1 ? parts.get(0) : new Expr.Or(parts);
  }

  private Expr andExpression() {
    List<Expr> parts = new ArrayList<>(List.of(factor()));
    while (peek().isWord("AND")) {
      next();
      parts.add(factor());
    }
    return parts.size() == 1 ? parts.get(0) : new Expr.And(parts);
  }

  private Expr factor() {
    if (peek().isWord("NOT")) {
      next();
      if (++depth > MAX_DEPTH) {
        throw error(peek(), "the filter is nested more than " + MAX_DEPTH + " levels deep");
      }
      Expr inner = factor();
      depth--;
      return new Expr.Not(inner);
    }
    return primary();
  }

  private Expr primary() {
    Token t = peek();
    if (t.isSymbol("(")) {
      // Parentheses hold a condition, or a number that a comparison follows: (a - b) > 2. Read as
      // a number, they go on without trying conditions again, so nesting costs its square at most.
      int[] mark = {at, depth, terms, operands, literals.coordinates()};
      FilterException asCondition;
      try {
        next();
        Expr e = orExpression();
        expect(")", "to close the parenthesis opened at character " + t.position());
        if (!continuesANumber(peek())) {
          return e;
        }
        asCondition = null;
      } catch (FilterException e) {
        asCondition = e;
      }
      at = mark[0];
      depth = mark[1];
      terms = mark[2];
      operands = mark[3];
      literals.coordinates(mark[4]);
      try {
        return predicate();
      } catch (FilterException asNumber) {
        throw asCondition != null && asCondition.position() >= asNumber.position() ? asCondition : asNumber;
      }
    }
    if (++terms > MAX_TERMS) {
      throw error(t, "the filter has more than " + MAX_TERMS + " terms (comparisons and functions joined by AND, OR"
          + " and NOT); a filter may have at most " + MAX_TERMS);
    }
    if (t.kind() == Token.Kind.WORD && peek(1).isSymbol("(")) {
      String name = t.text().toUpperCase(Locale.ROOT);
      if (name.equals("S_DWITHIN")) {
        return withinDistance();
      }
      if (name.startsWith("S_")) {
        Expr.SpatialRelation r = relation(Expr.SpatialRelation.class, t);
        List<Operand> args = twoArgs(t);
        return new Expr.Spatial(r, args.get(0), args.get(1), t.position());
      }
      if (name.startsWith("T_")) {
        Expr.TemporalRelation r = relation(Expr.TemporalRelation.class, t);
        List<Operand> args = twoArgs(t);
        return new Expr.Temporal(r, args.get(0), args.get(1), t.position());
      }
      if (name.startsWith("A_")) {
        Expr.ArrayRelation r = relation(Expr.ArrayRelation.class, t);
        List<Operand> args = twoArgs(t);
        return new Expr.ArrayPredicate(r, args.get(0), args.get(1), t.position());
      }
    }
    return predicate();
  }

  /** The two arguments of a function call whose name is {@code fn}. */
  private List<Operand> twoArgs(Token fn) {
    next();
    expect("(", "after " + fn.text());
    Operand a = argument();
    expect(",", "between the two arguments of " + fn.text());
    Operand b = argument();
    expect(")", "after the second argument of " + fn.text() + " (it takes two)");
    return List.of(a, b);
  }

  /** The relation a function such as {@code S_INTERSECTS} names, after its two-letter prefix. */
  private <E extends Enum<E>> E relation(Class<E> type, Token fn) {
    String name = fn.text().toUpperCase(Locale.ROOT).substring(2);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw error(fn, "unknown function " + fn.text());
  }

  private Expr withinDistance() {
    Token fn = next();
    expect("(", "after " + fn.text());
    Operand a = argument();
    expect(",", "between the arguments of S_DWITHIN");
    Operand b = argument();
    expect(",", "before the distance of S_DWITHIN (S_DWITHIN(geometry, POINT(...), 1000, meters))");
    Token d = peek();
    Operand distance = operand();
    if (!(distance instanceof Expr.Number n) || n.value() < 0 || !Double.isFinite(n.value())) {
      throw error(d, "the distance of S_DWITHIN must be a number of zero or more");
    }
    expect(",", "before the unit of S_DWITHIN's distance");
    Token unit = next();
    double factor = metresPer(unit.kind() == Token.Kind.WORD ? unit.text() : "");
    if (factor == 0) {
      throw error(unit, "the unit of S_DWITHIN's distance must be meters or kilometers");
    }
    expect(")", "after the unit of S_DWITHIN");
    return new Expr.WithinDistance(a, b, n(distance) * factor, fn.position());
  }

  /** Metres in the unit of S_DWITHIN's distance; 0 for a unit that is not offered. */
  static double metresPer(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "meters", "metres", "meter", "metre", "m" -> 1;
      case "kilometers", "kilometres", "kilometer", "kilometre", "km" -> 1000;
      default -> 0;
    };
  }

  private static double n(Operand o) {
    return ((Expr.Number) o).value();
  }

  /** A function argument: an operand or, for the array functions, a parenthesised list. */
  private Operand argument() {
    Token t = peek();
    if (t.isSymbol("(")) {
      next();
      List<Operand> items = new ArrayList<>();
      if (!peek().isSymbol(")")) {
        items.add(operand());
        while (peek().isSymbol(",")) {
          next();
          items.add(operand());
        }
      }
      expect(")", "to close the list opened at character " + t.position());
      return new Expr.ArrayValue(items, t.position());
    }
    return operand();
  }

  /** Whether {@code t} goes on from a number: an arithmetic operator or a comparison. */
  private static boolean continuesANumber(Token t) {
    return t.kind() == Token.Kind.SYMBOL && !t.isSymbol(")") && !t.isSymbol(",") || t.isWord("DIV") || t.isWord("BETWEEN")
        || t.isWord("IN") || t.isWord("LIKE") || t.isWord("IS");
  }

  private Expr predicate() {
    Token first = peek();
    Operand left = expression();
    Token t = peek();
    Optional<Expr.Comparator> op = t.kind() == Token.Kind.SYMBOL ? Expr.Comparator.bySymbol(t.text()) : Optional.empty();
    if (op.isPresent()) {
      next();
      return new Expr.Comparison(left, op.get(), expression(), t.position());
    }
    boolean negated = false;
    if (t.isWord("NOT") && (peek(1).isWord("LIKE") || peek(1).isWord("BETWEEN") || peek(1).isWord("IN")
        || (ilike && peek(1).isWord("ILIKE")))) {
      next();
      negated = true;
      t = peek();
    }
    if (ilike && t.isWord("ILIKE")) {
      next();
      Operand pattern = operand();
      return new Expr.Like(new Expr.Insensitive(Expr.Fold.CASEI, left, left.position()), new Expr.Insensitive(Expr.Fold.CASEI,
          pattern, pattern.position()), negated, t.position());
    }
    if (t.isWord("LIKE")) {
      next();
      return new Expr.Like(left, operand(), negated, t.position());
    }
    if (t.isWord("BETWEEN")) {
      next();
      Operand low = expression();
      if (!peek().isWord("AND")) {
        throw error(peek(), "expected AND between the bounds of BETWEEN");
      }
      next();
      return new Expr.Between(left, low, expression(), negated, t.position());
    }
    if (t.isWord("IN")) {
      next();
      Token open = expect("(", "after IN");
      List<Operand> list = new ArrayList<>(List.of(expression()));
      while (peek().isSymbol(",")) {
        next();
        list.add(expression());
      }
      expect(")", "to close the IN list opened at character " + open.position());
      return new Expr.In(left, list, negated, t.position());
    }
    if (t.isWord("IS") && !negated) {
      next();
      boolean not = false;
      if (peek().isWord("NOT")) {
        next();
        not = true;
      }
      if (!peek().isWord("NULL")) {
        throw error(peek(), "expected NULL after IS" + (not ? " NOT" : ""));
      }
      next();
      return new Expr.IsNull(left, not, t.position());
    }
    if (left instanceof Expr.Bool b && !negated) {
      return new Expr.Constant(b.value());
    }
    throw error(t, "expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL) after " + first.shown());
  }

  /** A property or a literal, or numbers joined by + and -, binding looser than the others. */
  private Operand expression() {
    Operand left = term();
    while (peek().isSymbol("+") || peek().isSymbol("-")) {
      Token op = next();
      left = new Expr.Arithmetic(Expr.Operator.bySymbol(op.text()).orElseThrow(), left, term(), op.position());
    }
    return left;
  }

  /** Numbers joined by *, /, % and div. */
  private Operand term() {
    Operand left = power();
    while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%") || peek().isWord("DIV")) {
      Token op = next();
      left = new Expr.Arithmetic(Expr.Operator.bySymbol(op.text()).orElseThrow(), left, power(), op.position());
    }
    return left;
  }

  /** A number raised to a power, which binds tightest and groups from the right: 2 ^ 3 ^ 2 is 2 ^ 9. */
  private Operand power() {
    Operand base = unary();
    if (!peek().isSymbol("^")) {
      return base;
    }
    Token op = next();
    if (++depth > MAX_DEPTH) {
      throw error(op, "the filter is nested more than " + MAX_DEPTH + " levels deep");
    }
    Operand exponent = power();
    depth--;
    return new Expr.Arithmetic(Expr.Operator.POWER, base, exponent, op.position());
  }

  /** An operand, or an arithmetic expression in parentheses. */
  private Operand unary() {
    Token t = peek();
    if (!t.isSymbol("(")) {
      return operand();
    }
    next();
    if (++depth > MAX_DEPTH) {
      throw error(t, "the filter is nested more than " + MAX_DEPTH + " levels deep");
    }
    Operand inner = expression();
    depth--;
    expect(")", "to close the parenthesis opened at character " + t.position());
    return inner;
  }

  /** A property or a literal. */
  private Operand operand() {
    Token t = next();
    if (++operands > MAX_OPERANDS) {
      throw error(t, "the filter has more than " + MAX_OPERANDS + " properties and values (list items included);"
          + " a filter may have at most " + MAX_OPERANDS);
    }
    switch (t.kind()) {
      case STRING:
        return new Expr.Text(t.text(), t.position());
      case NUMBER:
        return number(t, t.text(), t.position());
      case QUOTED_WORD:
        return new Expr.Property(t.text(), t.position());
      case SYMBOL:
        if ((t.isSymbol("-") || t.isSymbol("+")) && peek().kind() == Token.Kind.NUMBER && peek().position() == t.end() + 1) {
          Token digits = next();
          return number(digits, t.text() + digits.text(), t.position());
        }
        throw error(t, "expected a property or a value");
      case END:
        throw error(t, "expected a property or a value");
      default:
        break;
    }
    String word = t.text().toUpperCase(Locale.ROOT);
    boolean call = peek().isSymbol("(");
    if (word.equals("TRUE") || word.equals("FALSE")) {
      return new Expr.Bool(word.equals("TRUE"), t.position());
    }
    if (RESERVED.contains(word)) {
      throw error(t, "expected a property or a value, found the keyword " + t.text()
          + " (write a property of that name in double quotes)");
    }
    if (GEOMETRY_TYPES.contains(word)) {
      return wkt(t);
    }
    if (call) {
      switch (word) {
        case "DATE":
          return day(t, true);
        case "TIMESTAMP":
          return day(t, false);
        case "INTERVAL":
          return interval(t);
        case "BBOX":
          return bbox(t);
        case "CASEI":
        case "ACCENTI":
          return insensitive(t);
        default:
          throw error(t, "unknown function " + t.text());
      }
    }
    return new Expr.Property(t.text(), t.position());
  }

  /** {@code CASEI(...)} or {@code ACCENTI(...)} of a property, a text or another of them. */
  private Expr.Insensitive insensitive(Token fn) {
    expect("(", "after " + fn.text());
    if (++depth > MAX_DEPTH) {
      throw error(fn, "the filter is nested more than " + MAX_DEPTH + " levels deep");
    }
    Operand inner = operand();
    depth--;
    expect(")", "to close " + fn.text() + " opened at character " + fn.position());
    return new Expr.Insensitive(Expr.Fold.valueOf(fn.text().toUpperCase(Locale.ROOT)), inner, fn.position());
  }

  private Expr.Number number(Token t, String written, int position) {
    double v;
    try {
      v = Double.parseDouble(written);
    } catch (NumberFormatException e) {
      throw error(t, "not a number");
    }
    if (!Double.isFinite(v)) {
      throw error(t, "number out of range");
    }
    return new Expr.Number(v, written, position);
  }

  /** {@code DATE('2020-07-14')} or {@code TIMESTAMP('2020-07-14T10:00:00Z')}. */
  private Expr.Day day(Token fn, boolean date) {
    expect("(", "after " + fn.text());
    Token s = next();
    if (s.kind() != Token.Kind.STRING) {
      throw error(s, fn.text() + " takes a quoted " + (date ? "date ('2020-07-14')" : "timestamp ('2020-07-14T10:00:00Z')"));
    }
    LocalDate day = date ? date(s) : timestamp(s);
    Token close = expect(")", "after the " + (date ? "date" : "timestamp"));
    return new Expr.Day(day, text.substring(fn.position() - 1, close.end()), fn.position());
  }

  private LocalDate date(Token s) {
    return Literals.date(s.text(), s.position(), s.shown());
  }

  private LocalDate timestamp(Token s) {
    return Literals.timestamp(s.text(), s.position(), s.shown());
  }

  /** {@code INTERVAL(start, end)}: dates, timestamps, '..' for an open end, or date properties. */
  private Expr.Interval interval(Token fn) {
    expect("(", "after INTERVAL");
    Operand start = intervalEnd();
    expect(",", "between the start and end of INTERVAL");
    Operand end = intervalEnd();
    expect(")", "after the end of INTERVAL");
    return new Expr.Interval(start, end, fn.position());
  }

  private Operand intervalEnd() {
    Token t = peek();
    if (t.kind() == Token.Kind.STRING) {
      next();
      if (t.text().equals("..")) {
        return new Expr.Open(t.position());
      }
      LocalDate day = t.text().length() == 10 ? date(t) : timestamp(t);
      return new Expr.Day(day, t.shown(), t.position());
    }
    Operand o = operand();
    if (o instanceof Expr.Day || o instanceof Expr.Property) {
      return o;
    }
    throw error(t, "an end of INTERVAL is a date, a timestamp, '..' or a property");
  }

  /** A WKT geometry: the tokens up to its closing parenthesis are handed to JTS as written. */
  private Expr.GeometryValue wkt(Token type) {
    Token last = type;
    while (peek().kind() == Token.Kind.WORD && Set.of("Z", "M", "ZM").contains(peek().text().toUpperCase(Locale.ROOT))) {
      last = next();
    }
    if (peek().isWord("EMPTY")) {
      last = next();
    } else {
      Token open = expect("(", "after " + type.text());
      // Which open parentheses start a GEOMETRYCOLLECTION: counted before JTS, which reads them recursively.
      Deque<Boolean> opened = new ArrayDeque<>();
      boolean collection = type.isWord("GEOMETRYCOLLECTION");
      opened.push(collection);
      int collections = collection ? 1 : 0;
      Token named = null; // a GEOMETRYCOLLECTION whose parenthesis is still to come (after Z, M or ZM)
      last = open;
      while (!opened.isEmpty()) {
        last = next();
        if (last.kind() == Token.Kind.END) {
          throw error(last, "the " + type.text() + " opened at character " + open.position() + " is not closed");
        }
        if (last.isSymbol("(")) {
          opened.push(named != null);
          if (named != null && ++collections > MAX_COLLECTION_DEPTH) {
            throw error(named, "GEOMETRYCOLLECTIONs are nested more than " + MAX_COLLECTION_DEPTH
                + " deep; a geometry in a filter may nest them at most " + MAX_COLLECTION_DEPTH + " deep");
          }
        } else if (last.isSymbol(")") && opened.pop()) {
          collections--;
        }
        if (last.isWord("GEOMETRYCOLLECTION")) {
          named = last;
        } else if (!(named != null && last.kind() == Token.Kind.WORD
            && Set.of("Z", "M", "ZM").contains(last.text().toUpperCase(Locale.ROOT)))) {
          named = null;
        }
      }
    }
    String wkt = text.substring(type.position() - 1, last.end());
    Geometry g;
    try {
      g = new WKTReader(Literals.GEOMETRY).read(wkt);
    } catch (ParseException | IllegalArgumentException e) {
      throw error(type, "not a valid WKT geometry: " + e.getMessage());
    }
    return new Expr.GeometryValue(literals.geometry(g, type.text(), type.position(), type.shown()), wkt, type.position());
  }

  /** {@code BBOX(west, south, east, north)}, or six numbers with heights, which are ignored. */
  private Expr.GeometryValue bbox(Token fn) {
    expect("(", "after BBOX");
    List<Double> n = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (!(operand() instanceof Expr.Number num)) {
        throw error(t, "BBOX takes 4 or 6 numbers");
      }
      n.add(num.value());
      if (!peek().isSymbol(",")) {
        break;
      }
      next();
    }
    Token close = expect(")", "after the numbers of BBOX");
    return new Expr.GeometryValue(literals.box(n, fn.position(), fn.shown()), text.substring(fn.position() - 1, close.end()),
        fn.position());
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Token.Kind.END) {
      at++;
    }
    return t;
  }

  private Token expect(String symbol, String why) {
    Token t = peek();
    if (!t.isSymbol(symbol)) {
      throw error(t, "expected " + symbol + " " + why);
    }
    return next();
  }

  private FilterException error(Token t, String message) {
    return new FilterException(t.position(), t.shown(), message);
  }
}
