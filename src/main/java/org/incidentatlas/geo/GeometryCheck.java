package org.incidentatlas.geo;

import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/** Checks a longitude/latitude geometry before it is stored. */
public final class GeometryCheck {
  private GeometryCheck() {}

  /** The reason the geometry cannot be used, or empty when it is fine. */
  public static Optional<String> problem(Geometry g) {
    return rangeProblem(g).or(() -> validityProblem(g));
  }

  /** Missing, empty, or with a coordinate outside longitude/latitude range. */
  public static Optional<String> rangeProblem(Geometry g) {
    if (g == null || g.isEmpty()) {
      return Optional.of("missing or empty geometry");
    }
    for (Coordinate c : g.getCoordinates()) {
      if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
        return Optional.of("coordinate is not a number");
      }
      if (c.y < -90 || c.y > 90) {
        return Optional.of("latitude " + fmt(c.y) + " out of range [-90, 90]");
      }
      if (c.x < -180 || c.x > 180) {
        return Optional.of("longitude " + fmt(c.x) + " out of range [-180, 180]");
      }
    }
    return Optional.empty();
  }

  /** Topologically invalid (self-intersecting rings and the like). */
  public static Optional<String> validityProblem(Geometry g) {
    IsValidOp op = new IsValidOp(g);
    if (!op.isValid()) {
      TopologyValidationError e = op.getValidationError();
      return Optional.of("invalid geometry: " + e.getMessage() + " at " + fmt(e.getCoordinate().x) + " " + fmt(e.getCoordinate().y));
    }
    return Optional.empty();
  }

  /**
   * Repairs an invalid polygonal geometry. Country outlines traced at 10 m carry a few rings
   * that touch themselves; the repair changes nothing a map or a point-in-polygon test can see.
   */
  public static Optional<Geometry> repairPolygonal(Geometry g) {
    if (!(g instanceof Polygonal)) {
      return Optional.empty();
    }
    Geometry fixed = GeometryFixer.fix(g);
    return fixed.isValid() && fixed instanceof Polygonal ? Optional.of(fixed) : Optional.empty();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
