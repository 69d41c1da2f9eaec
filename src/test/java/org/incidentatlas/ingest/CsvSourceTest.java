package org.incidentatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

class CsvSourceTest {
  @TempDir
  Path dir;

  private List<SourceFeature> read(String csv, SourceReport report) throws IOException {
    Path file = dir.resolve("places.csv");
    Files.writeString(file, csv);
    List<SourceFeature> out = new ArrayList<>();
    new CsvSource(file, "places.csv", "EPSG:4326").read(report, out::add);
    return out;
  }

  @Test
  void aRowWithLatitude123IsReportedWithItsLineAndSkipped() throws IOException {
    SourceReport report = new SourceReport();
    List<SourceFeature> rows = read("""
        id,name,longitude,latitude
        a,Tovuz,45.62838,40.99249
        b,Nowhere,45.6,123
        c,Berd,45.38901,40.88135
        """, report);
    assertEquals(List.of("a", "c"), rows.stream().map(r -> r.text("id")).toList());
    assertEquals(1, report.totalSkipped());
    SourceProblem p = report.problems().get(0);
    assertEquals("places.csv", p.file());
    assertEquals("line 3", p.location());
    assertTrue(p.reason().contains("latitude 123"), p.reason());
    assertEquals(3, report.readCount("places.csv"));
    assertEquals(1, report.skippedCount("places.csv"));
  }

  @Test
  void lineNumbersCountQuotedLineBreaks() throws IOException {
    SourceReport report = new SourceReport();
    read("id,name,longitude,latitude\na,\"two\nlines\",45,40\nb,x,abc,40\n", report);
    assertEquals("line 4", report.problems().get(0).location());
    assertTrue(report.problems().get(0).reason().contains("longitude 'abc' is not a number"));
  }

  @Test
  void coordinatesBecomeALongitudeFirstPoint() throws IOException {
    SourceFeature f = read("id,longitude,latitude\na,45.62838,40.99249\n", new SourceReport()).get(0);
    Point p = (Point) f.feature().getDefaultGeometry();
    assertEquals(45.62838, p.getX(), 1e-9);
    assertEquals(40.99249, p.getY(), 1e-9);
  }

  @Test
  void aFileWithoutCoordinateColumnsIsRejectedAsAWhole() {
    SourceException e = assertThrows(SourceException.class, () -> read("id,name\na,b\n", new SourceReport()));
    assertTrue(e.getMessage().startsWith("places.csv:line 1"), e.getMessage());
  }
}
