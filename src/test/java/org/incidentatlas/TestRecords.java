package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** New incident records and changes to them, as the tests that write send them; each a fresh copy to change further. */
public final class TestRecords {
  private TestRecords() {}

  /**
   * A new shelling record at a settlement as the API serves it, located near it within 2,000 m:
   * one source (S1), quoted, which reports one civilian killed on the settlement's side.
   */
  public static ObjectNode shelling(JsonNode settlement, String date) {
    ObjectNode f = TestAtlas.JSON.createObjectNode().put("type", "Feature");
    f.putObject("geometry").put("type", "Point").putArray("coordinates")
        .add(settlement.at("/geometry/coordinates/0").asDouble()).add(settlement.at("/geometry/coordinates/1").asDouble());
    ObjectNode p = f.putObject("properties");
    p.put("date", date).put("event_type", "shelling").put("place_id", settlement.get("id").asText())
        .put("location_precision", "near").put("uncertainty_m", 2000);
    p.putArray("sources").addObject().put("id", "S1").put("publisher", "Example Agency").put("date", date)
        .put("url", "https://example.org/report").put("language", "en").put("quote", "The village came under artillery fire.")
        .put("quote_type", "verbatim");
    p.putArray("fatalities").addObject().put("group", "civilian").put("side", settlement.at("/properties/country").asText())
        .put("count", 1).put("claimed_by", "Ministry of Defence").put("source", "S1");
    return f;
  }

  /**
   * A new armed clash in Azerbaijan, at one fixed point near the border, with one source: for
   * tests that need records to exist rather than any particular record.
   */
  public static ObjectNode clash(String date, String notes) {
    ObjectNode f = TestAtlas.JSON.createObjectNode().put("type", "Feature");
    f.putObject("geometry").put("type", "Point").putArray("coordinates").add(45.62).add(40.95);
    ObjectNode p = f.putObject("properties").put("date", date).put("event_type", "armed_clash")
        .put("country", "AZ").put("notes", notes);
    p.putArray("sources").addObject().put("id", "S1").put("publisher", "Example Agency").put("language", "en");
    return f;
  }

  /** A merge patch that changes the notes only. */
  public static ObjectNode notes(String text) {
    ObjectNode patch = TestAtlas.JSON.createObjectNode();
    patch.putObject("properties").put("notes", text);
    return patch;
  }
}
