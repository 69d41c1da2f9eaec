package org.incidentatlas.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFormatTest {
  @TempDir
  Path dir;

  @Test
  void eachFixtureIsToldByItsHeaderOrExtension() {
    assertEquals(ImportFormat.ACLED, ImportFormat.detect(Fixtures.file("acled-tovuz-2020.csv")));
    assertEquals(ImportFormat.ACLED, ImportFormat.detect(Fixtures.file("acled-broken.csv")));
    assertEquals(ImportFormat.UCDP_GED, ImportFormat.detect(Fixtures.file("ucdp-ged-tovuz-2020.csv")));
    assertEquals(ImportFormat.UCDP_GED, ImportFormat.detect(Fixtures.file("ucdp-broken.csv")));
    assertEquals(ImportFormat.GEOJSON, ImportFormat.detect(Fixtures.file("incidents-import.geojson")));
  }

  @Test
  void aJsonFileIsGeoJsonAndTheHeaderDecidesWhateverTheCsvIsCalled() throws IOException {
    Path json = dir.resolve("Export.JSON");
    Files.writeString(json, "{}");
    assertEquals(ImportFormat.GEOJSON, ImportFormat.detect(json));
    Path txt = dir.resolve("ged.txt");
    Files.writeString(txt, "id,relid,side_a,date_start,best\n");
    assertEquals(ImportFormat.UCDP_GED, ImportFormat.detect(txt));
  }

  @Test
  void aByteOrderMarkBeforeTheHeaderIsSkipped() throws IOException {
    Path file = dir.resolve("excel.csv");
    Files.writeString(file, "\uFEFFevent_id_cnty,event_date\n", StandardCharsets.UTF_8);
    assertEquals(ImportFormat.ACLED, ImportFormat.detect(file));
  }

  @Test
  void theFormatOptionWinsOverTheFile() {
    assertEquals(ImportFormat.GEOJSON, ImportFormat.of(Fixtures.file("acled-tovuz-2020.csv"), "geojson"));
    assertEquals(ImportFormat.UCDP_GED, ImportFormat.of(Fixtures.file("acled-tovuz-2020.csv"), "UCDP"));
    assertEquals(ImportFormat.ACLED, ImportFormat.of(Fixtures.file("acled-tovuz-2020.csv"), null));
    ImportException e = assertThrows(ImportException.class, () -> ImportFormat.fromOption("shapefile"));
    assertTrue(e.getMessage().contains("acled|ucdp|geojson"), e.getMessage());
  }

  @Test
  void aCsvOfNeitherDatasetIsRejectedNamingTheFileAndTheHeadersExpected() {
    Path settlements = Path.of("geodata/settlements.csv");
    ImportException e = assertThrows(ImportException.class, () -> ImportFormat.detect(settlements));
    assertTrue(e.getMessage().startsWith(settlements + ": cannot tell the format"), e.getMessage());
    assertTrue(e.getMessage().contains("'event_id_cnty' (ACLED)"), e.getMessage());
    assertTrue(e.getMessage().contains("'id', 'date_start', 'best', 'side_a' (UCDP GED)"), e.getMessage());
    assertTrue(e.getMessage().contains("--format acled|ucdp|geojson"), e.getMessage());
  }

  @Test
  void aMissingFileIsSaidToBeMissing() {
    Path none = dir.resolve("none.csv");
    assertTrue(assertThrows(ImportException.class, () -> ImportFormat.detect(none)).getMessage().endsWith("file not found"));
    assertTrue(assertThrows(ImportException.class, () -> ImportFormat.ACLED.read(none, r -> {})).getMessage()
        .endsWith("file not found"));
  }
}
