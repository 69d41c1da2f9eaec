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
}
