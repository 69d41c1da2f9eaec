package org.incidentatlas.filter;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The literals both encodings of CQL2 share, checked alike: dates, timestamps, geometries and
 * boxes. Each check names the position and the token of the literal in the client's filter.
 * Geometries and boxes may be given in another system ({@code filter-crs}); they are checked once
 * in CRS84, where the layers are.
 */
final class Literals {
  static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** From the filter's system to CRS84; null when the filter is in CRS84. */
  private final UnaryOperator<Geometry> toCrs84;
  /** Coordinates counted over all the geometries of one filter, against {@link Cql2Text#MAX_COORDINATES}. */
  private int coordinates;

  Literals(UnaryOperator<Geometry> toCrs84) {
    this.toCrs84 = toCrs84;
  }

  /** Coordinates counted so far; a parser that goes back sets them back. */
  int coordinates() {
    return coordinates;
  }

  void coordinates(int counted) {
    coordinates = counted;
  }

  /** {@code 2020-07-14}. */
  static LocalDate date(String s, int position, String token) {
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new FilterException(position, token, "not a date (YYYY-MM-DD)");
  }

  /** Features are dated by day: a timestamp counts as its day in UTC. */
  static LocalDate timestamp(String s, int position, String token) {
    try {
      return Expr.Day.utcDay(s);
    } catch (DateTimeParseException e) {
      throw new FilterException(position, token, "not an RFC 3339 timestamp (2020-07-14T10:00:00Z)");
    }
  }

  /** {@code g} in CRS84 if it is one a filter may hold: within the limits, in range and valid. */
  Geometry geometry(Geometry given, String type, int position, String token) {
    Geometry g = inCrs84(given, type, position, token);
    if (hasEmptyPart(g)) {
      // The database cannot hold a collection with an empty member, and such a part selects nothing.
      throw new FilterException(position, token, "the " + type + " has an EMPTY part; leave it out");
    }
    coordinates += g.getNumPoints();
    if (coordinates > Cql2Text.MAX_COORDINATES) {
      throw new FilterException(position, token, "the geometries of the filter have " + coordinates
          + " coordinates together; a filter may have at most " + Cql2Text.MAX_COORDINATES);
    }
    for (Coordinate c : g.getCoordinates()) {
      if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
        throw new FilterException(position, token, "coordinate (" + c.x + " " + c.y
            + ") is outside longitude [-180, 180], latitude [-90, 90] (CRS84: longitude first)");
      }
    }
    TopologyValidationError invalid = new IsValidOp(g).getValidationError();
    if (invalid != null) {
      Coordinate at = invalid.getCoordinate();
      throw new FilterException(position, token, "the " + type + " is not a valid geometry: "
          + invalid.getMessage().toLowerCase(Locale.ROOT) + (at == null ? "" : " at (" + at.x + " " + at.y + ")"));
    }
    g.setSRID(Cql2Text.SRID);
    return g;
  }

  private Geometry inCrs84(Geometry g, String type, int position, String token) {
    if (toCrs84 == null || g.isEmpty()) {
      return g;
    }
    try {
      return toCrs84.apply(g);
    } catch (RuntimeException e) {
      throw new FilterException(position, token, "the " + type + " cannot be taken from the filter's system to CRS84: "
          + e.getMessage());
    }
  }

  private static boolean hasEmptyPart(Geometry g) {
    if (!(g instanceof GeometryCollection)) {
      return false;
    }
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part.isEmpty() || hasEmptyPart(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A box of 4 numbers (west, south, east, north) or 6 with heights, which are ignored; in another
   * system its lower and upper corner in that system's axis order, the edges followed to CRS84.
   */
  Geometry box(List<Double> n, int position, String token) {
    if (n.size() != 4 && n.size() != 6) {
      throw new FilterException(position, token, "BBOX takes 4 or 6 numbers, not " + n.size());
    }
    int half = n.size() / 2;
    if (toCrs84 != null) {
      if (n.get(0) > n.get(half) || n.get(1) > n.get(half + 1)) {
        throw new FilterException(position, token, "BBOX in the filter's system is its lower corner, then its upper corner");
      }
      Polygon box = box(n.get(0), n.get(half), n.get(1), n.get(half + 1));
      // A straight edge in metres is a curve in degrees: followed in 16 steps, as bbox-crs does.
      Geometry edges = Densifier.densify(box, Math.max(n.get(half) - n.get(0), n.get(half + 1) - n.get(1)) / 16);
      return geometry(edges, "BBOX", position, token).getEnvelope();
    }
    double west = n.get(0);
    double south = n.get(1);
    double east = n.get(half);
    double north = n.get(half + 1);
    if (south > north || south < -90 || north > 90 || Math.abs(west) > 180 || Math.abs(east) > 180) {
      throw new FilterException(position, token, "BBOX is west, south, east, north with longitudes in [-180, 180] and south <= north");
    }
    // West beyond east crosses the antimeridian: two boxes.
    Geometry g = west <= east ? box(west, east, south, north)
        : GEOMETRY.createMultiPolygon(new Polygon[] {box(west, 180, south, north), box(-180, east, south, north)});
    g.setSRID(Cql2Text.SRID);
    return g;
  }

  private static Polygon box(double west, double east, double south, double north) {
    return (Polygon) GEOMETRY.toGeometry(new Envelope(west, east, south, north));
  }
}
