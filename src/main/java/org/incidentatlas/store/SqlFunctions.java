package org.incidentatlas.store;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.incidentatlas.geo.Geodesic;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.locationtech.jts.operation.relateng.TopologyPredicate;

/**
 * Java functions the database calls while it filters rows. H2 compares geometries only by their
 * bounding boxes ({@code &&}, which the spatial index answers); these give the exact answer for the
 * rows that pass that test, inside the same query, so counting, paging and sorting stay in SQL.
 * A null argument gives null, as SQL operators do. The embedded store registers them with every
 * layer file a build writes ({@code H2Database}); PostgreSQL has SQL functions of the same names
 * over PostGIS ({@code db/migration/postgresql}).
 */
public final class SqlFunctions {
  private SqlFunctions() {}

  /** {@code relation} is a CQL2 spatial relation: INTERSECTS, EQUALS, DISJOINT, TOUCHES, ... */
  public static Boolean spatial(String relation, Geometry a, Geometry b) {
    if (relation == null || a == null || b == null) {
      return null;
    }
    // RelateNG for every relation alike: it relates GEOMETRYCOLLECTIONs, which a filter may hold,
    // overlapping polygons included, where Geometry.crosses throws on them.
    TopologyPredicate predicate = switch (relation) {
      case "INTERSECTS" -> RelatePredicate.intersects();
      case "EQUALS" -> RelatePredicate.equalsTopo();
      case "DISJOINT" -> RelatePredicate.disjoint();
      case "TOUCHES" -> RelatePredicate.touches();
      case "WITHIN" -> RelatePredicate.within();
      case "OVERLAPS" -> RelatePredicate.overlaps();
      case "CROSSES" -> RelatePredicate.crosses();
      case "CONTAINS" -> RelatePredicate.contains();
      default -> throw new IllegalArgumentException("no spatial relation " + relation);
    };
    return RelateNG.relate(a, b, predicate);
  }

  /** Whether the geometries come within {@code metres} of each other on the WGS84 ellipsoid. */
  public static Boolean withinDistance(Geometry a, Geometry b, Double metres) {
    if (a == null || b == null || metres == null) {
      return null;
    }
    return Geodesic.distanceMetres(a, b) <= metres;
  }

  /**
   * CQL2 arithmetic: {@code operator} is an {@code Expr.Operator} by name. Null where the answer is
   * not a finite number (a division by zero, an overflow, a fractional power of a negative number)
   * or underflows to zero, as on PostgreSQL ({@code atlas_arithmetic}), where those are errors
   * that its function turns into null: the comparison is then unknown.
   */
  public static Double arithmetic(String operator, Double a, Double b) {
    if (operator == null || a == null || b == null) {
      return null;
    }
    double x = a;
    double y = b;
    double r = switch (operator) {
      case "ADD" -> x + y;
      case "SUBTRACT" -> x - y;
      case "MULTIPLY" -> x * y;
      case "DIVIDE" -> y == 0 ? Double.NaN : x / y;
      // As PostgreSQL's, on the values as decimals of 15 significant digits (its cast to numeric).
      case "MODULO" -> y == 0 ? Double.NaN
          : new BigDecimal(x, DIGITS_15).remainder(new BigDecimal(y, DIGITS_15)).doubleValue();
      case "DIV" -> y == 0 ? Double.NaN : truncated(x / y);
      case "POWER" -> Math.pow(x, y);
      default -> throw new IllegalArgumentException("no arithmetic operator " + operator);
    };
    boolean underflow = r == 0 && x != 0 && switch (operator) {
      case "MULTIPLY" -> y != 0;
      case "DIVIDE", "POWER" -> true;
      default -> false;
    };
    return Double.isFinite(r) && !underflow ? r : null;
  }

  private static final MathContext DIGITS_15 = new MathContext(15);

  private static double truncated(double q) {
    return q < 0 ? Math.ceil(q) : Math.floor(q);
  }

  /**
   * CQL2's {@code CASEI}: the text in lower case after upper case, the same on both engines
   * (PostgreSQL's {@code atlas_casei} does the same with ICU's root locale), so that {@code ß}
   * and {@code SS}, {@code Ǳ} and {@code ǳ} compare equal.
   */
  public static String casei(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * CQL2's {@code ACCENTI}: the text without its accents and other diacritics, the non-spacing
   * marks of its canonical decomposition ({@code Ağdam} is {@code Agdam}, {@code Şəmkir} is
   * {@code Səmkir}: the schwa is a letter of its own).
   */
  public static String accenti(String s) {
    if (s == null) {
      return null;
    }
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }

  /** {@code relation} is CONTAINS (a holds every element of b), CONTAINEDBY or OVERLAPS (one in common). */
  public static Boolean arrays(String relation, String[] a, String[] b) {
    if (relation == null || a == null || b == null) {
      return null;
    }
    List<String> left = Arrays.asList(a);
    Set<String> right = new HashSet<>(Arrays.asList(b));
    return switch (relation) {
      case "CONTAINS" -> new HashSet<>(left).containsAll(right);
      case "CONTAINEDBY" -> right.containsAll(left);
      case "OVERLAPS" -> left.stream().anyMatch(right::contains);
      default -> throw new IllegalArgumentException("no array relation " + relation);
    };
  }
}
