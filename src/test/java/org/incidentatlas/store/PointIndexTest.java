package org.incidentatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class PointIndexTest {
  private final Random random = new Random(11);

  /** Points on a grid of 0.01° (so that many lie exactly on box edges), some repeated, in random order. */
  private double[][] points(int n) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 45 + random.nextInt(100) / 100.0;
      y[i] = 40.6 + random.nextInt(70) / 100.0;
    }
    return new double[][] {x, y};
  }

  private Envelope box() {
    double west = 44.9 + random.nextInt(120) / 100.0;
    double south = 40.5 + random.nextInt(90) / 100.0;
    return new Envelope(west, west + random.nextInt(40) / 100.0, south, south + random.nextInt(40) / 100.0);
  }

  private static List<Long> inAreas(double[][] p, List<Envelope> areas) {
    List<Long> in = new ArrayList<>();
    for (int i = 0; i < p[0].length; i++) {
      for (Envelope a : areas) {
        if (a.getMinX() <= p[0][i] && p[0][i] <= a.getMaxX() && a.getMinY() <= p[1][i] && p[1][i] <= a.getMaxY()) {
          in.add((long) i);
          break;
        }
      }
    }
    return in;
  }

  private static List<Long> page(PointIndex index, List<Envelope> areas, long offset, long limit) {
    List<Long> page = new ArrayList<>();
    index.page(areas, offset, limit, page::add);
    return page;
  }

  @Test
  void countsAndPagesExactlyWhatABruteForceSearchFinds() {
    for (int n : new int[] {0, 1, 15, 16, 17, 255, 256, 257, 5_000, 70_000}) {
      double[][] p = points(n);
      PointIndex index = new PointIndex(p[0], p[1]);
      for (int round = 0; round < 40; round++) {
        List<Envelope> areas = round % 4 == 0 ? List.of(new Envelope(45.0, 45.3, 40.6, 41.3), new Envelope(45.5, 45.99, 40.9, 41.0))
            : List.of(box());
        List<Long> expected = inAreas(p, areas);
        assertEquals(expected.size(), index.count(areas), n + " points, areas " + areas);
        long offset = expected.isEmpty() ? 0 : random.nextInt(expected.size() + 3);
        long limit = 1 + random.nextInt(300);
        List<Long> want = expected.subList((int) Math.min(offset, expected.size()),
            (int) Math.min(offset + limit, expected.size()));
        assertEquals(want, page(index, areas, offset, limit), n + " points, offset " + offset + ", limit " + limit);
      }
    }
  }

  @Test
  void aBoxAroundEverythingCountsEveryPointAndPagesThemInOrder() {
    double[][] p = points(10_000);
    PointIndex index = new PointIndex(p[0], p[1]);
    List<Envelope> world = List.of(new Envelope(-180, 180, -90, 90));
    assertEquals(10_000, index.count(world));
    assertEquals(List.of(9_998L, 9_999L), page(index, world, 9_998, 100));
    assertEquals(List.of(), page(index, List.of(new Envelope(0, 1, 0, 1)), 0, 100));
  }

  @Test
  void anEditedIndexAnswersAsOneBuiltFromItsPointsAndTheOldOneAsBefore() {
    for (int n : new int[] {0, 1, 16, 4095, 4096, 4097, 9_000}) {
      double[][] p = points(n);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        xs.add(p[0][i]);
        ys.add(p[1][i]);
      }
      PointIndex index = new PointIndex(p[0], p[1]);
      for (int round = 0; round < 12; round++) {
        PointIndex before = index;
        double[][] old = arrays(xs, ys);
        PointMoves moves = new PointMoves();
        for (int change = 0, changes = 1 + random.nextInt(round % 3 == 0 ? 5_000 : 20); change < changes; change++) {
          int kind = random.nextInt(3);
          if (kind == 0 && !xs.isEmpty()) {
            // Removed: the last point takes its seq, as LayerUpdate renumbers.
            int seq = random.nextInt(xs.size());
            int last = xs.size() - 1;
            xs.set(seq, xs.get(last));
            ys.set(seq, ys.get(last));
            xs.remove(last);
            ys.remove(last);
            moves.remove(seq);
          } else {
            int seq = kind == 1 || xs.isEmpty() ? xs.size() : random.nextInt(xs.size());
            double x = 44 + random.nextInt(300) / 100.0;
            double y = 39.6 + random.nextInt(270) / 100.0;
            if (seq == xs.size()) {
              xs.add(x);
              ys.add(y);
            } else {
              xs.set(seq, x);
              ys.set(seq, y);
            }
            moves.put(seq, x, y);
          }
        }
        index = PointMoves.parse(moves.text()).applyTo(before);
        double[][] now = arrays(xs, ys);
        assertEquals(xs.size(), index.size());
        for (int q = 0; q < 10; q++) {
          List<Envelope> areas = q == 0 ? List.of(new Envelope(-180, 180, -90, 90)) : List.of(box());
          List<Long> expected = inAreas(now, areas);
          assertEquals(expected.size(), index.count(areas), n + " points, round " + round + ", areas " + areas);
          long offset = expected.isEmpty() ? 0 : random.nextInt(expected.size() + 3);
          long limit = 1 + random.nextInt(300);
          assertEquals(expected.subList((int) Math.min(offset, expected.size()), (int) Math.min(offset + limit, expected.size())),
              page(index, areas, offset, limit), n + " points, round " + round);
          List<Long> then = inAreas(old, areas);
          assertEquals(then.size(), before.count(areas), "the index before the change is as it was");
          assertEquals(then.subList(0, Math.min(50, then.size())), page(before, areas, 0, 50));
        }
      }
    }
  }

  private static double[][] arrays(List<Double> xs, List<Double> ys) {
    return new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
        ys.stream().mapToDouble(Double::doubleValue).toArray()};
  }
}
