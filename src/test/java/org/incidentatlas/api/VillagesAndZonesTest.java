package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.TreeSet;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;

/**
 * A shelled village and an exposure zone count their incidents and list none: the incidents are
 * those the incidents layer selects by {@code place_id} and {@code event_type}, or by
 * {@code exposure_zone}, and the counts and days agree with what it selects.
 */
class VillagesAndZonesTest {
  private final TestAtlas atlas = TestAtlas.shared();

  private JsonNode incidents(String query) {
    return atlas.json("/api/collections/incidents/items?limit=10000" + (query.isEmpty() ? "" : "&" + query));
  }

  /** No property of the feature is a list of incident ids, which would grow with the records. */
  private void listsNoIncidents(JsonNode feature) {
    TreeSet<String> incidentIds = new TreeSet<>(atlas.ids("incidents"));
    for (Iterator<JsonNode> values = feature.get("properties").elements(); values.hasNext(); ) {
      JsonNode v = values.next();
      if (v.isArray()) {
        v.forEach(item -> assertFalse(item.isTextual() && incidentIds.contains(item.asText()),
            feature.get("id").asText() + " lists incident " + item));
      }
    }
  }

  @Test
  void aVillageCountsTheShellingsPlacedThereAndTheirDays() {
    JsonNode villages = atlas.json("/api/collections/shelled_villages/items?limit=1000").get("features");
    assertTrue(villages.size() > 0);
    for (JsonNode v : villages) {
      JsonNode p = v.get("properties");
      JsonNode shellings = incidents("event_type=shelling&place_id=" + java.net.URLEncoder.encode(p.get("settlement_id").asText(), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(shellings.get("numberMatched").asLong(), p.get("shelling_incidents").asLong(), v.get("id").asText());
      TreeSet<String> days = new TreeSet<>();
      shellings.get("features").forEach(f -> {
        days.add(f.at("/properties/date").asText());
        days.add(f.at("/properties/date_end").asText());
      });
      assertEquals(days.first(), p.get("first_date").asText(), v.get("id").asText());
      assertEquals(days.last(), p.get("last_date").asText(), v.get("id").asText());
      listsNoIncidents(v);
    }
  }

  @Test
  void aZoneCountsTheIncidentsThatNameIt() {
    JsonNode zones = atlas.json("/api/collections/exposure_zones/items").get("features");
    assertEquals(6, zones.size());
    long inZones = 0;
    for (JsonNode z : zones) {
      long count = incidents("exposure_zone=" + z.get("id").asText()).get("numberMatched").asLong();
      assertEquals(count, z.at("/properties/incident_count").asLong(), z.get("id").asText());
      inZones += count;
      listsNoIncidents(z);
    }
    assertTrue(inZones > 0, "some incident lies in a zone");
    // Every incident names at most one zone, and one beyond them all names none.
    JsonNode all = incidents("");
    long named = 0;
    for (JsonNode f : all.get("features")) {
      JsonNode zone = f.at("/properties/exposure_zone");
      if (!zone.isNull()) {
        named++;
        double km = f.at("/properties/border_distance_km").asDouble();
        assertTrue(km <= 20.1, f.get("id").asText() + " at " + km + " km names " + zone);
      }
    }
    assertEquals(inZones, named);
  }
}
