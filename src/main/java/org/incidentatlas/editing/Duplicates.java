package org.incidentatlas.editing;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

  private Duplicates() {}

  static Found of(Incident incident, Iterable<Incident> others) {
    record Near(Candidate candidate, long days, double km) {}
    List<Near> near = new ArrayList<>();
    for (Incident other : others) {
      if (other.id().equals(incident.id()) || !other.eventType().equals(incident.eventType())) {
        continue;
      }
      double km = Geodesic.distanceMetres(incident.point().getCoordinate(), other.point().getCoordinate()) / 1000;
      boolean samePlace = incident.placeId() != null && incident.placeId().equals(other.placeId());
      long days = daysApart(incident, other);
      if ((km <= MAX_KM || samePlace) && days <= MAX_DAYS) {
        near.add(new Near(new Candidate(other.id(), String.format(Locale.ROOT, "%s %s, %.1f km apart%s, %s",
            other.eventType(), daysText(other), km, samePlace ? " (same place: " + other.placeName() + ")" : "",
            days == 0 ? "dates overlap" : "dates a day apart")), days, km));
      }
    }
    near.sort(Comparator.comparingLong(Near::days).thenComparingDouble(Near::km).thenComparing(n -> n.candidate().id()));
    return new Found(near.stream().limit(MAX_LISTED).map(Near::candidate).toList(), near.size());
  }

  private static long daysApart(Incident a, Incident b) {
    if (!a.date().isAfter(b.dateEnd()) && !b.date().isAfter(a.dateEnd())) {
      return 0;
    }
    return a.date().isAfter(b.dateEnd()) ? ChronoUnit.DAYS.between(b.dateEnd(), a.date())
        : ChronoUnit.DAYS.between(a.dateEnd(), b.date());
  }

  private static String daysText(Incident i) {
    return i.date().equals(i.dateEnd()) ? "on " + i.date() : "from " + i.date() + " to " + i.dateEnd();
  }
}
