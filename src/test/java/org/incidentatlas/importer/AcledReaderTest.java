package org.incidentatlas.importer;

import static org.incidentatlas.importer.Fixtures.assertProblem;
import static org.incidentatlas.importer.Fixtures.byId;
import static org.incidentatlas.importer.Fixtures.props;
import static org.incidentatlas.importer.Fixtures.row;
import static org.incidentatlas.importer.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.incidentatlas.incident.AcledCoding;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcledReaderTest {
  private static final Path GOOD = Fixtures.file("acled-tovuz-2020.csv");
  private static final Path BROKEN = Fixtures.file("acled-broken.csv");

  @TempDir
  Path dir;

  @Test
  void everyRowOfTheExportIsMappedFromItsOwnCells() throws IOException {
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, GOOD);
    List<Map<String, String>> cells = Fixtures.cells(GOOD);
    assertEquals(cells.size(), results.size());
    for (int i = 0; i < cells.size(); i++) {
      Map<String, String> c = cells.get(i);
      ImportRow r = row(results.get(i));
      JsonNode p = props(r);
      String id = c.get("event_id_cnty");
      assertEquals(GOOD.toString(), r.file());
      assertEquals("acled", r.dataset());
      assertEquals(id, r.externalId());
      assertEquals("Feature", r.feature().get("type").asText());
      JsonNode xy = r.feature().at("/geometry/coordinates");
      assertEquals(Double.parseDouble(c.get("longitude")), xy.get(0).asDouble(), 0, id);
      assertEquals(Double.parseDouble(c.get("latitude")), xy.get(1).asDouble(), 0, id);
      assertEquals(c.get("location"), p.get("place_name").asText(), id);
      assertEquals(c.get("sub_event_type"), p.get("sub_type").asText(), id);
      assertEquals(c.get("country").equals("Armenia") ? "AM" : "AZ", p.get("country").asText(), id);
      assertEquals(c.get("admin1"), p.get("admin1").asText(), id);
      assertEquals(c.get("admin2").isEmpty(), p.get("admin2") == null, id);
      assertEquals(c.get("actor1"), p.at("/actors/0/name").asText(), id);
      assertEquals(c.get("notes"), p.get("notes").asText(), id);

      JsonNode acled = p.at("/sources/0");
      assertEquals("ACLED", acled.get("publisher").asText());
      assertEquals(c.get("notes"), acled.get("quote").asText(), id);
      assertEquals("paraphrase", acled.get("quote_type").asText());
      List<String> publishers = new ArrayList<>(new LinkedHashSet<>(
          List.of(c.get("source").split(";")).stream().map(String::trim).toList()));
      assertEquals(publishers, texts(p.get("sources"), "publisher").subList(1, p.get("sources").size()), id);

      JsonNode claim = p.at("/fatalities/0");
      assertEquals(1, p.get("fatalities").size());
      assertEquals(Integer.parseInt(c.get("fatalities")), claim.get("count").asInt(), id);
      assertEquals("unknown", claim.get("group").asText());
      assertEquals("unknown", claim.get("side").asText());
      assertEquals("ACLED", claim.get("claimed_by").asText());
      assertEquals(acled.get("id").asText(), claim.get("source").asText());
      assertFalse(p.has("claims"), "actor order says nothing about who fired: no responsibility claims");
    }
  }

  @Test
  void rowsAreLocatedByTheLineTheyStartOnEvenAfterANoteOfTwoLines() {
    List<Long> lines = Fixtures.read(ImportFormat.ACLED, GOOD).stream().map(ImportResult::line).toList();
    assertEquals(List.of(2L, 3L, 5L, 6L, 7L, 8L), lines);
  }

  @Test
  void battlesShellingAndDroneStrikesBecomeTheAtlasEventTypes() {
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, GOOD);
    assertEquals("armed_clash", props(byId(results, "AZE9101")).get("event_type").asText());
    assertEquals("shelling", props(byId(results, "ARM9102")).get("event_type").asText());
    assertEquals("drone_strike", props(byId(results, "ARM9104")).get("event_type").asText());
  }

  @Test
  void disruptedWeaponsUseIsItsOwnEventTypeAndADroneShotDownIsToldByTheNotes() throws IOException {
    Path file = Fixtures.file("acled-disrupted-weapons.csv");
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, file);
    assertEquals(Fixtures.cells(file).size(), results.size());
    JsonNode drone = props(byId(results, "AZE9107"));
    assertTrue(cell(file, "AZE9107", "notes").contains("UAV"));
    assertEquals("disrupted_weapons_use", drone.get("event_type").asText());
    assertEquals("drone_shot_down", drone.get("sub_type").asText());
    JsonNode shell = props(byId(results, "ARM9108"));
    assertFalse(cell(file, "ARM9108", "notes").toLowerCase(java.util.Locale.ROOT).contains("drone"));
    assertEquals("disrupted_weapons_use", shell.get("event_type").asText());
    assertEquals("disrupted_weapons_use", shell.get("sub_type").asText());
    for (ImportResult r : results) {
      Incident parsed = IncidentJson.parse(row(r).feature(), "x");
      AcledCoding coding = AcledCoding.of(parsed.eventType(), parsed.subType());
      assertEquals(cell(file, row(r).externalId(), "event_type"), coding.acledEventType());
      assertEquals(cell(file, row(r).externalId(), "sub_event_type"), coding.acledSubEventType());
    }
  }

  @Test
  void aDayCodedToTheWeekBecomesTheWeekAroundItAndAMonthCodedDayTheWholeMonth() throws IOException {
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, GOOD);
    JsonNode week = props(byId(results, "ARM9105"));
    LocalDate coded = LocalDate.of(2020, 7, 15); // the cell says "15 July 2020"
    assertEquals(coded.minusDays(3).toString(), week.get("date").asText());
    assertEquals(coded.plusDays(3).toString(), week.get("date_end").asText());
    assertEquals("range", week.get("date_precision").asText());

    JsonNode month = props(byId(results, "AZE9106"));
    assertEquals("2020-07-01", month.get("date").asText());
    assertEquals("2020-07-31", month.get("date_end").asText());
    assertEquals("month", month.get("date_precision").asText());

    JsonNode day = props(byId(results, "AZE9101"));
    assertEquals(cell("AZE9101", "event_date"), day.get("date").asText());
    assertEquals(day.get("date").asText(), day.get("date_end").asText());
    assertEquals("day", day.get("date_precision").asText());
  }

  @Test
  void geoPrecisionGivesLocationPrecisionAndRadius() {
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, GOOD);
    JsonNode exact = props(byId(results, "ARM9102"));
    JsonNode near = props(byId(results, "AZE9101"));
    JsonNode district = props(byId(results, "AZE9106"));
    assertEquals("exact", exact.get("location_precision").asText());
    assertEquals(2000, exact.get("uncertainty_m").asInt());
    assertEquals("near", near.get("location_precision").asText());
    assertEquals(10000, near.get("uncertainty_m").asInt());
    assertEquals("district", district.get("location_precision").asText());
    assertEquals(25000, district.get("uncertainty_m").asInt());
  }

  @Test
  void actorsGetASideOnlyWhenTheyNameAStatesForces() {
    JsonNode actors = props(byId(Fixtures.read(ImportFormat.ACLED, GOOD), "ARM9105")).get("actors");
    assertEquals(List.of("Military Forces of Azerbaijan (2003-)", "Civilians (Armenia)", "Farmers (Armenia)"),
        texts(actors, "name"));
    assertEquals(java.util.Arrays.asList("AZ", null, null), texts(actors, "side"));
    assertEquals(List.of("actor1", "actor2", "actor2"), texts(actors, "role"));
  }

  @Test
  void acledIsDatedByItsTimestampAndTheReportsItCitesAreNotDatedAtAll() throws IOException {
    List<ImportResult> results = Fixtures.read(ImportFormat.ACLED, GOOD);
    JsonNode p = props(byId(results, "AZE9101"));
    String stamped = Instant.ofEpochSecond(Long.parseLong(cell("AZE9101", "timestamp")))
        .atZone(ZoneOffset.UTC).toLocalDate().toString();
    assertEquals(stamped, p.at("/sources/0/date").asText());
    assertEquals(stamped, p.at("/fatalities/0/made_at").asText());
    assertEquals("en", p.at("/sources/0/language").asText());
    JsonNode cited = p.at("/sources/1");
    assertEquals("S2", cited.get("id").asText());
    assertTrue(cited.get("date").isNull() && cited.get("language").asText().equals("und") && cited.get("url").isNull());
    assertFalse(cited.has("quote"));

    assertEquals("2020-07-23", props(byId(results, "ARM9104")).at("/sources/0/date").asText(),
        "a timestamp written as a date and time");
    JsonNode unstamped = props(byId(results, "AZE9106"));
    assertEquals(cell("AZE9106", "event_date"), unstamped.at("/sources/0/date").asText());
    assertNull(unstamped.at("/fatalities/0").get("made_at"));
  }

  @Test
  void aPublisherNamedTwiceIsOneSource() {
    JsonNode sources = props(byId(Fixtures.read(ImportFormat.ACLED, GOOD), "AZE9103")).get("sources");
    assertEquals(List.of("ACLED", "Example Agency Baku", "Example Wire"), texts(sources, "publisher"));
    assertEquals(List.of("S1", "S2", "S3"), texts(sources, "id"));
  }

  @Test
  void everyBrokenRowIsReportedWithItsLineAndColumnAndReadingGoesOn() {
    List<ImportResult> r = Fixtures.read(ImportFormat.ACLED, BROKEN);
    assertEquals(9, r.size());
    assertEquals("AZE9201", row(r.get(0)).externalId());
    assertEquals(2, r.get(0).line());
    assertProblem(r.get(1), 4, "event_date '2020-07-32' is not a date");
    assertProblem(r.get(2), 5, "latitude is empty", "longitude is empty");
    assertProblem(r.get(3), 6, "event_type 'Protests'", "sub_event_type 'Peaceful protest'", "not recorded by the atlas");
    assertProblem(r.get(4), 7, "fatalities 'several' is not a whole number");
    assertProblem(r.get(5), 8, "has 25 columns, the header has 31");
    assertProblem(r.get(6), 9, "event_id_cnty is empty");
    assertProblem(r.get(7), 10, "longitude '45,6194' is not a number", "geo_precision '5' is not a code from 1 to 3");
    assertEquals("AZE9209", row(r.get(8)).externalId());
    assertEquals(11, r.get(8).line());
    assertEquals(BROKEN.toString(), r.get(1).file());
  }

  @Test
  void aCountryOtherThanArmeniaOrAzerbaijanIsReported() throws IOException {
    List<String> lines = Files.readAllLines(GOOD);
    Path file = dir.resolve("georgia.csv");
    Files.write(file, List.of(lines.get(0), lines.get(1).replace(",31,", ",268,").replace("Azerbaijan,Tovuz", "Georgia,Tovuz")));
    List<ImportResult> r = Fixtures.read(ImportFormat.ACLED, file);
    assertProblem(r.get(0), 2, "country 'Georgia' is neither Armenia nor Azerbaijan");
  }

  @Test
  void aFileWithoutTheColumnsOfAnExportIsRejectedAsAWhole() throws IOException {
    Path file = dir.resolve("partial.csv");
    Files.writeString(file, "event_id_cnty,event_date,location\nAZE1,2020-07-12,Tovuz\n");
    ImportException e = assertThrows(ImportException.class, () -> Fixtures.read(ImportFormat.ACLED, file));
    assertTrue(e.getMessage().startsWith(file + ":line 1: the header lacks"), e.getMessage());
    assertTrue(e.getMessage().endsWith("which an ACLED export has"), e.getMessage());
    assertTrue(e.getMessage().contains("latitude"), e.getMessage());
  }

  private static String cell(String id, String column) throws IOException {
    return cell(GOOD, id, column);
  }

  private static String cell(Path file, String id, String column) throws IOException {
    return Fixtures.cells(file).stream().filter(c -> c.get("event_id_cnty").equals(id)).findFirst().orElseThrow()
        .get(column);
  }
}
