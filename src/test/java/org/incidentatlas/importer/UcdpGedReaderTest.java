package org.incidentatlas.importer;

import static org.incidentatlas.importer.Fixtures.assertProblem;
import static org.incidentatlas.importer.Fixtures.byId;
import static org.incidentatlas.importer.Fixtures.props;
import static org.incidentatlas.importer.Fixtures.row;
import static org.incidentatlas.importer.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UcdpGedReaderTest {
  private static final Path GOOD = Fixtures.file("ucdp-ged-tovuz-2020.csv");
  private static final Path BROKEN = Fixtures.file("ucdp-broken.csv");

  @Test
  void everyRowOfTheFileIsMappedFromItsOwnCells() throws IOException {
    List<ImportResult> results = Fixtures.read(ImportFormat.UCDP_GED, GOOD);
    List<Map<String, String>> cells = Fixtures.cells(GOOD);
    assertEquals(cells.size(), results.size());
    for (int i = 0; i < cells.size(); i++) {
      Map<String, String> c = cells.get(i);
      ImportRow r = row(results.get(i));
      JsonNode p = props(r);
      String id = c.get("id");
      assertEquals("ucdp", r.dataset());
      assertEquals(id, r.externalId());
      assertEquals(i + 2, r.line(), "one line per row");
      JsonNode xy = r.feature().at("/geometry/coordinates");
      assertEquals(Double.parseDouble(c.get("longitude")), xy.get(0).asDouble(), 0, id);
      assertEquals(Double.parseDouble(c.get("latitude")), xy.get(1).asDouble(), 0, id);
      assertEquals(c.get("date_start").substring(0, 10), p.get("date").asText(), id);
      assertEquals(c.get("date_end").substring(0, 10), p.get("date_end").asText(), id);
      assertEquals(c.get("where_coordinates"), p.get("place_name").asText(), id);
      assertEquals(c.get("adm_1"), p.get("admin1").asText(), id);
      assertEquals(c.get("country").equals("Armenia") ? "AM" : "AZ", p.get("country").asText(), id);
      assertEquals("armed_clash", p.get("event_type").asText(), id);
      assertEquals(List.of(c.get("side_a"), c.get("side_b")), texts(p.get("actors"), "name"));
      assertEquals(List.of("actor1", "actor2"), texts(p.get("actors"), "role"));
      assertTrue(p.get("notes").asText().startsWith(c.get("where_description").replaceAll("\\.$", "")), id);
      assertTrue(p.get("notes").asText().contains(
          "best " + c.get("best") + ", low " + c.get("low") + ", high " + c.get("high")), id);

      JsonNode ged = p.at("/sources/0");
      assertEquals("UCDP GED", ged.get("publisher").asText());
      assertEquals(c.get("date_end").substring(0, 10), ged.get("date").asText());

      JsonNode f = p.get("fatalities");
      assertEquals(List.of("military", "military", "civilian", "unknown"), texts(f, "group"));
      int[] counts = {Integer.parseInt(c.get("deaths_a")), Integer.parseInt(c.get("deaths_b")),
          Integer.parseInt(c.get("deaths_civilians")), Integer.parseInt(c.get("deaths_unknown"))};
      for (int k = 0; k < 4; k++) {
        assertEquals(counts[k], f.get(k).get("count").asInt(), id + " claim " + k);
        assertEquals("UCDP GED", f.get(k).get("claimed_by").asText());
        assertEquals(ged.get("id").asText(), f.get(k).get("source").asText());
        assertFalse(f.get(k).has("low") || f.get(k).has("high"), "GED's range is not split by side");
      }
      assertEquals(Integer.parseInt(c.get("best")), java.util.stream.IntStream.of(counts).sum());
    }
  }

  @Test
  void theSidesOfTheDeadFollowSideAAndSideB() {
    List<ImportResult> results = Fixtures.read(ImportFormat.UCDP_GED, GOOD);
    JsonNode usual = props(byId(results, "9000001")).get("fatalities");
    assertEquals(List.of("AZ", "AM", "unknown", "unknown"), texts(usual, "side"));
    JsonNode reversed = props(byId(results, "9000005")).get("fatalities");
    assertEquals(List.of("AM", "AZ", "unknown", "unknown"), texts(reversed, "side"));
  }

  @Test
  void datePrecisionAndWherePrecisionFollowTheTables() {
    List<ImportResult> results = Fixtures.read(ImportFormat.UCDP_GED, GOOD);
    JsonNode day = props(byId(results, "9000001"));
    assertEquals("day", day.get("date_precision").asText());
    assertEquals("near", day.get("location_precision").asText());
    assertEquals(25000, day.get("uncertainty_m").asInt());
    JsonNode range = props(byId(results, "9000002"));
    assertEquals("range", range.get("date_precision").asText());
    assertEquals("exact", range.get("location_precision").asText());
    assertEquals(2000, range.get("uncertainty_m").asInt());
    JsonNode month = props(byId(results, "9000004"));
    assertEquals("month", month.get("date_precision").asText());
    assertEquals("district", month.get("location_precision").asText());
    assertEquals(25000, month.get("uncertainty_m").asInt());
    assertTrue(month.get("notes").asText().contains("event_clarity 2"));
  }

  @Test
  void eachReportGedListsIsASourceWithItsDateAndHeadline() {
    List<ImportResult> results = Fixtures.read(ImportFormat.UCDP_GED, GOOD);
    JsonNode two = props(byId(results, "9000001")).get("sources");
    assertEquals(List.of("UCDP GED", "Example Agency Baku", "Example Wire"), texts(two, "publisher"));
    assertEquals(List.of("2020-07-12", "2020-07-13", "2020-07-13"), texts(two, "date"));
    assertEquals("Border clash in the Tovuz direction", two.at("/1/quote").asText());
    assertEquals("verbatim", two.at("/1/quote_type").asText());

    JsonNode misaligned = props(byId(results, "9000003")).get("sources");
    assertEquals(java.util.Arrays.asList("2020-07-14", null, null), texts(misaligned, "date"),
        "one date for two reports: it is not known whose it is");
    assertFalse(misaligned.get(1).has("quote"));
    assertEquals("und", misaligned.get(1).get("language").asText());

    JsonNode fromArticle = props(byId(results, "9000004")).get("sources");
    assertEquals("Example Wire, 2020-07-31, 'Villages on the border count the damage'", fromArticle.at("/1/publisher").asText());
    assertNull(fromArticle.get(2));
  }

  @Test
  void everyBrokenRowIsReportedWithItsLineAndColumnAndReadingGoesOn() {
    List<ImportResult> r = Fixtures.read(ImportFormat.UCDP_GED, BROKEN);
    assertEquals(10, r.size());
    assertEquals("9100001", row(r.get(0)).externalId());
    assertProblem(r.get(1), 3, "type_of_violence 3 (one-sided violence) is not recorded");
    assertProblem(r.get(2), 4, "date_start '2020-07-xx' is not a date");
    assertProblem(r.get(3), 5, "latitude is empty");
    assertProblem(r.get(4), 6, "deaths_b 'two' is not a whole number");
    assertProblem(r.get(5), 7, "id is empty");
    assertProblem(r.get(6), 8, "best 5 is not the sum of deaths_a, deaths_b, deaths_civilians and deaths_unknown (3)");
    assertProblem(r.get(7), 9, "has 40 columns, the header has 49");
    assertProblem(r.get(8), 10, "where_prec '9' is not a code from 1 to 7");
    assertEquals("9100010", row(r.get(9)).externalId());
    assertEquals(11, r.get(9).line());
  }
}
