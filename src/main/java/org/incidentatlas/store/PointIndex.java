package org.incidentatlas.store;

import java.util.Arrays;
import java.util.BitSet;
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
 * <p>An index never changes: a change of the layer makes a new one ({@link #edit}), so that a read
 * keeps the index of the state it began in. The points and the lowest boxes are held in chunks of
 * {@value #CHUNK} points, which the new index shares with the old one except where points
 * changed; the few boxes above them are computed again whole, which costs one look at each
 * lowest box (a quarter of a millisecond for a million points). Every box is exact after a
 * change: a point moved or added far from its neighbours in seq makes its box wider, which costs
 * speed, never correctness, until the next build puts the layer in spatial order again.
 *
 * <p>A point lies in a box when it lies inside or on its edge, as with H2's {@code &&}.
 */
final class PointIndex {
  private static final int FANOUT = 16;
  /** Points per chunk: 16³, so that a chunk holds its lowest boxes whole. */
  static final int CHUNK = 4096;
  private static final int CHUNK_SHIFT = 12;
  private static final int LEAVES_PER_CHUNK = CHUNK / FANOUT;
  private static final int LEAF_SHIFT = 8;
  /** 16 to the power of 0 to 15: points under a box of level -1 (a point) to 14. */
  private static final long[] SPANS = new long[16];

  static {
    SPANS[0] = 1;
    for (int i = 1; i < SPANS.length; i++) {
      SPANS[i] = SPANS[i - 1] * FANOUT;
    }
  }

  /**
   * Coordinates of {@link #CHUNK} consecutive points and the boxes of the lowest level over them,
   * four numbers per box: west, south, east, north. Written only while an {@link Edit} that made
   * it owns it.
   */
  private record Chunk(double[] x, double[] y, double[] leaves) {
    static Chunk empty() {
      return new Chunk(new double[CHUNK], new double[CHUNK], new double[LEAVES_PER_CHUNK * 4]);
    }

    Chunk copy() {
      return new Chunk(x.clone(), y.clone(), leaves.clone());
    }
  }

  private final int size;
  private final Chunk[] chunks;
  /** Per level from the second lowest, four numbers per box. */
  private final double[][] upper;

  /** {@code x} and {@code y} are the points' coordinates by seq. */
  PointIndex(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("coordinates of unequal length");
    }
    size = x.length;
    chunks = new Chunk[(size + CHUNK - 1) / CHUNK];
    for (int k = 0; k < chunks.length; k++) {
      Chunk chunk = Chunk.empty();
      int from = k * CHUNK;
      int n = Math.min(CHUNK, size - from);
      System.arraycopy(x, from, chunk.x(), 0, n);
      System.arraycopy(y, from, chunk.y(), 0, n);
      chunks[k] = chunk;
    }
    for (int leaf = 0, leaves = nodes(size, 0); leaf < leaves; leaf++) {
      computeLeaf(chunks, size, leaf);
    }
    upper = upperLevels(chunks, size);
  }

  private PointIndex(int size, Chunk[] chunks, double[][] upper) {
    this.size = size;
    this.chunks = chunks;
    this.upper = upper;
  }

  /** How many points the index holds: the layer's feature count. */
  int size() {
    return size;
  }

  /** A change of this index into a new one; this one stays as it is. */
  Edit edit() {
    return new Edit();
  }

  /**
   * The points that a change of the layer moves, in the order {@link LayerUpdate} changes them:
   * a point set at seq = size is added, and a removed point's seq is taken by the last point.
   */
  final class Edit {
    private int n = size;
    private Chunk[] parts = chunks.clone();
    /** Chunks this edit made and may write. */
    private final BitSet owned = new BitSet();
    private final BitSet touchedLeaves = new BitSet();

    /** Puts the point at {@code seq}, which is at most the size: at the size, it is added. */
    void set(long seq, double px, double py) {
      if (seq < 0 || seq > n) {
        throw new IllegalArgumentException("no point " + seq + " in " + n);
      }
      int s = (int) seq;
      if (s == n) {
        n++;
      }
      Chunk chunk = writable(s >>> CHUNK_SHIFT);
      chunk.x()[s & (CHUNK - 1)] = px;
      chunk.y()[s & (CHUNK - 1)] = py;
      touchedLeaves.set(s / FANOUT);
    }

    /** Removes the point at {@code seq}: the last point takes its seq. */
    void remove(long seq) {
      if (seq < 0 || seq >= n) {
        throw new IllegalArgumentException("no point " + seq + " in " + n);
      }
      int last = n - 1;
      if (seq != last) {
        Chunk from = parts[last >>> CHUNK_SHIFT];
        set(seq, from.x()[last & (CHUNK - 1)], from.y()[last & (CHUNK - 1)]);
      }
      writable(last >>> CHUNK_SHIFT);
      touchedLeaves.set(last / FANOUT);
      n = last;
    }

    private Chunk writable(int k) {
      if (k >= parts.length) {
        parts = Arrays.copyOf(parts, k + 1);
      }
      if (!owned.get(k)) {
        parts[k] = parts[k] == null ? Chunk.empty() : parts[k].copy();
        owned.set(k);
      }
      return parts[k];
    }

    PointIndex done() {
      Chunk[] result = Arrays.copyOf(parts, (n + CHUNK - 1) / CHUNK);
      int leaves = nodes(n, 0);
      for (int leaf = touchedLeaves.nextSetBit(0); leaf >= 0 && leaf < leaves; leaf = touchedLeaves.nextSetBit(leaf + 1)) {
        computeLeaf(result, n, leaf);
      }
      return new PointIndex(n, result, upperLevels(result, n));
    }
  }

  /** Sets the lowest box {@code leaf} to the bounds of its points. */
  private static void computeLeaf(Chunk[] chunks, int size, int leaf) {
    Chunk chunk = chunks[leaf >>> LEAF_SHIFT];
    int first = leaf * FANOUT;
    int end = Math.min(size, first + FANOUT);
    double west = Double.POSITIVE_INFINITY;
    double south = Double.POSITIVE_INFINITY;
    double east = Double.NEGATIVE_INFINITY;
    double north = Double.NEGATIVE_INFINITY;
    for (int p = first & (CHUNK - 1), last = p + (end - first); p < last; p++) {
      west = Math.min(west, chunk.x()[p]);
      south = Math.min(south, chunk.y()[p]);
      east = Math.max(east, chunk.x()[p]);
      north = Math.max(north, chunk.y()[p]);
    }
    int o = (leaf & (LEAVES_PER_CHUNK - 1)) * 4;
    chunk.leaves()[o] = west;
    chunk.leaves()[o + 1] = south;
    chunk.leaves()[o + 2] = east;
    chunk.leaves()[o + 3] = north;
  }

  private static double[][] upperLevels(Chunk[] chunks, int size) {
    int levels = levels(size);
    double[][] upper = new double[Math.max(0, levels - 1)][];
    for (int level = 1; level < levels; level++) {
      int count = nodes(size, level);
      int below = nodes(size, level - 1);
      double[] b = new double[count * 4];
      for (int i = 0; i < count; i++) {
        double west = Double.POSITIVE_INFINITY;
        double south = Double.POSITIVE_INFINITY;
        double east = Double.NEGATIVE_INFINITY;
        double north = Double.NEGATIVE_INFINITY;
        for (int c = i * FANOUT, end = Math.min(below, c + FANOUT); c < end; c++) {
          double[] from = level == 1 ? chunks[c >>> LEAF_SHIFT].leaves() : upper[level - 2];
          int o = level == 1 ? (c & (LEAVES_PER_CHUNK - 1)) * 4 : c * 4;
          west = Math.min(west, from[o]);
          south = Math.min(south, from[o + 1]);
          east = Math.max(east, from[o + 2]);
          north = Math.max(north, from[o + 3]);
        }
        b[i * 4] = west;
        b[i * 4 + 1] = south;
        b[i * 4 + 2] = east;
        b[i * 4 + 3] = north;
      }
      upper[level - 1] = b;
    }
    return upper;
  }

  private static int levels(int size) {
    int levels = size == 0 ? 0 : 1;
    while (levels > 0 && nodes(size, levels - 1) > FANOUT) {
      levels++;
    }
    return levels;
  }

  /** How many points lie in any of {@code areas}, which must not overlap. */
  long count(List<Envelope> areas) {
    long n = 0;
    for (int i = 0, top = topNodes(); i < top; i++) {
      n += count(topLevel(), i, areas);
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
      select(topLevel(), i, areas, c);
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
      return inAny(areas, node) ? 1 : 0;
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
      if (inAny(areas, node)) {
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
    double[] b;
    int o;
    if (level == 0) {
      b = chunks[node >>> LEAF_SHIFT].leaves();
      o = (node & (LEAVES_PER_CHUNK - 1)) * 4;
    } else {
      b = upper[level - 1];
      o = node * 4;
    }
    double west = b[o];
    double south = b[o + 1];
    double east = b[o + 2];
    double north = b[o + 3];
    boolean touches = false;
    for (Envelope a : areas) {
      if (west >= a.getMinX() && east <= a.getMaxX() && south >= a.getMinY() && north <= a.getMaxY()) {
        return Relation.INSIDE;
      }
      touches |= west <= a.getMaxX() && east >= a.getMinX() && south <= a.getMaxY() && north >= a.getMinY();
    }
    return touches ? Relation.PARTLY : Relation.OUTSIDE;
  }

  private boolean inAny(List<Envelope> areas, int seq) {
    Chunk chunk = chunks[seq >>> CHUNK_SHIFT];
    double px = chunk.x()[seq & (CHUNK - 1)];
    double py = chunk.y()[seq & (CHUNK - 1)];
    for (Envelope a : areas) {
      if (a.covers(px, py)) {
        return true;
      }
    }
    return false;
  }

  /** Boxes on a level: one per 16 points at the lowest, one per 16 boxes above; level -1 is the points. */
  private int nodes(int level) {
    return nodes(size, level);
  }

  private static int nodes(int size, int level) {
    long span = span(level);
    return (int) ((size + span - 1) / span);
  }

  /** Points under one box of {@code level}. */
  private static long span(int level) {
    return SPANS[level + 1];
  }

  private int topLevel() {
    return upper.length;
  }

  private int topNodes() {
    return size == 0 ? 0 : nodes(topLevel());
  }

  private static long first(int level, int node) {
    return node * span(level);
  }

  private long last(int level, int node) {
    return Math.min(size, (node + 1) * span(level));
  }
}
