package org.incidentatlas.gazetteer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.incidentatlas.geo.Geodesic;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;

/** The settlements of the two countries, by id and by position. */
public final class Gazetteer {
  /** A settlement and how far a point is from it. */
  public record Nearest(Settlement settlement, double distanceMetres) {}

  private final Map<String, Settlement> byId = new LinkedHashMap<>();
  private final STRtree index = new STRtree();

  public Gazetteer(Collection<Settlement> settlements) {
    for (Settlement s : settlements) {
      byId.put(s.id(), s);
      index.insert(scaled(s.point().getCoordinate()), s);
    }
    index.build();
  }

  public Optional<Settlement> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Settlement> all() {
    return byId.values();
  }

  public int size() {
    return byId.size();
  }

  /**
   * The settlement nearest to a longitude/latitude point, by geodesic distance. The index holds
   * degrees with longitude scaled by cos(40.5°), the mean latitude of the two countries, so that
   * its few nearest candidates contain the geodesic nearest; the winner is chosen in metres.
   */
  public Optional<Nearest> nearest(Coordinate c) {
    return nearest(c, 5, s -> true);
  }

  /**
   * The settlement of {@code country} nearest to a point: near the border the nearest settlement
   * overall may lie on the other side. Looked for among the 64 nearest.
   */
  public Optional<Nearest> nearest(Coordinate c, String country) {
    return nearest(c, 64, s -> s.country().equals(country));
  }

  private Optional<Nearest> nearest(Coordinate c, int candidates, Predicate<Settlement> accept) {
    if (byId.isEmpty()) {
      return Optional.empty();
    }
    Object[] found = index.nearestNeighbour(scaled(c), null, ENVELOPE_DISTANCE, Math.min(candidates, byId.size()));
    Nearest best = null;
    for (Object o : found) {
      Settlement s = (Settlement) o;
      if (!accept.test(s)) {
        continue;
      }
      double d = Geodesic.distanceMetres(c, s.point().getCoordinate());
      if (best == null || d < best.distanceMetres()) {
        best = new Nearest(s, d);
      }
    }
    return Optional.ofNullable(best);
  }

  private static final double LON_SCALE = Math.cos(Math.toRadians(40.5));

  private static Envelope scaled(Coordinate c) {
    return new Envelope(new Coordinate(c.x * LON_SCALE, c.y));
  }

  private static final ItemDistance ENVELOPE_DISTANCE =
      (a, b) -> ((Envelope) a.getBounds()).distance((Envelope) b.getBounds());
}
