package org.incidentatlas.store;

import java.util.List;
import java.util.function.LongConsumer;
import org.locationtech.jts.geom.Envelope;

/**
 * The points of a point layer in memory, by {@code seq}, under a packed tree of bounding boxes:
 * each box of the lowest level covers 16 consecutive points, each box above it 16 boxes below.
 * As seq follows a Hilbert curve ({@link SpatialOrder}), consecutive points lie close together and
 * the boxes stay small.
 *
 * <p>It answers what the box filter of the items request asks, the way H2's spatial index cannot
 * do quickly: how many points lie in the box (a tree box wholly inside counts all its points at
 * once), and which are the page of them from an offset on, in seq order (whole boxes before the
 * offset are skipped by their count). JTS's HPRtree would find the same points, but it visits
 * them in its own order, keeps an object per point, and cannot count a box without visiting
 * every point in it. Sixteen bytes per point: 16 MB for a million.
 *
 * <p>A point lies in a box when it lies inside or on its edge, as with H2's {@code &&}.
 */
final class PointIndex {
  private static final int FANOUT = 16;
  /** 16 to the power of 0 to 15: points under a box of level -1 (a point) to 14. */
  private static final long[] SPANS = new long[16];

  static {
    SPANS[0] = 1;
    for (int i = 1; i < SPANS.length; i++) {
      SPANS[i] = SPANS[i - 1] * FANOUT;
    }
  }

  private final int size;
  private final double[] x;
  private final double[] y;
  /** Per level from the lowest, four numbers per box: west, south, east, north. */
  private final double[][] boxes;

  /** {@code x} and {@code y} are the points' coordinates by seq; the index keeps the arrays. */
  PointIndex(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("coordinates of unequal length");
    }
    this.size = x.length;
    this.x = x;
    this.y = y;
    int levels = size == 0 ? 0 : 1;
    while (levels > 0 && nodes(levels - 1) > FANOUT) {
      levels++;
    }
    boxes = new double[levels][];
    for (int level = 0; level < levels; level++) {
      int count = nodes(level);
      double[] b = new double[count * 4];
      for (int i = 0; i < count; i++) {
        double west = Double.POSITIVE_INFINITY;
        double south = Double.POSITIVE_INFINITY;
        double east = Double.NEGATIVE_INFINITY;
        double north = Double.NEGATIVE_INFINITY;
        if (level == 0) {
          for (int p = i * FANOUT, end = Math.min(size, p + FANOUT); p < end; p++) {
            west = Math.min(west, x[p]);
            south = Math.min(south, y[p]);
            east = Math.max(east, x[p]);
            north = Math.max(north, y[p]);
          }
        } else {
          double[] below = boxes[level - 1];
          for (int c = i * FANOUT, end = Math.min(nodes(level - 1), c + FANOUT); c < end; c++) {
            west = Math.min(west, below[c * 4]);
            south = Math.min(south, below[c * 4 + 1]);
            east = Math.max(east, below[c * 4 + 2]);
            north = Math.max(north, below[c * 4 + 3]);
          }
        }
        b[i * 4] = west;
        b[i * 4 + 1] = south;
        b[i * 4 + 2] = east;
        b[i * 4 + 3] = north;
      }
      boxes[level] = b;
    }
  }

  /** How many points lie in any of {@code areas}, which must not overlap. */
  long count(List<Envelope> areas) {
    long n = 0;
    for (int i = 0, top = topNodes(); i < top; i++) {
      n += count(boxes.length - 1, i, areas);
    }
    return n;
  }

  /**
   * Passes the seq of the points in any of {@code areas} (which must not overlap) to
   * {@code page}, in seq order, skipping the first {@code offset} and stopping after {@code limit}.
   */
  void page(List<Envelope> areas, long offset, long limit, LongConsumer page) {
    Cursor c = new Cursor(offset, limit, page);
    for (int i = 0, top = topNodes(); i < top && c.wanted > 0; i++) {
      select(boxes.length - 1, i, areas, c);
    }
  }

  private static final class Cursor {
    long skip;
    long wanted;
    final LongConsumer page;

    Cursor(long skip, long wanted, LongConsumer page) {
      this.skip = skip;
      this.wanted = wanted;
      this.page = page;
    }

    void take(long seq) {
      if (skip > 0) {
        skip--;
      } else if (wanted > 0) {
        page.accept(seq);
        wanted--;
      }
    }
  }

  private enum Relation { OUTSIDE, PARTLY, INSIDE }

  private long count(int level, int node, List<Envelope> areas) {
    if (level < 0) {
      return inAny(areas, x[node], y[node]) ? 1 : 0;
    }
    return switch (relation(level, node, areas)) {
      case OUTSIDE -> 0;
      case INSIDE -> last(level, node) - first(level, node);
      case PARTLY -> {
        long n = 0;
        for (int c = node * FANOUT, end = Math.min(nodes(level - 1), c + FANOUT); c < end; c++) {
          n += count(level - 1, c, areas);
        }
        yield n;
      }
    };
  }

  private void select(int level, int node, List<Envelope> areas, Cursor c) {
    if (level < 0) {
      if (inAny(areas, x[node], y[node])) {
        c.take(node);
      }
      return;
    }
    switch (relation(level, node, areas)) {
      case OUTSIDE -> { }
      case INSIDE -> {
        long first = first(level, node);
        long last = last(level, node);
        long skipped = Math.min(c.skip, last - first);
        c.skip -= skipped;
        for (long seq = first + skipped; seq < last && c.wanted > 0; seq++) {
          c.take(seq);
        }
      }
      case PARTLY -> {
        for (int child = node * FANOUT, end = Math.min(nodes(level - 1), child + FANOUT);
             child < end && c.wanted > 0; child++) {
          select(level - 1, child, areas, c);
        }
      }
    }
  }

  private Relation relation(int level, int node, List<Envelope> areas) {
    double[] b = boxes[level];
    double west = b[node * 4];
    double south = b[node * 4 + 1];
    double east = b[node * 4 + 2];
    double north = b[node * 4 + 3];
    boolean touches = false;
    for (Envelope a : areas) {
      if (west >= a.getMinX() && east <= a.getMaxX() && south >= a.getMinY() && north <= a.getMaxY()) {
        return Relation.INSIDE;
      }
      touches |= west <= a.getMaxX() && east >= a.getMinX() && south <= a.getMaxY() && north >= a.getMinY();
    }
    return touches ? Relation.PARTLY : Relation.OUTSIDE;
  }

  private static boolean inAny(List<Envelope> areas, double px, double py) {
    for (Envelope a : areas) {
      if (a.covers(px, py)) {
        return true;
      }
    }
    return false;
  }

  /** Boxes on a level: one per 16 points at the lowest, one per 16 boxes above; level -1 is the points. */
  private int nodes(int level) {
    long span = span(level);
    return (int) ((size + span - 1) / span);
  }

  /** Points under one box of {@code level}. */
  private static long span(int level) {
    return SPANS[level + 1];
  }

  private int topNodes() {
    return boxes.length == 0 ? 0 : nodes(boxes.length - 1);
  }

  private static long first(int level, int node) {
    return node * span(level);
  }

  private long last(int level, int node) {
    return Math.min(size, (node + 1) * span(level));
  }
}
