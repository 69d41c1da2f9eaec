package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.incidentatlas.store.LayerInfo;
import org.junit.jupiter.api.Test;

class CitationTest {
  private static final LayerInfo BORDER = new LayerInfo("border", "Armenia–Azerbaijan border", "The border.", "MultiLineString",
      null, null, null, 1, List.of(new LayerInfo.SourceFile("zz.csv", "b".repeat(64)), new LayerInfo.SourceFile("countries.geojson", "a".repeat(64))),
      List.of(), List.of(), "build-1", Instant.parse("2026-01-02T03:04:05Z"));

  private static Citation citation() {
    return Citation.of(BORDER, "bbox=1,2,3,4", "http://host/download/border.csv?bbox=1,2,3,4", "http://host/api/collections/border",
        Instant.parse("2026-03-04T05:06:07.891Z"));
  }

  @Test
  void theSuggestedCitationNamesTitleBuildExportTimeAndAddress() {
    assertEquals("Incident Atlas (2026). Armenia–Azerbaijan border, build build-1, exported 2026-03-04T05:06:07Z. "
        + "http://host/download/border.csv?bbox=1,2,3,4", citation().text());
  }

  @Test
  void theChecksumIsTheSha256OfTheSourceListAsSha256sumPrintsIt() throws Exception {
    String lines = "a".repeat(64) + "  countries.geojson\n" + "b".repeat(64) + "  zz.csv\n";
    assertEquals(lines, citation().checksumLines());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8));
    assertEquals("sha256:" + HexFormat.of().formatHex(digest), citation().checksum());
  }

  @Test
  void licencesComeFromTheSourceFilesAndUnknownFilesPointToTheGeodataReadme() {
    Citation c = citation();
    assertEquals("see geodata/README.md (zz.csv); ODbL-1.0 (OpenStreetMap); public domain (Natural Earth)", c.licence());
    assertEquals("zz.csv as described in geodata/README.md; © OpenStreetMap contributors; Made with Natural Earth", c.attribution());
  }

  @Test
  void everyItemIsThere() {
    assertEquals(List.of("title", "layer", "description", "citation", "licence", "attribution", "query", "url", "described_by",
        "build", "built_at", "checksum", "exported_at"), List.copyOf(citation().items().keySet()));
  }
}
