package org.incidentatlas.editing;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.geo.Geodesic;
import org.incidentatlas.incident.Incident;

/**
 * Flags incidents that may be the same event recorded twice: the same event type, points at most
 * {@link #MAX_KM} km apart (or the same place), and days at most {@link #MAX_DAYS} day apart.
 * Only flagged, never merged by itself: a reviewer decides.
 */
final class Duplicates {
  static final double MAX_KM = 5;
  static final int MAX_DAYS = 1;

  /** A possible duplicate and why it is one. */
  record Candidate(String id, String reason) {}

  private Duplicates() {}

  static List<Candidate> of(Incident incident, Iterable<Incident> others) {
    List<Candidate> out = new ArrayList<>();
    for (Incident other : others) {
      if (other.id().equals(incident.id()) || !other.eventType().equals(incident.eventType())) {
        continue;
      }
      double km = Geodesic.distanceMetres(incident.point().getCoordinate(), other.point().getCoordinate()) / 1000;
      boolean samePlace = incident.placeId() != null && incident.placeId().equals(other.placeId());
      if ((km <= MAX_KM || samePlace) && daysApart(incident, other) <= MAX_DAYS) {
        out.add(new Candidate(other.id(), String.format("%s %s, %.1f km apart%s, %s", other.eventType(),
            daysText(other), km, samePlace ? " (same place: " + other.placeName() + ")" : "",
            daysApart(incident, other) == 0 ? "dates overlap" : "dates a day apart")));
      }
    }
    return out;
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
