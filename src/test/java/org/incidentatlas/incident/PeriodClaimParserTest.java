package org.incidentatlas.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceProblem;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The period claims file: a good entry, each wrong field named, and the coverage rule. */
class PeriodClaimParserTest {

  private static ObjectNode good() {
    ObjectNode e = IncidentJson.JSON.createObjectNode();
    e.put("id", "T-P1").put("date", "2020-07-12").put("date_end", "2020-07-16").put("statement", "totals");
    ObjectNode area = e.putObject("area");
    area.putArray("admin1").add("Tovuz District").add("Tavush");
    area.put("label", "Tovuz and Tavush");
    ObjectNode f = e.putArray("fatalities").addObject();
    f.put("group", "military").put("side", "AZ").put("count", 12).put("claimed_by", "Ministry").put("source", "S1");
    e.putArray("injuries");
    ObjectNode d = e.putArray("damage").addObject();
    d.put("object", "houses").put("count", 35).put("side", "AZ").put("claimed_by", "Government").put("source", "S1")
        .put("made_at", "2020-07-21");
    ObjectNode s = e.putArray("sources").addObject();
    s.put("id", "S1").put("publisher", "Agency").put("date", "2020-07").put("date_precision", "month").putNull("url");
    s.put("language", "de").put("quote", "Zitat").put("quote_type", "verbatim");
    e.put("notes", "");
    return e;
  }

  private static String error(Consumer<ObjectNode> change) {
    ObjectNode e = good();
    change.accept(e);
    return assertThrows(IllegalArgumentException.class, () -> PeriodClaimParser.parse(e)).getMessage();
  }

  @Test
  void readsAGoodEntry() {
    PeriodClaim c = PeriodClaimParser.parse(good());
    assertEquals("T-P1", c.id());
    assertEquals(LocalDate.of(2020, 7, 16), c.dateEnd());
    assertEquals(List.of("Tovuz District", "Tavush"), c.area().admin1());
    assertEquals(new Claim("military", "AZ", 12, "Ministry", "S1"), c.fatalities().get(0));
    assertEquals(new PeriodClaim.Damage("houses", "damaged", 35, "AZ", "Government", "S1", "2020-07-21"), c.damage().get(0));
    assertEquals("S1", c.sources().get(0).id());
  }

  @Test
  void aDamageFigureSaysWhatItCounts() {
    PeriodClaim c = PeriodClaimParser.parse(good().set("damage", IncidentJson.JSON.createArrayNode().add(
        IncidentJson.JSON.createObjectNode().put("object", "houses").put("state", "inspected").put("count", 61).put("side", "AZ")
            .put("claimed_by", "Government").put("source", "S1"))));
    assertEquals(new PeriodClaim.Damage("houses", "inspected", 61, "AZ", "Government", "S1", null), c.damage().get(0));
  }

  @Test
  void aSingleDayNeedsNoEnd() {
    PeriodClaim c = PeriodClaimParser.parse(good().without("date_end"));
    assertEquals(c.date(), c.dateEnd());
  }

  @Test
  void namesEachWrongField() {
    assertTrue(error(e -> e.put("date_end", "2020-07-10")).contains("date_end: 2020-07-10 is before date 2020-07-12"));
    assertTrue(error(e -> e.put("date", "12 July")).contains("date: '12 July' is not a day"));
    assertTrue(error(e -> ((ObjectNode) e.get("fatalities").get(0)).put("source", "S9"))
        .contains("fatalities[0].source: 'S9' is not one of the entry's sources [S1]"));
    assertTrue(error(e -> ((ObjectNode) e.get("damage").get(0)).put("source", "S2"))
        .contains("damage[0].source: 'S2' is not one of the entry's sources"));
    assertTrue(error(e -> ((ObjectNode) e.get("fatalities").get(0)).put("count", -1))
        .contains("fatalities[0].count: must be a whole number from 0"));
    assertTrue(error(e -> ((ObjectNode) e.get("damage").get(0)).put("count", 2.5)).contains("damage[0].count"));
    assertTrue(error(e -> ((ObjectNode) e.get("damage").get(0)).put("object", "houses inspected"))
        .contains("damage[0].object: 'houses inspected' is not one of [villages, houses, buildings]"));
    assertTrue(error(e -> ((ObjectNode) e.get("damage").get(0)).put("state", "hit")).contains("damage[0].state: 'hit' is not one of"));
    assertTrue(error(e -> ((ObjectNode) e.get("fatalities").get(0)).put("side", "TR"))
        .contains("fatalities[0].side: 'TR' is not one of [AZ, AM, unknown]"));
    assertTrue(error(e -> ((ObjectNode) e.get("area")).putArray("admin1")).contains("area.admin1: must list at least one"));
    assertTrue(error(e -> e.remove("area")).contains("area: required"));
    assertTrue(error(e -> e.putArray("sources")).contains("sources: must list at least one"));
    assertTrue(error(e -> e.remove("statement")).contains("statement: required"));
    assertTrue(error(e -> e.put("id", "no spaces")).contains("id: 'no spaces' is not an id"));
    assertTrue(error(e -> ((ObjectNode) e.get("fatalities").get(0)).put("low", 20)).contains("fatalities[0].low: 20 is above count 12"));
  }

  @Test
  void aBadEntryIsSkippedWithFileAndId(@TempDir Path dir) throws Exception {
    ObjectNode root = IncidentJson.JSON.createObjectNode();
    ArrayNode entries = root.putArray("period_claims");
    entries.add(good());
    entries.add(good().put("id", "T-P2").put("date_end", "2020-07-01"));
    entries.add(good());
    Path file = dir.resolve("period_claims.json");
    Files.write(file, IncidentJson.JSON.writeValueAsBytes(root));
    SourceReport report = new SourceReport();
    List<PeriodClaim> claims = PeriodClaimParser.read(file, "period_claims.json", report);
    assertEquals(List.of("T-P1"), claims.stream().map(PeriodClaim::id).toList());
    List<SourceProblem> problems = report.problems();
    assertEquals(2, problems.size());
    assertEquals("period_claims.json", problems.get(0).file());
    assertEquals("entry 2 (T-P2)", problems.get(0).location());
    assertTrue(problems.get(0).reason().contains("date_end"));
    assertEquals("entry 3 (T-P1)", problems.get(1).location());
    assertTrue(problems.get(1).reason().contains("'T-P1' already used"));
  }

  @Test
  void aFileWithoutTheListStopsTheBuild(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("period_claims.json");
    Files.writeString(file, "[]");
    SourceException e = assertThrows(SourceException.class, () -> PeriodClaimParser.read(file, "period_claims.json", new SourceReport()));
    assertTrue(e.getMessage().startsWith("period_claims.json: "));
  }

  @Test
  void coversIncidentsOfItsAreaThatShareADay() {
    PeriodClaim c = PeriodClaimParser.parse(good());
    LocalDate d11 = LocalDate.of(2020, 7, 11);
    LocalDate d12 = LocalDate.of(2020, 7, 12);
    LocalDate d16 = LocalDate.of(2020, 7, 16);
    LocalDate d17 = LocalDate.of(2020, 7, 17);
    assertTrue(c.covers(d12, d12, "Tavush"));
    assertTrue(c.covers(d16, d16, "Tovuz District"));
    assertTrue(c.covers(d11, d12, "Tavush"), "an incident that begins before the period and ends in it");
    assertTrue(c.covers(d11, d17, "Tavush"), "an incident spanning the whole period");
    assertFalse(c.covers(d17, d17, "Tavush"), "the day after");
    assertFalse(c.covers(d11, d11, "Tavush"), "the day before");
    assertFalse(c.covers(d12, d12, "Gadabay District"), "another district");
    assertFalse(c.covers(d12, d12, null), "no district");
  }
}
