package org.incidentatlas.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.incidentatlas.message.MessageKey;
import org.junit.jupiter.api.Test;

class AcledCodingTest {
  private static final String RECORD = """
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.556, 40.905]},
       "properties": {"date": "2020-07-16", "event_type": "disrupted_weapons_use", "sub_type": "drone_shot_down",
         "sources": [{"id": "S1", "publisher": "P", "language": "en"}]}}
      """;

  @Test
  void everyEventTypeHasAGenericSubTypeAndEveryCodedSubTypeAnAcledPair() {
    for (String eventType : Incident.EVENT_TYPES) {
      AcledCoding generic = AcledCoding.ofSubType(eventType);
      assertNotNull(generic, eventType + " has no generic sub-type");
      assertEquals(eventType, generic.eventType());
      assertEquals(generic, AcledCoding.of(eventType, null));
    }
    for (AcledCoding c : AcledCoding.values()) {
      assertTrue(Incident.EVENT_TYPES.contains(c.eventType()), c + " belongs to an event type the atlas lacks");
      assertFalse(c.acledEventType().isBlank(), c.toString());
      assertFalse(c.acledSubEventType().isBlank(), c.toString());
      assertEquals(c, AcledCoding.of(c.eventType(), c.subType()));
    }
  }

  @Test
  void everySubTypeOfTheSourceDataHasTheAcledPairOfItsOwnCoding() throws IOException {
    JsonNode features = IncidentJson.JSON.readTree(Files.readString(Path.of("geodata", "incidents.geojson"))).get("features");
    assertTrue(features.size() > 0);
    for (JsonNode f : features) {
      JsonNode p = f.get("properties");
      String subType = p.get("sub_type").asText();
      AcledCoding c = AcledCoding.of(p.get("event_type").asText(), subType);
      assertNotNull(c, f.get("id").asText());
      assertEquals(subType, c.subType(), f.get("id") + ": " + subType + " is not coded under " + p.get("event_type"));
    }
  }

  @Test
  void acledCodesADroneShotDownAsDisruptedWeaponsUseAndNotAsAStrike() {
    AcledCoding shotDown = AcledCoding.of("disrupted_weapons_use", "drone_shot_down");
    assertEquals("Strategic developments", shotDown.acledEventType());
    assertEquals("Disrupted weapons use", shotDown.acledSubEventType());
    AcledCoding strike = AcledCoding.of("drone_strike", "drone_strike");
    assertEquals("Explosions/Remote violence", strike.acledEventType());
    assertEquals("Air/drone strike", strike.acledSubEventType());
    assertEquals("Battles", AcledCoding.of("armed_clash", "armed_clash").acledEventType());
    assertEquals("Shelling/artillery/missile attack", AcledCoding.of("shelling", "mortar_shelling").acledSubEventType());
  }

  @Test
  void aSubTypeTheAtlasDoesNotCodeReadsAsItsEventTypesGenericOne() {
    assertEquals(AcledCoding.SHELLING, AcledCoding.of("shelling", "Shelling/artillery/missile attack"));
    assertEquals(AcledCoding.ARMED_CLASH, AcledCoding.of("armed_clash", "state-based conflict (UCDP GED)"));
    assertNull(AcledCoding.of("protest", "peaceful protest"));
  }

  @Test
  void aDroneShotDownIsValidOnlyUnderDisruptedWeaponsUse() throws IOException {
    Incident ok = IncidentJson.parse(record("disrupted_weapons_use", "drone_shot_down"), "T-1");
    assertEquals("drone_shot_down", ok.subType());
    InvalidRecord wrong = assertThrows(InvalidRecord.class, () -> IncidentJson.parse(record("drone_strike", "drone_shot_down"), "T-1"));
    assertEquals(1, wrong.errors().size(), wrong.errors().toString());
    FieldError error = wrong.errors().get(0);
    assertEquals("properties.sub_type", error.field());
    assertEquals(MessageKey.RECORD_SUB_TYPE_OF_OTHER_EVENT.key(), error.key());
    assertEquals("disrupted_weapons_use", error.params().get("belongsTo"));
    assertTrue(error.message().contains("drone_shot_down"), error.message());
    // The other way round too, and a sub-type in free words stays the record's own.
    assertThrows(InvalidRecord.class, () -> IncidentJson.parse(record("disrupted_weapons_use", "artillery_shelling"), "T-1"));
    assertEquals("UAV downed", IncidentJson.parse(record("disrupted_weapons_use", "UAV downed"), "T-1").subType());
    for (String type : List.of("armed_clash", "shelling", "drone_strike", "disrupted_weapons_use")) {
      assertEquals(type, IncidentJson.parse(record(type, null), "T-1").subType());
    }
  }

  private static ObjectNode record(String eventType, String subType) throws IOException {
    ObjectNode f = (ObjectNode) IncidentJson.JSON.readTree(RECORD);
    ObjectNode p = (ObjectNode) f.get("properties");
    p.put("event_type", eventType);
    if (subType == null) {
      p.remove("sub_type");
    } else {
      p.put("sub_type", subType);
    }
    return f;
  }
}
