package org.incidentatlas.editing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.incidentatlas.store.Bbox;
import org.locationtech.jts.geom.Coordinate;
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
    /** What a candidate is listed with. */
    private record Other(String id, String eventType, LocalDate date, LocalDate dateEnd, String placeName) {}

    private record Near(Other other, long days, double km, boolean samePlace) {}

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
      offer(other.id(), other.eventType(), other.date(), other.dateEnd(), other.placeId(), other.placeName(),
          other.point().getX(), other.point().getY());
    }

    /**
     * The same from the values a candidate is compared by. The geodesic distance, a good part of
     * the cost where hundreds are compared, is worked out only where it decides something: whether
     * the candidate counts, or where it goes among those kept. Elsewhere a close estimate with a
     * margin decides the same.
     */
    void offer(String id, String eventType, LocalDate date, LocalDate dateEnd, String placeId, String placeName,
        double lon, double lat) {
      if (id.equals(incident.id()) || !eventType.equals(incident.eventType())) {
        return;
      }
      long days = daysApart(incident.date(), incident.dateEnd(), date, dateEnd);
      if (days > MAX_DAYS) {
        return;
      }
      boolean samePlace = incident.placeId() != null && incident.placeId().equals(placeId);
      Point p = incident.point();
      double estimate = estimateKm(p.getX(), p.getY(), lon, lat);
      if (!Double.isNaN(estimate)) {
        double atLeast = estimate * (1 - ESTIMATE_MARGIN);
        if (atLeast > MAX_KM && !samePlace) {
          return;
        }
        boolean counts = samePlace || estimate * (1 + ESTIMATE_MARGIN) <= MAX_KM;
        if (counts && kept.size() >= MAX_LISTED && after(kept.peek(), days, atLeast)) {
          total++;
          return;
        }
      }
      double km = Geodesic.distanceMetres(new Coordinate(p.getX(), p.getY()), new Coordinate(lon, lat)) / 1000;
      if (km > MAX_KM && !samePlace) {
        return;
      }
      total++;
      kept.add(new Near(new Other(id, eventType, date, dateEnd, placeName), days, km, samePlace));
      if (kept.size() > MAX_LISTED) {
        kept.poll();
      }
    }

    /** Whether a candidate {@code days} apart and at least {@code km} away comes after {@code last} in {@link #ORDER}. */
    private static boolean after(Near last, long days, double km) {
      return days > last.days() || (days == last.days() && km > last.km());
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

  private static long daysApart(LocalDate aFrom, LocalDate aTo, LocalDate bFrom, LocalDate bTo) {
    if (!aFrom.isAfter(bTo) && !bFrom.isAfter(aTo)) {
      return 0;
    }
    return aFrom.isAfter(bTo) ? ChronoUnit.DAYS.between(bTo, aFrom) : ChronoUnit.DAYS.between(aTo, bFrom);
  }

  /** How far {@link #estimateKm} may be from the geodesic distance, as a fraction of it, with room to spare. */
  static final double ESTIMATE_MARGIN = 0.01;
  private static final double WGS84_A_KM = 6378.137;
  private static final double WGS84_E2 = (2 - 1 / 298.257223563) / 298.257223563;

  /**
   * The distance in km between two nearby points on the WGS84 ellipsoid, as on a plane touching it
   * between them (the radii of curvature at their mean latitude): within a thousandth of the
   * geodesic distance for points less than a degree apart away from the poles (DuplicatesTest
   * checks it), which is where duplicates are looked for. NaN elsewhere.
   */
  static double estimateKm(double lon1, double lat1, double lon2, double lat2) {
    double dLon = lon2 - lon1;
    double dLat = lat2 - lat1;
    if (Math.abs(dLon) > 1 || Math.abs(dLat) > 1 || Math.abs(lat1) > 80 || Math.abs(lat2) > 80) {
      return Double.NaN;
    }
    double mean = Math.toRadians((lat1 + lat2) / 2);
    double sin = Math.sin(mean);
    double w = 1 - WGS84_E2 * sin * sin;
    double prime = WGS84_A_KM / Math.sqrt(w);
    double meridian = prime * (1 - WGS84_E2) / w;
    double x = prime * Math.cos(mean) * Math.toRadians(dLon);
    double y = meridian * Math.toRadians(dLat);
    return Math.sqrt(x * x + y * y);
  }

  private static void daysText(StringBuilder out, Nearest.Other o) {
    if (o.date().equals(o.dateEnd())) {
      out.append("on ").append(o.date());
    } else {
      out.append("from ").append(o.date()).append(" to ").append(o.dateEnd());
    }
  }

}
