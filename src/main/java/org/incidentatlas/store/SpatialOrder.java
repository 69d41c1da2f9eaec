package org.incidentatlas.store;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.shape.fractal.HilbertCode;

/**
 * The order features are stored in: along a Hilbert curve over the globe, through the centre of
 * each feature's bounding box. Features close on the map get close numbers, so the rows a small
 * box selects sit together in the database file.
 */
final class SpatialOrder {
  /**
   * JTS's finest level: 2^16 cells a side, about 600 m of longitude at the equator. A page of rows
   * spans more than a cell wherever features are dense enough for their order to matter.
   */
  private static final int LEVEL = HilbertCode.MAX_LEVEL;
  private static final int CELLS = 1 << LEVEL;
  /** Features keep their arrival order within a cell: a staging key is the cell's code, then that. */
  private static final int ARRIVAL_BITS = 31;

  private SpatialOrder() {}

  /** A unique key that sorts by position on the curve, then by {@code arrival} (below 2^31). */
  static long stagingKey(Geometry g, long arrival) {
    if (arrival >= 1L << ARRIVAL_BITS) {
      throw new IllegalArgumentException("a layer holds at most 2^31 features");
    }
    return code(g.getEnvelopeInternal()) << ARRIVAL_BITS | arrival;
  }

  static long code(Envelope e) {
    int x = cell((e.getMinX() + e.getMaxX()) / 2 + 180, 360);
    int y = cell((e.getMinY() + e.getMaxY()) / 2 + 90, 180);
    return Integer.toUnsignedLong(HilbertCode.encode(LEVEL, x, y));
  }

  private static int cell(double offset, double span) {
    return (int) Math.max(0, Math.min(CELLS - 1, Math.floor(offset / span * CELLS)));
  }
}
