package org.incidentatlas.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.geo.Geodesic;
import org.incidentatlas.incident.Actor;
import org.incidentatlas.incident.ClaimedRange;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.store.LayerFeature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

/** Enrichment on the real geodata/. */
class EnrichmentTest {
  static Geodata data;
  static Countries countries;
  static Border border;
  static IncidentEnricher enricher;

  @BeforeAll
  static void readGeodata() {
    data = Geodata.read(TestAtlas.GEODATA, new SourceReport());
    countries = new Countries(data.countries());
    border = Border.between(countries.byIso2("AM").orElseThrow(), countries.byIso2("AZ").orElseThrow());
    enricher = new IncidentEnricher(countries, new org.incidentatlas.geo.ControlAreas(data.controlAreas(), countries), data.gazetteer(), border);
  }

  private static Incident incidentAt(Settlement place, String admin1, String country) {
    Incident any = data.incidents().get(0);
    return new Incident("X", any.date(), any.dateEnd(), "day", "shelling", "artillery_shelling", place.id(), place.name(),
        country, admin1, "", "exact", 1000, place.point(), List.of(), List.of(), List.of(), any.sources(), "");
  }

  @Test
  void agdamOfTovuzResolvesToTovuzDistrictWithinAFewKilometresOfTheBorder() {
    Settlement agdam = data.gazetteer().byId("supplement:agdam-tovuz").orElseThrow();
    EnrichedIncident e = enricher.enrich(incidentAt(agdam, "Tovuz District", "AZ"), agdam);
    assertEquals("AZ", e.countryByLocation());
    assertEquals("AZ", e.side());
    assertTrue(e.borderKm() > 0.1 && e.borderKm() < 5, "border distance " + e.borderKm());
    Map<String, Object> p = e.toFeature(1, null, List.of(), null).properties();
    assertEquals("Tovuz District", p.get("admin1"));
    assertEquals("supplement:agdam-tovuz", p.get("nearest_settlement_id"));
  }

  @Test
  void theTownAghdamOfKarabakhIsNotMistakenForTheVillageOfTovuz() {
    Settlement karabakh = data.gazetteer().byId("geonames:148619").orElseThrow();
    assertTrue(!karabakh.admin1().equals("Tovuz District"));
    SourceReport report = new SourceReport();
    List<EnrichedIncident> out = enricher.enrich(List.of(incidentAt(karabakh, "Tovuz District", "AZ")), report);
    assertTrue(out.isEmpty());
    assertTrue(report.problems().get(0).reason().contains("but the record says Tovuz District"), report.problems().toString());
  }

  @Test
  void borderDistanceIsMetricAndGrowsAwayFromTheBorder() {
    Settlement tovuz = data.gazetteer().all().stream().filter(s -> s.name().equals("Tovuz")).findFirst().orElseThrow();
    Settlement agdam = data.gazetteer().byId("supplement:agdam-tovuz").orElseThrow();
    double tovuzKm = border.distanceKm(tovuz.point());
    double agdamKm = border.distanceKm(agdam.point());
    assertTrue(tovuzKm > agdamKm, tovuzKm + " vs " + agdamKm);
    // The border lies between the two: the distance to it cannot exceed the distance between them.
    double between = Geodesic.distanceMetres(tovuz.point().getCoordinate(), agdam.point().getCoordinate()) / 1000;
    assertTrue(tovuzKm < between + agdamKm + 0.5);
  }

  @Test
  void theBorderIsTheSharedEdgeOfTheTwoCountries() {
    // Published lengths of the Armenia–Azerbaijan border, Nakhchivan included, are about 1,000 km.
    assertTrue(border.lengthKm() > 800 && border.lengthKm() < 1300, "length " + border.lengthKm());
    assertEquals("AM", border.side(data.gazetteer().byId("supplement:aygepar").orElseThrow().point()).orElseThrow());
  }

  @Test
  void nearestSettlementIsFoundByGeodesicDistance() {
    Gazetteer g = data.gazetteer();
    Settlement berd = g.all().stream().filter(s -> s.name().equals("Berd")).findFirst().orElseThrow();
    Coordinate nearBerd = new Coordinate(berd.point().getX() + 0.001, berd.point().getY() + 0.001);
    Gazetteer.Nearest n = g.nearest(nearBerd).orElseThrow();
    assertEquals(berd.id(), n.settlement().id());
    for (Settlement s : g.all()) {
      assertTrue(Geodesic.distanceMetres(nearBerd, s.point().getCoordinate()) >= n.distanceMetres() - 1e-6);
    }
  }

  /** The features of one layer as a build of geodata alone derives them. */
  private static List<LayerFeature> built(String layerId) {
    List<LayerFeature> out = new java.util.ArrayList<>();
    AtlasBuild.layers(data, new SourceReport()).stream().filter(l -> l.id().equals(layerId)).findFirst().orElseThrow()
        .features().forEach(out::add);
    return out;
  }

  @Test
  void exposureZonesBandEachSideAndHoldTheirSettlements() {
    List<LayerFeature> zones = built("exposure_zones");
    assertEquals(6, zones.size());
    LayerFeature az05 = zones.stream().filter(z -> z.id().equals("az-0-5km")).findFirst().orElseThrow();
    assertTrue(((List<?>) az05.properties().get("settlement_ids")).contains("supplement:agdam-tovuz"));
    for (LayerFeature z : zones) {
      for (Object id : (List<?>) z.properties().get("settlement_ids")) {
        Settlement s = data.gazetteer().byId((String) id).orElseThrow();
        double km = border.distanceKm(s.point());
        assertTrue(km >= (double) z.properties().get("min_km") - 0.05 && km <= (double) z.properties().get("max_km") + 0.05,
            s.name() + " at " + km + " km in " + z.id());
      }
    }
  }

  @Test
  void shelledVillagesCountTheirIncidentsAndSumNoFigures() {
    List<EnrichedIncident> incidents = enricher.enrich(data.incidents(), new SourceReport());
    List<LayerFeature> villages = built("shelled_villages");
    long shellingIncidents = incidents.stream().filter(e -> e.incident().eventType().equals("shelling")).count();
    assertEquals(shellingIncidents, villages.stream().mapToLong(v -> (int) v.properties().get("shelling_incidents")).sum());
    for (LayerFeature v : villages) {
      List<EnrichedIncident> there = incidents.stream()
          .filter(e -> e.incident().eventType().equals("shelling") && e.place().id().equals(v.id())).toList();
      assertEquals(there.stream().map(e -> e.incident().date()).min(Comparable::compareTo).orElseThrow().toString(),
          v.properties().get("first_date"));
      assertEquals(there.stream().map(e -> e.incident().dateEnd()).max(Comparable::compareTo).orElseThrow().toString(),
          v.properties().get("last_date"));
      assertTrue(v.properties().keySet().stream().noneMatch(k -> k.startsWith("fatalities") || k.startsWith("injuries")),
          v.properties().keySet().toString());
    }
  }

  @Test
  void incidentFeaturesNameTheirPartiesAndTheSpreadOfClaimedFatalities() {
    List<EnrichedIncident> incidents = enricher.enrich(data.incidents(), new SourceReport());
    assertTrue(incidents.stream().anyMatch(e -> e.incident().actors().stream().anyMatch(a -> a.role().equals("claimant"))));
    for (EnrichedIncident e : incidents) {
      Incident i = e.incident();
      Map<String, Object> p = e.toFeature(1, null, List.of(), null).properties();
      List<String> parties = i.actors().stream().filter(a -> !a.role().equals("claimant")).map(Actor::name).toList();
      assertEquals(parties, p.get("actor_names"), i.id());
      assertFalse(parties.isEmpty(), i.id());
      ClaimedRange range = ClaimedRange.of(i.fatalities());
      if (i.fatalities().isEmpty()) {
        assertNull(range, i.id());
        assertTrue(p.containsKey("fatalities_low") && p.get("fatalities_low") == null, i.id());
        assertTrue(p.containsKey("fatalities_high") && p.get("fatalities_high") == null, i.id());
        continue;
      }
      assertEquals(range.low(), p.get("fatalities_low"), i.id());
      assertEquals(range.high(), p.get("fatalities_high"), i.id());
      assertTrue(range.low() <= range.high(), i.id());
    }
  }
}
