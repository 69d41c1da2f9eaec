package org.incidentatlas.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a change of a point layer did to its points, in the order {@link LayerUpdate} did it: a
 * point put at a seq (added at the end, or changed in place) or a seq removed (the last point
 * takes it). Applied to the layer's {@link PointIndex} of the state before, it gives the index of
 * the state after, here or on another server that hears of the change.
 */
final class PointMoves {
  private final List<Move> moves = new ArrayList<>();

  /** A point put at {@code seq}, or with {@code removed} the removal of {@code seq}. */
  private record Move(long seq, double x, double y, boolean removed) {}

  void put(long seq, double x, double y) {
    moves.add(new Move(seq, x, y, false));
  }

  void remove(long seq) {
    moves.add(new Move(seq, 0, 0, true));
  }

  /** How many points were put or removed. */
  long size() {
    return moves.size();
  }

  /** The index of the layer after the change, from that of the layer before it. */
  PointIndex applyTo(PointIndex before) {
    PointIndex.Edit edit = before.edit();
    for (Move m : moves) {
      if (m.removed()) {
        edit.remove(m.seq());
      } else {
        edit.set(m.seq(), m.x(), m.y());
      }
    }
    return edit.done();
  }

  /**
   * The moves as text for an announcement to other servers: {@code -seq} for a removal, and
   * {@code seq:x:y} for a point, separated by spaces. Coordinates are written so that they read
   * back exactly.
   */
  String text() {
    StringBuilder sb = new StringBuilder();
    for (Move m : moves) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      if (m.removed()) {
        sb.append('-').append(m.seq());
      } else {
        sb.append(m.seq()).append(':').append(m.x()).append(':').append(m.y());
      }
    }
    return sb.toString();
  }

  /** The moves of {@link #text()}. */
  static PointMoves parse(String text) {
    PointMoves out = new PointMoves();
    if (text.isEmpty()) {
      return out;
    }
    for (String token : text.split(" ")) {
      if (token.startsWith("-")) {
        out.remove(Long.parseLong(token.substring(1)));
      } else {
        String[] parts = token.split(":");
        if (parts.length != 3) {
          throw new IllegalArgumentException("not a point move: " + token);
        }
        out.put(Long.parseLong(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
      }
    }
    return out;
  }
}
