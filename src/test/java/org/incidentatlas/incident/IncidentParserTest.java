package org.incidentatlas.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.ingest.GeoJsonSource;
import org.incidentatlas.ingest.SourceFeature;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID = """
      {"type": "Feature", "id": "T-1", "geometry": {"type": "Point", "coordinates": [45.556, 40.905]},
       "properties": {"id": "T-1", "date": "2020-07-14", "date_end": "2020-07-14", "date_precision": "day",
         "event_type": "shelling", "sub_type": "artillery_shelling", "place_id": "supplement:agdam-tovuz",
         "place_name": "Ağdam", "country": "AZ", "admin1": "Tovuz District", "admin2": "",
         "location_precision": "exact", "uncertainty_m": 1000,
         "actors": [{"name": "Armed Forces of Armenia", "side": "AM", "role": "actor1"}],
         "fatalities": [{"group": "civilian", "side": "AZ", "count": 1, "claimed_by": "Azerbaijan MoD", "source": "S1"}],
         "injuries": [],
         "sources": [{"id": "S1", "publisher": "P", "date": "2020-07-14", "date_precision": "day", "url": null,
                      "language": "de", "quote": "Ein 76-jähriger Aserbaidschaner kam ums Leben.", "quote_type": "verbatim"}],
         "notes": ""}}
      """;

  @TempDir
  Path dir;

  private SourceFeature feature(ObjectNode f) throws IOException {
    Path file = dir.resolve("incidents.geojson");
    Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + f + "]}");
    List<SourceFeature> out = new ArrayList<>();
    SourceReport report = new SourceReport();
    new GeoJsonSource(file, "incidents.geojson").read(report, out::add);
    assertEquals(List.of(), report.problems());
    return out.get(0);
  }

  private ObjectNode valid() throws IOException {
    return (ObjectNode) JSON.readTree(VALID);
  }

  private String reasonFor(ObjectNode f) throws IOException {
    SourceFeature sf = feature(f);
    return assertThrows(IllegalArgumentException.class, () -> IncidentParser.parse(sf)).getMessage();
  }

  @Test
  void aCompleteRecordKeepsEveryClaimWithItsClaimant() throws IOException {
    Incident i = IncidentParser.parse(feature(valid()));
    assertEquals("T-1", i.id());
    assertEquals(LocalDate.of(2020, 7, 14), i.date());
    assertEquals(1, i.fatalities().size());
    assertEquals("Azerbaijan MoD", i.fatalities().get(0).claimedBy());
    assertEquals("verbatim", i.sources().get(0).quoteType());
    assertEquals(45.556, i.point().getX(), 1e-9);
  }

  @Test
  void aFigureWhoseSourceIsNotListedIsRejected() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.at("/properties/fatalities/0")).put("source", "S9");
    assertTrue(reasonFor(f).contains("properties.fatalities[0].source: 'S9' is not among the record's sources"));
  }

  @Test
  void aFigureWithoutClaimantIsRejected() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.at("/properties/fatalities/0")).remove("claimed_by");
    assertTrue(reasonFor(f).contains("claimed_by"));
  }

  @Test
  void aRecordWithoutSourcesIsRejected() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.get("properties")).putArray("sources");
    assertTrue(reasonFor(f).contains("properties.sources: at least one is required"));
  }

  @Test
  void aSourceLinkMustBeAWebAddress() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.get("properties").get("sources").get(0)).put("url", "javascript:alert(1)");
    assertTrue(reasonFor(f).contains("properties.sources[0].url: must be an http(s) address, got 'javascript:alert(1)'"), reasonFor(f));
    ObjectNode g = valid();
    ((ObjectNode) g.get("properties").get("sources").get(0)).put("url", "https://example.org/report");
    assertEquals("https://example.org/report", IncidentParser.parse(feature(g)).sources().get(0).url());
  }

  @Test
  void anActorNameHoldsNoComma() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.get("properties").get("actors").get(0)).put("name", "Ministry of Defence, Armenia");
    assertTrue(reasonFor(f).contains("properties.actors[0].name: must not hold a comma"), reasonFor(f));
  }

  @Test
  void datesMustBeRealAndInOrder() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.get("properties")).put("date_end", "2020-07-13");
    assertTrue(reasonFor(f).contains("properties.date_end: is 2020-07-13, before date 2020-07-14"));
    ObjectNode g = valid();
    ((ObjectNode) g.get("properties")).put("date", "2020-07-32");
    assertTrue(reasonFor(g).contains("not a date"));
  }

  @Test
  void sourceDatesAreRealDaysOrMonthsAndNotInTheFuture() throws IOException {
    for (String bad : List.of("2020-13-45", "2020-02-30", "2020-00", "2999-01", "2999-01-01")) {
      ObjectNode f = valid();
      ((ObjectNode) f.get("properties").get("sources").get(0)).put("date", bad);
      assertTrue(reasonFor(f).contains("properties.sources[0].date: "), bad + ": " + reasonFor(f));
    }
    for (String good : List.of("2020-07", "2020-02-29")) {
      ObjectNode f = valid();
      ((ObjectNode) f.get("properties").get("sources").get(0)).put("date", good);
      assertEquals(good, IncidentParser.parse(feature(f)).sources().get(0).date());
    }
  }

  @Test
  void unknownEventTypesAndPrecisionsAreRejected() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.get("properties")).put("event_type", "riot");
    assertTrue(reasonFor(f).contains("properties.event_type: 'riot' is not one of"));
    ObjectNode g = valid();
    ((ObjectNode) g.get("properties")).put("location_precision", "somewhere");
    assertTrue(reasonFor(g).contains("location_precision"));
  }

  @Test
  void anUnknownFieldInAClaimIsNamed() throws IOException {
    ObjectNode f = valid();
    ((ObjectNode) f.at("/properties/fatalities/0")).put("cout", 3);
    assertTrue(reasonFor(f).contains("cout"), reasonFor(f));
  }
}
