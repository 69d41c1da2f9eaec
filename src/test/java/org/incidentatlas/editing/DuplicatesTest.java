package org.incidentatlas.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.incident.Incident;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

class DuplicatesTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();
  private static final LocalDate DAY = LocalDate.of(2020, 7, 14);

  private static Incident shelling(String id, LocalDate date, double lon, String type) {
    return new Incident(id, date, date, "day", type, type, "p:" + id, "Place " + id, "AZ", "Tovuz District", null,
        "near", 2000, GEOMETRY.createPoint(new Coordinate(lon, 40.9)), List.of(), List.of(), List.of(), List.of(), "");
  }

  @Test
  void aLongRecordListsTheClosestAndCountsTheRest() {
    Incident record = shelling("NEW", DAY, 45.60, "shelling");
    List<Incident> others = new ArrayList<>();
    // 30 candidates: a day apart and close, the same day and farther and farther away.
    for (int i = 0; i < 15; i++) {
      others.add(shelling("DAY-" + i, DAY.plusDays(1), 45.60 + i * 0.001, "shelling"));
      others.add(shelling("SAME-" + i, DAY, 45.60 + i * 0.002, "shelling"));
    }
    others.add(shelling("FAR", DAY, 45.70, "shelling"));        // about 8.4 km
    others.add(shelling("LATER", DAY.plusDays(2), 45.60, "shelling"));
    others.add(shelling("CLASH", DAY, 45.60, "armed_clash"));
    others.add(shelling("NEW", DAY, 45.60, "shelling"));        // the record itself

    Duplicates.Found found = Duplicates.of(record, others);

    assertEquals(30, found.total());
    assertEquals(Duplicates.MAX_LISTED, found.nearest().size());
    List<String> ids = found.nearest().stream().map(Duplicates.Candidate::id).toList();
    // Same day first, nearest first; then the closest of those a day apart.
    for (int i = 0; i < 15; i++) {
      assertEquals("SAME-" + i, ids.get(i), ids.toString());
    }
    assertEquals(List.of("DAY-0", "DAY-1", "DAY-2", "DAY-3", "DAY-4"), ids.subList(15, 20));
    assertTrue(found.nearest().get(16).reason().contains("dates a day apart"), found.nearest().get(16).reason());
    assertTrue(found.nearest().get(1).reason().contains("0.2 km apart"), found.nearest().get(1).reason());
  }

  @Test
  void distancesAreWrittenAsFormatWritesThem() {
    java.util.Random random = new java.util.Random(7);
    List<Double> kms = new ArrayList<>(List.of(0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.45, 4.95, 4.99999, 5.0,
        1e-9, 0.049999999999999996, 123.45, 0.1 + 0.2));
    for (int i = 0; i < 20_000; i++) {
      kms.add(random.nextDouble() * 6);
      kms.add(Math.round(random.nextDouble() * 600) / 100.0 + 0.005);
    }
    for (double km : kms) {
      assertEquals(String.format(java.util.Locale.ROOT, "%.1f", km), Duplicates.oneDecimal(km), Double.toString(km));
    }
  }

  @Test
  void aReasonNamesTheTypeTheDaysTheDistanceAndThePlace() {
    Incident record = shelling("NEW", DAY, 45.60, "shelling");
    Incident range = new Incident("R", DAY, DAY.plusDays(2), "range", "shelling", "shelling", "p:NEW", "Place NEW", "AZ",
        "Tovuz District", null, "near", 2000, GEOMETRY.createPoint(new Coordinate(45.61, 40.9)), List.of(), List.of(),
        List.of(), List.of(), "");
    List<String> reasons = Duplicates.of(record, List.of(range, shelling("D", DAY.plusDays(1), 45.6, "shelling")))
        .nearest().stream().map(Duplicates.Candidate::reason).toList();
    assertEquals(List.of("shelling from 2020-07-14 to 2020-07-16, 0.8 km apart (same place: Place NEW), dates overlap",
        "shelling on 2020-07-15, 0.0 km apart, dates a day apart"), reasons);
  }

  @Test
  void theEstimateOfADistanceIsWithinAThousandthOfTheGeodesicOne() {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 50_000; i++) {
      double lon = random.nextDouble() * 360 - 180;
      double lat = random.nextDouble() * 160 - 80;
      double scale = Math.pow(10, -random.nextInt(5));
      double lon2 = lon + (random.nextDouble() * 2 - 1) * scale;
      double lat2 = Math.max(-80, Math.min(80, lat + (random.nextDouble() * 2 - 1) * scale));
      double exact = org.incidentatlas.geo.Geodesic.distanceMetres(new Coordinate(lon, lat), new Coordinate(lon2, lat2)) / 1000;
      double estimate = Duplicates.estimateKm(lon, lat, lon2, lat2);
      assertTrue(Math.abs(estimate - exact) <= exact / 1000 + 1e-9, lon + " " + lat + " " + lon2 + " " + lat2 + ": " + estimate
          + " against " + exact);
    }
    assertTrue(Double.isNaN(Duplicates.estimateKm(179.9, 10, -179.9, 10)));
    assertTrue(Double.isNaN(Duplicates.estimateKm(10, 85, 10.1, 85)));
  }

  @Test
  void theCandidatesAreThoseEveryDistanceWorkedOutGives() {
    java.util.Random random = new java.util.Random(3);
    for (int round = 0; round < 200; round++) {
      Incident record = shelling("NEW", DAY, 45.60, "shelling");
      List<Incident> others = new ArrayList<>();
      for (int i = 0, n = random.nextInt(300); i < n; i++) {
        // Within some 8 km and 3 days, at the record's place now and then, often at the same points.
        double lon = 45.60 + (random.nextInt(4) == 0 ? random.nextInt(5) * 0.01 : (random.nextDouble() * 2 - 1) * 0.1);
        LocalDate day = DAY.plusDays(random.nextInt(7) - 3);
        Incident other = shelling("C-" + i, day, lon, random.nextInt(10) == 0 ? "armed_clash" : "shelling");
        if (random.nextInt(8) == 0) {
          other = new Incident(other.id(), day, day.plusDays(random.nextInt(3)), "range", other.eventType(), other.subType(),
              record.placeId(), record.placeName(), "AZ", null, null, "near", 2000, other.point(), List.of(), List.of(),
              List.of(), List.of(), "");
        }
        others.add(other);
      }
      assertEquals(everyDistance(record, others), Duplicates.of(record, others), "round " + round);
    }
  }

  /** The candidates as found before estimates: every distance worked out, all candidates sorted. */
  private static Duplicates.Found everyDistance(Incident record, List<Incident> others) {
    record Near(Incident other, long days, double km, boolean samePlace) {}
    List<Near> all = new ArrayList<>();
    for (Incident o : others) {
      if (o.id().equals(record.id()) || !o.eventType().equals(record.eventType())) {
        continue;
      }
      long days = record.date().isAfter(o.dateEnd()) ? java.time.temporal.ChronoUnit.DAYS.between(o.dateEnd(), record.date())
          : o.date().isAfter(record.dateEnd()) ? java.time.temporal.ChronoUnit.DAYS.between(record.dateEnd(), o.date()) : 0;
      double km = org.incidentatlas.geo.Geodesic.distanceMetres(record.point().getCoordinate(), o.point().getCoordinate()) / 1000;
      boolean samePlace = record.placeId().equals(o.placeId());
      if (days <= Duplicates.MAX_DAYS && (km <= Duplicates.MAX_KM || samePlace)) {
        all.add(new Near(o, days, km, samePlace));
      }
    }
    all.sort(java.util.Comparator.comparingLong(Near::days).thenComparingDouble(Near::km).thenComparing(n -> n.other().id()));
    List<Duplicates.Candidate> listed = all.stream().limit(Duplicates.MAX_LISTED).map(n -> new Duplicates.Candidate(n.other().id(),
        String.format(java.util.Locale.ROOT, "%s %s, %.1f km apart%s, %s", n.other().eventType(),
            n.other().date().equals(n.other().dateEnd()) ? "on " + n.other().date() : "from " + n.other().date() + " to "
                + n.other().dateEnd(), n.km(), n.samePlace() ? " (same place: " + n.other().placeName() + ")" : "",
            n.days() == 0 ? "dates overlap" : "dates a day apart"))).toList();
    return new Duplicates.Found(listed, all.size());
  }
}
