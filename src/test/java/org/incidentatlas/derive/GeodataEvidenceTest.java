package org.incidentatlas.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Geodesic;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.ingest.SourceReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of evidence on the real geodata/: every place and source names where it comes from. */
class GeodataEvidenceTest {
  static final Pattern ADDRESS = Pattern.compile("https?://\\S+");
  static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  static Geodata data;

  @BeforeAll
  static void readGeodata() {
    data = Geodata.read(TestAtlas.GEODATA, new SourceReport());
  }

  @Test
  void everyIncidentPlaceNamesItsSourceAndTheIncidentStandsOnIt() {
    List<String> wrong = new ArrayList<>();
    for (Incident i : data.incidents()) {
      Settlement place = data.gazetteer().byId(i.placeId()).orElseThrow();
      boolean sourced = place.id().startsWith("geonames:") || ADDRESS.matcher(place.source()).find();
      if (!sourced || place.source().toLowerCase(Locale.ROOT).contains("recalled")) {
        wrong.add(i.id() + " stands on " + place.id() + " whose source is: " + place.source());
      }
      if (Geodesic.distanceMetres(i.point().getCoordinate(), place.point().getCoordinate()) > 1) {
        wrong.add(i.id() + " is not at the position of " + place.id());
      }
      int least = i.locationPrecision().equals("district") ? 15_000 : 1_000;
      if (i.uncertaintyMetres() < least) {
        wrong.add(i.id() + " claims " + i.uncertaintyMetres() + " m at " + i.locationPrecision() + " precision");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void everySourceHasARealLookingAddressOrNoneAndADayWhenItSaysSo() {
    List<String> wrong = new ArrayList<>();
    for (Incident i : data.incidents()) {
      for (SourceRef s : i.sources()) {
        if (s.url() != null && !ADDRESS.matcher(s.url()).matches()) {
          wrong.add(i.id() + "/" + s.id() + " url " + s.url());
        }
        if (s.datePrecision().equals("day") != DAY.matcher(s.date()).matches()) {
          wrong.add(i.id() + "/" + s.id() + " date " + s.date() + " with precision " + s.datePrecision());
        }
        if (s.publisher().contains("not named")) {
          wrong.add(i.id() + "/" + s.id() + " has no publisher: " + s.publisher());
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** The same place under two romanisations (Vurghun, Vurğun) is one row with both names. */
  @Test
  void noPlaceIsInTheGazetteerTwiceUnderAnotherSpelling() {
    List<Settlement> all = new ArrayList<>(data.gazetteer().all());
    List<String> twice = new ArrayList<>();
    for (int a = 0; a < all.size(); a++) {
      for (int b = a + 1; b < all.size(); b++) {
        Settlement x = all.get(a);
        Settlement y = all.get(b);
        if (x.country().equals(y.country()) && spelling(x.name()).equals(spelling(y.name()))
            && Geodesic.distanceMetres(x.point().getCoordinate(), y.point().getCoordinate()) < 2000) {
          twice.add(x.id() + " " + x.name() + " / " + y.id() + " " + y.name());
        }
      }
    }
    assertEquals(List.of(), twice);
    assertTrue(data.gazetteer().byId("geonames:586265").orElseThrow().names().contains("Vurghun"));
  }

  private static String spelling(String name) {
    String s = Normalizer.normalize(name.replace('ı', 'i').replace('ə', 'e').replace('Ə', 'e'), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("['’ʼ`\\s-]", "");
    return s.replace("gh", "g").replace("kh", "x").replace("sh", "s").replace("ch", "c").replace("zh", "j").replace('q', 'g');
  }
}
