package org.incidentatlas.filter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.filter.Expr.Operand;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Parses the JSON encoding of CQL2 (OGC 21-065, {@code filter-lang=cql2-json}) into the same
 * {@link Expr} as {@link Cql2Text}, under the same limits. Each node keeps the character position
 * where it starts in the client's JSON, so that an error points at it as it does in text:
 * {@code {"op": "=", "args": [{"property": "event_type"}, "shelling"]}}.
 */
public final class Cql2Json {
  /** JSON spells out what text abbreviates: the same filter is about three times longer. */
  public static final int MAX_LENGTH = 4 * Cql2Text.MAX_LENGTH;
  private static final Pattern BAD_TOKEN = Pattern.compile("(Unrecognized token|Duplicate field) '([^']*)'");
  private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String text;
  private final Literals literals;
  private int depth;
  private int terms;
  private int operands;

  private Cql2Json(String text, UnaryOperator<Geometry> toCrs84) {
    this.text = text;
    this.literals = new Literals(toCrs84);
  }

  /**
   * The filter in {@code json}; a {@link FilterException} says where it is not CQL2 JSON.
   * {@code toCrs84} takes its geometries from their system ({@code filter-crs}); null for CRS84.
   */
  public static Expr parse(String json, UnaryOperator<Geometry> toCrs84) {
    if (json.length() > MAX_LENGTH) {
      throw new FilterException(MAX_LENGTH + 1, json.substring(MAX_LENGTH, Math.min(json.length(), MAX_LENGTH + 10)),
          "the filter is " + json.length() + " characters long; a filter in JSON may have at most " + MAX_LENGTH);
    }
    Cql2Json p = new Cql2Json(json, toCrs84);
    return p.predicate(p.read());
  }

  // ---- JSON with positions ----

  /** A JSON value, where it starts (1-based) and ends (0-based, exclusive) in the text. */
  private record Node(JsonToken kind, Object value, List<Node> items, Map<String, Node> members, int position, int end) {
    boolean isObject() {
      return kind == JsonToken.START_OBJECT;
    }

    boolean isArray() {
      return kind == JsonToken.START_ARRAY;
    }

    boolean isText() {
      return kind == JsonToken.VALUE_STRING;
    }

    boolean isNumber() {
      return kind == JsonToken.VALUE_NUMBER_INT || kind == JsonToken.VALUE_NUMBER_FLOAT;
    }
  }

  private Node read() {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw new FilterException(1, "", "the filter is empty");
      }
      Node n = node(p);
      if (p.nextToken() != null) {
        int at = (int) p.currentTokenLocation().getCharOffset() + 1;
        throw new FilterException(at, shown(at, text.length()), "expected the end of the filter after its JSON value");
      }
      return n;
    } catch (JsonParseException e) {
      // Jackson tells where it stopped, after the token it could not take: point at that token.
      String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source[^\\]]*\\][^)]*\\)", "");
      int at = (int) (e.getLocation() == null ? 0 : e.getLocation().getCharOffset()) + 1;
      Matcher token = BAD_TOKEN.matcher(message);
      if (token.find()) {
        at -= token.group(2).length() + (token.group(1).startsWith("Duplicate") ? 2 : 0);
      }
      at = Math.max(1, Math.min(at, text.length() + 1));
      throw new FilterException(at, shown(at, at + 10), "not JSON: " + message);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Node node(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    int at = (int) p.currentTokenLocation().getCharOffset() + 1;
    if (++depth > 2 * Cql2Text.MAX_DEPTH) {
      throw new FilterException(at, shown(at, at + 10), "the filter is nested more than " + Cql2Text.MAX_DEPTH + " levels deep");
    }
    Node n;
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> members = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          members.put(name, node(p));
        }
        n = new Node(t, null, List.of(), members, at, end(p));
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(p));
        }
        n = new Node(t, null, items, Map.of(), at, end(p));
      }
      case VALUE_STRING -> n = new Node(t, p.getText(), List.of(), Map.of(), at, end(p));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> n = new Node(t, p.getText(), List.of(), Map.of(), at, end(p));
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> n = new Node(t, t == JsonToken.VALUE_TRUE, List.of(), Map.of(), at, end(p));
      default -> throw new FilterException(at, "", "unexpected " + t);
    }
    depth--;
    return n;
  }

  private static int end(JsonParser p) {
    return (int) p.currentLocation().getCharOffset();
  }

  private String shown(int position, int end) {
    int from = Math.max(0, Math.min(position - 1, text.length()));
    int to = Math.max(from, Math.min(Math.min(end, from + 40), text.length()));
    return text.substring(from, to);
  }

  private String shown(Node n) {
    return shown(n.position(), n.end());
  }

  private FilterException error(Node n, String message) {
    return new FilterException(n.position(), shown(n), message);
  }

  // ---- predicates ----

  private Expr predicate(Node n) {
    if (n.kind() == JsonToken.VALUE_TRUE || n.kind() == JsonToken.VALUE_FALSE) {
      return new Expr.Constant((Boolean) n.value());
    }
    String op = op(n);
    List<Node> args = n.members().get("args").items();
    if (++terms > Cql2Text.MAX_TERMS) {
      throw error(n, "the filter has more than " + Cql2Text.MAX_TERMS + " terms (comparisons and functions joined by"
          + " and, or and not); a filter may have at most " + Cql2Text.MAX_TERMS);
    }
    switch (op) {
      case "and", "or" -> {
        if (args.size() < 2) {
          throw error(n, op + " takes at least two arguments");
        }
        List<Expr> parts = args.stream().map(this::predicate).toList();
        return op.equals("and") ? new Expr.And(parts) : new Expr.Or(parts);
      }
      case "not" -> {
        return new Expr.Not(predicate(args(n, args, 1).get(0)));
      }
      case "like" -> {
        args(n, args, 2);
        return new Expr.Like(operand(args.get(0)), operand(args.get(1)), false, n.position());
      }
      case "between" -> {
        args(n, args, 3);
        return new Expr.Between(operand(args.get(0)), operand(args.get(1)), operand(args.get(2)), false, n.position());
      }
      case "in" -> {
        args(n, args, 2);
        if (!args.get(1).isArray() || args.get(1).items().isEmpty()) {
          throw error(args.get(1), "the second argument of in is a list of values");
        }
        return new Expr.In(operand(args.get(0)), args.get(1).items().stream().map(this::operand).toList(), false, n.position());
      }
      case "isnull" -> {
        return new Expr.IsNull(operand(args(n, args, 1).get(0)), false, n.position());
      }
      case "s_dwithin" -> {
        return withinDistance(n, args(n, args, 4));
      }
      default -> {
        // comparisons and the S_, T_ and A_ functions
      }
    }
    Expr.Comparator comparator = Expr.Comparator.bySymbol(op).orElse(null);
    if (comparator != null) {
      args(n, args, 2);
      return new Expr.Comparison(operand(args.get(0)), comparator, operand(args.get(1)), n.position());
    }
    String relation = op.length() > 2 ? op.substring(2).toUpperCase(Locale.ROOT) : "";
    if (op.startsWith("s_")) {
      args(n, args, 2);
      return new Expr.Spatial(relation(Expr.SpatialRelation.class, relation, n), operand(args.get(0)), operand(args.get(1)),
          n.position());
    }
    if (op.startsWith("t_")) {
      args(n, args, 2);
      return new Expr.Temporal(relation(Expr.TemporalRelation.class, relation, n), operand(args.get(0)), operand(args.get(1)),
          n.position());
    }
    if (op.startsWith("a_")) {
      args(n, args, 2);
      return new Expr.ArrayPredicate(relation(Expr.ArrayRelation.class, relation, n), operand(args.get(0)),
          operand(args.get(1)), n.position());
    }
    throw error(n, "unknown operator '" + n.members().get("op").value() + "'");
  }

  /** The operator of an {@code {"op": ..., "args": [...]}} object, in lower case. */
  private String op(Node n) {
    if (!n.isObject() || !n.members().containsKey("op")) {
      throw error(n, "expected a predicate: an object with op and args, or true or false");
    }
    Node op = n.members().get("op");
    Node args = n.members().get("args");
    if (!op.isText()) {
      throw error(op, "op is the name of an operator or function, a string");
    }
    if (args == null || !args.isArray()) {
      throw error(n, "the " + op.value() + " needs its arguments in args, a list");
    }
    if (n.members().size() != 2) {
      throw error(n, "a predicate has op and args, nothing else");
    }
    return ((String) op.value()).toLowerCase(Locale.ROOT);
  }

  private List<Node> args(Node n, List<Node> args, int count) {
    if (args.size() != count) {
      throw error(n, n.members().get("op").value() + " takes " + count + " argument" + (count == 1 ? "" : "s") + ", not "
          + args.size());
    }
    return args;
  }

  private <E extends Enum<E>> E relation(Class<E> type, String name, Node n) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw error(n, "unknown function '" + n.members().get("op").value() + "'");
  }

  /** {@code {"op": "s_dwithin", "args": [a, b, distance, "meters"]}}: the JSON form of S_DWITHIN. */
  private Expr withinDistance(Node n, List<Node> args) {
    Operand a = operand(args.get(0));
    Operand b = operand(args.get(1));
    if (!args.get(2).isNumber()) {
      throw error(args.get(2), "the distance of s_dwithin is a number");
    }
    double distance = Double.parseDouble((String) args.get(2).value());
    Node unit = args.get(3);
    double factor = unit.isText() ? Cql2Text.metresPer((String) unit.value()) : 0;
    if (factor == 0) {
      throw error(unit, "the unit of s_dwithin is meters or kilometers");
    }
    if (!(distance >= 0) || Double.isInfinite(distance)) {
      throw error(args.get(2), "the distance of s_dwithin is a number of at least 0");
    }
    return new Expr.WithinDistance(a, b, distance * factor, n.position());
  }

  // ---- operands ----

  private Operand operand(Node n) {
    if (++operands > Cql2Text.MAX_OPERANDS) {
      throw error(n, "the filter has more than " + Cql2Text.MAX_OPERANDS + " properties and values (list items included);"
          + " a filter may have at most " + Cql2Text.MAX_OPERANDS);
    }
    switch (n.kind()) {
      case VALUE_STRING:
        return new Expr.Text((String) n.value(), n.position());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        double v = Double.parseDouble((String) n.value());
        if (!Double.isFinite(v)) {
          throw error(n, "number out of range");
        }
        return new Expr.Number(v, (String) n.value(), n.position());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Expr.Bool((Boolean) n.value(), n.position());
      case START_ARRAY:
        return new Expr.ArrayValue(n.items().stream().map(this::operand).toList(), n.position());
      case START_OBJECT:
        return object(n);
      default:
        throw error(n, "expected a property or a value, not null");
    }
  }

  private Operand object(Node n) {
    Map<String, Node> m = n.members();
    if (m.containsKey("op")) {
      String op = op(n);
      if (op.equals("casei") || op.equals("accenti")) {
        Node inner = args(n, m.get("args").items(), 1).get(0);
        return new Expr.Insensitive(op.equals("casei") ? Expr.Fold.CASEI : Expr.Fold.ACCENTI, operand(inner), n.position());
      }
      Expr.Operator arithmetic = Expr.Operator.bySymbol(op).orElse(null);
      if (arithmetic != null) {
        List<Node> args = args(n, m.get("args").items(), 2);
        return new Expr.Arithmetic(arithmetic, operand(args.get(0)), operand(args.get(1)), n.position());
      }
      throw error(n, "unknown function '" + m.get("op").value() + "' (the functions are casei and accenti)");
    }
    if (m.containsKey("type") && m.containsKey("coordinates") || "GeometryCollection".equals(valueOf(m.get("type")))) {
      return geometry(n);
    }
    if (m.size() != 1) {
      throw error(n, "expected {\"property\": ...}, {\"date\": ...}, {\"timestamp\": ...}, {\"interval\": [...]},"
          + " {\"bbox\": [...]}, a GeoJSON geometry or a function");
    }
    String key = m.keySet().iterator().next();
    Node v = m.get(key);
    switch (key) {
      case "property" -> {
        if (!v.isText() || ((String) v.value()).isEmpty()) {
          throw error(v, "a property is named by a string");
        }
        return new Expr.Property((String) v.value(), v.position());
      }
      case "date" -> {
        return new Expr.Day(Literals.date(text(v, "date"), v.position(), shown(v)), shown(n), n.position());
      }
      case "timestamp" -> {
        return new Expr.Day(Literals.timestamp(text(v, "timestamp"), v.position(), shown(v)), shown(n), n.position());
      }
      case "interval" -> {
        if (!v.isArray() || v.items().size() != 2) {
          throw error(v, "an interval is a list of its start and its end");
        }
        return new Expr.Interval(intervalEnd(v.items().get(0)), intervalEnd(v.items().get(1)), n.position());
      }
      case "bbox" -> {
        List<Double> numbers = new ArrayList<>();
        for (Node x : v.isArray() ? v.items() : List.<Node>of()) {
          if (!x.isNumber()) {
            throw error(x, "a bbox holds numbers");
          }
          numbers.add(Double.parseDouble((String) x.value()));
        }
        if (!v.isArray()) {
          throw error(v, "a bbox is a list of 4 or 6 numbers");
        }
        return new Expr.GeometryValue(literals.box(numbers, n.position(), shown(n)), shown(n), n.position());
      }
      default -> throw error(n, "unknown member '" + key + "'");
    }
  }

  private static Object valueOf(Node n) {
    return n == null ? null : n.value();
  }

  private String text(Node v, String what) {
    if (!v.isText()) {
      throw error(v, "a " + what + " is a string");
    }
    return (String) v.value();
  }

  /** An end of an interval: a date or timestamp as a string, ".." for an open end, or a date property. */
  private Operand intervalEnd(Node n) {
    if (n.isText()) {
      String s = (String) n.value();
      if (s.equals("..")) {
        return new Expr.Open(n.position());
      }
      return new Expr.Day(s.length() == 10 ? Literals.date(s, n.position(), shown(n)) : Literals.timestamp(s, n.position(), shown(n)),
          shown(n), n.position());
    }
    Operand o = operand(n);
    if (o instanceof Expr.Day || o instanceof Expr.Property) {
      return o;
    }
    throw error(n, "an end of an interval is a date, a timestamp, \"..\" or a property");
  }

  private Operand geometry(Node n) {
    String json = text.substring(n.position() - 1, n.end());
    Geometry g;
    try {
      g = new GeoJsonReader(Literals.GEOMETRY).read(json);
    } catch (ParseException | RuntimeException e) {
      throw error(n, "not a valid GeoJSON geometry: " + e.getMessage());
    }
    if (depthOfCollections(g) > Cql2Text.MAX_COLLECTION_DEPTH) {
      throw error(n, "GeometryCollections are nested more than " + Cql2Text.MAX_COLLECTION_DEPTH
          + " deep; a geometry in a filter may nest them at most " + Cql2Text.MAX_COLLECTION_DEPTH + " deep");
    }
    return new Expr.GeometryValue(literals.geometry(g, g.getGeometryType(), n.position(), shown(n)), json, n.position());
  }

  private static int depthOfCollections(Geometry g) {
    if (!g.getGeometryType().equals("GeometryCollection")) {
      return 0;
    }
    int deepest = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      deepest = Math.max(deepest, depthOfCollections(g.getGeometryN(i)));
    }
    return deepest + 1;
  }
}
