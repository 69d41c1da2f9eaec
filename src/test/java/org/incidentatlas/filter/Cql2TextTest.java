package org.incidentatlas.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class Cql2TextTest {
  @Test
  void andBindsTighterThanOrAndNotTighterThanAnd() {
    Expr e = Cql2Text.parse("a = 1 OR NOT b = 2 AND c = 3");
    Expr.Or or = assertInstanceOf(Expr.Or.class, e);
    assertInstanceOf(Expr.Comparison.class, or.parts().get(0));
    Expr.And and = assertInstanceOf(Expr.And.class, or.parts().get(1));
    assertInstanceOf(Expr.Not.class, and.parts().get(0));
  }

  @Test
  void betweenTakesItsOwnAnd() {
    Expr.And and = assertInstanceOf(Expr.And.class, Cql2Text.parse("n BETWEEN 1 AND 2 AND m = 'x'"));
    Expr.Between b = assertInstanceOf(Expr.Between.class, and.parts().get(0));
    assertEquals(2.0, ((Expr.Number) b.high()).value());
  }

  @Test
  void stringsUndoubleTheirQuotesAndKeywordsIgnoreCase() {
    Expr.Comparison c = assertInstanceOf(Expr.Comparison.class, Cql2Text.parse("name = 'it''s'"));
    assertEquals("it's", ((Expr.Text) c.right()).value());
    assertInstanceOf(Expr.IsNull.class, Cql2Text.parse("x is not null"));
    assertInstanceOf(Expr.Like.class, Cql2Text.parse("x not like 'a%'"));
  }

  @Test
  void temporalLiteralsAreDays() {
    Expr.Temporal t = assertInstanceOf(Expr.Temporal.class,
        Cql2Text.parse("T_INTERSECTS(datetime, INTERVAL('2020-07-12', TIMESTAMP('2020-07-14T23:00:00-02:00')))"));
    Expr.Interval i = assertInstanceOf(Expr.Interval.class, t.right());
    assertEquals(LocalDate.parse("2020-07-12"), ((Expr.Day) i.start()).day());
    assertEquals(LocalDate.parse("2020-07-15"), ((Expr.Day) i.end()).day());
    Expr.Temporal open = assertInstanceOf(Expr.Temporal.class, Cql2Text.parse("T_AFTER(datetime, INTERVAL('..', '2020-07-14'))"));
    assertInstanceOf(Expr.Open.class, ((Expr.Interval) open.right()).start());
  }

  @Test
  void geometriesAreWktOrBoxesInLongitudeLatitude() {
    Expr.Spatial s = assertInstanceOf(Expr.Spatial.class,
        Cql2Text.parse("S_INTERSECTS(geometry, MULTIPOINT((45 40), (46 41)))"));
    assertEquals("MultiPoint", ((Expr.GeometryValue) s.right()).geometry().getGeometryType());
    Expr.Spatial box = assertInstanceOf(Expr.Spatial.class, Cql2Text.parse("s_intersects(geometry, bbox(170, -10, -170, 10))"));
    assertEquals(2, ((Expr.GeometryValue) box.right()).geometry().getNumGeometries(), "across the antimeridian");
    Expr.WithinDistance d = assertInstanceOf(Expr.WithinDistance.class,
        Cql2Text.parse("S_DWITHIN(geometry, POINT(45 40), 1.5, kilometers)"));
    assertEquals(1500, d.metres());
  }

  @Test
  void arraysAreParenthesisedLists() {
    Expr.ArrayPredicate a = assertInstanceOf(Expr.ArrayPredicate.class, Cql2Text.parse("A_CONTAINS(tags, ('a', 'b'))"));
    assertEquals(2, ((Expr.ArrayValue) a.right()).items().size());
    assertEquals(List.of(), ((Expr.ArrayValue) assertInstanceOf(Expr.ArrayPredicate.class,
        Cql2Text.parse("A_OVERLAPS(tags, ())")).right()).items());
  }

  @Test
  void errorsSayWhere() {
    FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse("a = 1 AND OR b = 2"));
    assertEquals(11, e.position());
    assertEquals("OR", e.token());
    FilterException end = assertThrows(FilterException.class, () -> Cql2Text.parse("a ="));
    assertEquals(4, end.position());
    assertEquals("", end.token());
  }

  @Test
  void nestingIsBounded() {
    String deep = "(".repeat(1000) + "a = 1" + ")".repeat(1000);
    FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(deep));
    assertEquals("(", e.token());
    FilterException not = assertThrows(FilterException.class, () -> Cql2Text.parse("NOT ".repeat(1000) + "a = 1"));
    assertTrue(not.getMessage().contains("nested more than 64 levels"), not.getMessage());
  }

  @Test
  void aFilterLongerThanTheLimitIsRefusedBeforeItIsRead() {
    String longest = "a = '" + "x".repeat(Cql2Text.MAX_LENGTH - 6) + "'";
    assertEquals(Cql2Text.MAX_LENGTH, longest.length());
    Cql2Text.parse(longest);
    FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(longest + " "));
    assertEquals(Cql2Text.MAX_LENGTH + 1, e.position());
    assertTrue(e.getMessage().contains("at most " + Cql2Text.MAX_LENGTH), e.getMessage());
  }

  @Test
  void theNumberOfTermsIsBounded() {
    Cql2Text.parse(terms(Cql2Text.MAX_TERMS, " OR "));
    for (String joint : List.of(" OR ", " AND ", " AND NOT ")) {
      FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(terms(Cql2Text.MAX_TERMS + 1, joint)));
      assertTrue(e.getMessage().contains("more than " + Cql2Text.MAX_TERMS + " terms"), e.getMessage());
      assertEquals("a", e.token());
    }
  }

  @Test
  void theNumberOfValuesIsBoundedInListsToo() {
    String in = "a IN (" + String.join(",", Collections.nCopies(Cql2Text.MAX_OPERANDS - 1, "1")) + ")";
    Cql2Text.parse(in);
    FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(in.replace("(1", "(1,1")));
    assertTrue(e.getMessage().contains("more than " + Cql2Text.MAX_OPERANDS + " properties and values"), e.getMessage());
    assertThrows(FilterException.class, () -> Cql2Text.parse(
        "A_OVERLAPS(tags, (" + String.join(",", Collections.nCopies(Cql2Text.MAX_OPERANDS, "'x'")) + "))"));
  }

  @Test
  void geometryCollectionsNestAtMostThreeDeep() {
    Cql2Text.parse("S_INTERSECTS(geometry, " + collections(Cql2Text.MAX_COLLECTION_DEPTH, "") + ")");
    for (String dimension : List.of("", " Z", " M", " ZM")) {
      String deeper = "S_INTERSECTS(geometry, " + collections(Cql2Text.MAX_COLLECTION_DEPTH + 1, dimension) + ")";
      FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(deeper), dimension);
      assertTrue(e.getMessage().contains("nested more than " + Cql2Text.MAX_COLLECTION_DEPTH + " deep"), e.getMessage());
      assertEquals("GEOMETRYCOLLECTION", e.token());
    }
    // Siblings are not nesting.
    Cql2Text.parse("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(" + String.join(", ",
        Collections.nCopies(10, "GEOMETRYCOLLECTION(POINT(1 1))")) + "))");
  }

  @Test
  void theCoordinatesOfAFilterAreBounded() {
    String line = "MULTIPOINT(" + String.join(",", Collections.nCopies(Cql2Text.MAX_COORDINATES, "1 1")) + ")";
    Cql2Text.parse("S_INTERSECTS(geometry, " + line + ")");
    FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse(
        "S_INTERSECTS(geometry, " + line + ") OR S_INTERSECTS(geometry, POINT(1 1))"));
    assertTrue(e.getMessage().contains("at most " + Cql2Text.MAX_COORDINATES), e.getMessage());
  }

  @Test
  void wktThatJtsCannotReadIsAFilterError() {
    for (String wkt : List.of("POINT(1)", "POINT(1 2 3 4 5)", "LINESTRING(1 1)", "POLYGON((0 0, 1 1, 0 0))",
        "POLYGON((0 0, 1 0, 1 1, 0 1))", "MULTIPOINT((1 1), 2)", "GEOMETRYCOLLECTION(1 1)", "POINT(1e999 1)",
        "POINT(NaN 1)")) {
      FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse("S_INTERSECTS(geometry, " + wkt + ")"), wkt);
      assertEquals(24, e.position(), wkt + ": " + e.describe());
    }
  }

  @Test
  void aTimestampWhoseDayInUtcJavaCannotHoldIsAFilterError() {
    for (String t : List.of("+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00")) {
      FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse("date > TIMESTAMP('" + t + "')"), t);
      assertTrue(e.getMessage().contains("not an RFC 3339 timestamp"), e.getMessage());
      assertThrows(FilterException.class, () -> Cql2Text.parse("T_INTERSECTS(datetime, INTERVAL('" + t + "', '..'))"), t);
    }
  }

  @Test
  void aCollectionWithAnEmptyPartIsRefusedAndAnEmptyGeometryIsNot() {
    for (String wkt : List.of("GEOMETRYCOLLECTION(POINT EMPTY, LINESTRING(45 41, 46 42))", "MULTIPOINT((45 41), EMPTY)",
        "GEOMETRYCOLLECTION(GEOMETRYCOLLECTION EMPTY)", "MULTIPOLYGON(EMPTY)")) {
      FilterException e = assertThrows(FilterException.class, () -> Cql2Text.parse("S_DWITHIN(geometry, " + wkt + ", 1, meters)"));
      assertTrue(e.getMessage().contains("EMPTY part"), wkt + ": " + e.getMessage());
    }
    Cql2Text.parse("S_INTERSECTS(geometry, POINT EMPTY) OR S_INTERSECTS(geometry, GEOMETRYCOLLECTION EMPTY)");
  }

  private static String terms(int n, String joint) {
    return String.join(joint, Collections.nCopies(n, "a = 1"));
  }

  private static String collections(int depth, String dimension) {
    return ("GEOMETRYCOLLECTION" + dimension + "(").repeat(depth) + "POINT" + dimension
        + (dimension.equals(" ZM") ? "(1 1 1 1)" : dimension.isEmpty() ? "(1 1)" : "(1 1 1)") + ")".repeat(depth);
  }
}
