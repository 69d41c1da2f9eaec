package org.incidentatlas.editing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.incidentatlas.store.Bbox;
import org.locationtech.jts.geom.Point;
import org.incidentatlas.geo.Geodesic;
import org.incidentatlas.incident.Incident;

/**
 * Flags incidents that may be the same event recorded twice: the same event type, points at most
 * {@link #MAX_KM} km apart (or the same place), and days at most {@link #MAX_DAYS} day apart.
 * Only flagged, never merged by itself: a reviewer decides.
 */
public final class Duplicates {
  static final double MAX_KM = 5;
  static final int MAX_DAYS = 1;

  /** How many are listed at most: a place with a long record (an imported dataset) would list hundreds. */
  static final int MAX_LISTED = 20;

  /** A possible duplicate and why it is one. */
  record Candidate(String id, String reason) {}

  /** The closest {@link #MAX_LISTED} candidates, nearest in time and then in place first, and how many there are. */
  public record Found(List<Candidate> nearest, int total) {}

  /** Kilometres in a degree of latitude at least (at the equator), and so of longitude at the parallel's cosine. */
  private static final double KM_PER_DEGREE = 110.5;

  private Duplicates() {}

  /**
   * A box holding every point within {@link #MAX_KM} of {@code p}, with a tenth to spare: where
   * candidates are looked for, among served incidents and records in the works alike.
   */
  static Bbox reach(Point p) {
    double dLat = MAX_KM * 1.1 / KM_PER_DEGREE;
    double minLat = Math.max(-90, p.getY() - dLat);
    double maxLat = Math.min(90, p.getY() + dLat);
    double cos = Math.cos(Math.toRadians(Math.max(Math.abs(minLat), Math.abs(maxLat))));
    double dLon = cos < 1e-6 ? 180 : MAX_KM * 1.1 / (KM_PER_DEGREE * cos);
    if (dLon >= 180) {
      return new Bbox(-180, minLat, 180, maxLat);
    }
    double minLon = p.getX() - dLon;
    double maxLon = p.getX() + dLon;
    return new Bbox(minLon < -180 ? minLon + 360 : minLon, minLat, maxLon > 180 ? maxLon - 360 : maxLon, maxLat);
  }

  static Found of(Incident incident, Iterable<Incident> others) {
    Nearest nearest = new Nearest(incident);
    others.forEach(nearest::offer);
    return nearest.found();
  }

  /**
   * The candidates among incidents offered one at a time. Only the nearest {@link #MAX_LISTED}
   * are kept, the others counted: at a place with a long record they are a good part of it.
   */
  static final class Nearest {
    private record Near(Incident other, long days, double km, boolean samePlace) {}

    private static final Comparator<Near> ORDER = Comparator.comparingLong(Near::days).thenComparingDouble(Near::km)
        .thenComparing(n -> n.other().id());
    private final Incident incident;
    /** The farthest kept first, to be dropped when a nearer one comes. */
    private final PriorityQueue<Near> kept = new PriorityQueue<>(ORDER.reversed());
    private int total;

    Nearest(Incident incident) {
      this.incident = incident;
    }

    void offer(Incident other) {
      if (other.id().equals(incident.id()) || !other.eventType().equals(incident.eventType())) {
        return;
      }
      long days = daysApart(incident, other);
      if (days > MAX_DAYS) {
        return;
      }
      double km = Geodesic.distanceMetres(incident.point().getCoordinate(), other.point().getCoordinate()) / 1000;
      boolean samePlace = incident.placeId() != null && incident.placeId().equals(other.placeId());
      if (km > MAX_KM && !samePlace) {
        return;
      }
      total++;
      kept.add(new Near(other, days, km, samePlace));
      if (kept.size() > MAX_LISTED) {
        kept.poll();
      }
    }

    /** The kept ones, nearest in time and then in place first, each described, and how many there are. */
    Found found() {
      List<Candidate> listed = kept.stream().sorted(ORDER).map(n -> new Candidate(n.other().id(), reason(n))).toList();
      return new Found(listed, total);
    }

    /** Built by hand: {@code String.format} parses its pattern on every call, twenty times a draft. */
    private static String reason(Near n) {
      StringBuilder out = new StringBuilder(96).append(n.other().eventType()).append(' ');
      daysText(out, n.other());
      out.append(", ").append(oneDecimal(n.km())).append(" km apart");
      if (n.samePlace()) {
        out.append(" (same place: ").append(n.other().placeName()).append(')');
      }
      return out.append(", ").append(n.days() == 0 ? "dates overlap" : "dates a day apart").toString();
    }
  }

  /**
   * {@code km} to one decimal as {@code %.1f} writes it in {@link java.util.Locale#ROOT}: the
   * shortest decimal that reads back as the double ({@link Double#toString}), rounded half up.
   */
  static String oneDecimal(double km) {
    return BigDecimal.valueOf(km).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  private static long daysApart(Incident a, Incident b) {
    if (!a.date().isAfter(b.dateEnd()) && !b.date().isAfter(a.dateEnd())) {
      return 0;
    }
    return a.date().isAfter(b.dateEnd()) ? ChronoUnit.DAYS.between(b.dateEnd(), a.date())
        : ChronoUnit.DAYS.between(a.dateEnd(), b.date());
  }

  private static void daysText(StringBuilder out, Incident i) {
    if (i.date().equals(i.dateEnd())) {
      out.append("on ").append(i.date());
    } else {
      out.append("from ").append(i.date()).append(" to ").append(i.dateEnd());
    }
  }
}
