package org.incidentatlas.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.Test;

/**
 * An incident's {@code updated}: a record's is when its served version was written; an incident
 * of geodata's is the newest day it names, never before its last day, the same however often it
 * is derived; and the text sorts as the instants do, as the store orders it as text.
 */
class LastChangeTest {
  @Test
  void aRecordIsUpdatedWhenItsServedVersionWasWritten() {
    Incident any = Geodata.read(TestAtlas.GEODATA, new SourceReport()).incidents().get(0);
    assertEquals("2026-03-04T05:06:07.890Z", LastChange.of(Instant.parse("2026-03-04T05:06:07.890123Z"), any));
    assertEquals("2026-03-04T05:06:07.000Z", LastChange.of(Instant.parse("2026-03-04T05:06:07Z"), any));
  }

  @Test
  void anIncidentOfGeodataIsUpdatedOnTheNewestDayItsSourcesAndClaimsName() {
    List<Incident> incidents = Geodata.read(TestAtlas.GEODATA, new SourceReport()).incidents();
    List<Incident> readAgain = Geodata.read(TestAtlas.GEODATA, new SourceReport()).incidents();
    assertFalse(incidents.isEmpty());
    boolean laterThanItsDays = false;
    for (Incident i : incidents) {
      LocalDate updated = LocalDate.parse(LastChange.of(null, i).substring(0, 10));
      assertTrue(LastChange.of(null, i).endsWith("T00:00:00.000Z"), i.id());
      assertFalse(updated.isBefore(i.dateEnd()), i.id());
      List<String> named = new ArrayList<>();
      i.sources().forEach(s -> named.add(s.date()));
      i.fatalities().forEach(c -> named.add(c.madeAt()));
      i.injuries().forEach(c -> named.add(c.madeAt()));
      i.statements().forEach(c -> named.add(c.madeAt()));
      for (String day : named) {
        if (day != null && day.length() == 10) {
          assertFalse(LocalDate.parse(day).isAfter(updated), i.id() + ": " + day + " after " + updated);
        }
      }
      boolean isNamed = updated.equals(i.dateEnd()) || named.contains(updated.toString())
          || named.contains(updated.toString().substring(0, 7)) && updated.getDayOfMonth() == 1;
      assertTrue(isNamed, i.id() + ": " + updated + " is none of " + named);
      laterThanItsDays |= updated.isAfter(i.dateEnd());
      assertEquals(LastChange.of(null, i), LastChange.of(null, readAgain.stream().filter(o -> o.id().equals(i.id()))
          .findFirst().orElseThrow()), i.id());
    }
    assertTrue(laterThanItsDays, "some incident is reported after its last day");
  }

  @Test
  void theTextSortsAsTheInstants() {
    List<Instant> instants = List.of(Instant.parse("2026-12-07T11:51:18Z"), Instant.parse("2026-12-07T11:51:18.123Z"),
        Instant.parse("2026-12-07T11:51:18.1Z"), Instant.parse("2020-07-14T00:00:00Z"), Instant.parse("2026-12-07T11:51:17.999Z"),
        Instant.parse("2026-12-07T09:00:00Z"));
    List<Instant> byText = new ArrayList<>(instants);
    byText.sort(Comparator.comparing(LastChange.FORMAT::format));
    List<Instant> byTime = new ArrayList<>(instants);
    byTime.sort(null);
    assertEquals(byTime, byText);
  }
}
