package org.incidentatlas.geo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.incidentatlas.ingest.CsvRows;
import org.incidentatlas.ingest.SourceReport;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * An area whose control in July 2020 differed from the internationally recognised border, as
 * {@code control.csv} records it with its source. The country polygons follow the recognised
 * border; this says who held the ground.
 *
 * @param point   a sourced point inside it (the village), null when the row gives none
 * @param outline {@code countries.geojson} when its outline is the part of the sovereign's polygon
 *                that holds the point, {@code none} when no outline is available
 */
public record ControlArea(String id, String name, List<String> otherNames, Point point, String sovereign,
    String controlledBy, String controlSince, String asOf, String outline, String sourcePublisher, String sourceTitle,
    String sourceDate, String sourceUrl, String sourceQuote) {

  public static final String FILE = "control.csv";
  private static final Set<String> OUTLINES = Set.of("countries.geojson", "none");
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** Whether its outline is drawn by the country polygons. */
  public boolean hasOutline() {
    return outline.equals("countries.geojson");
  }

  /** Its outline: the part of the sovereign country's polygon that holds its point. */
  public Geometry outlineIn(Country sovereignCountry) {
    Geometry g = sovereignCountry.geometry();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i).covers(point)) {
        return g.getGeometryN(i);
      }
    }
    throw new IllegalStateException(FILE + ": " + id + " lies in no part of " + sovereignCountry.name());
  }

  /** The rows of {@code control.csv}; a bad row is reported with its line and skipped. */
  public static List<ControlArea> read(Path path, SourceReport report) {
    List<ControlArea> out = new ArrayList<>();
    CsvRows.read(path, FILE, report, header -> { }, (row, location) -> {
      String id = required(row.get("id"), "id");
      String outline = required(row.get("outline"), "outline");
      if (!OUTLINES.contains(outline)) {
        throw new IllegalArgumentException("outline must be countries.geojson or none, is '" + outline + "'");
      }
      Point point = null;
      if (!row.get("latitude").isBlank() || !row.get("longitude").isBlank()) {
        try {
          point = GEOMETRY.createPoint(new Coordinate(Double.parseDouble(row.get("longitude")), Double.parseDouble(row.get("latitude"))));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("latitude and longitude must be numbers");
        }
      }
      if (outline.equals("countries.geojson") && point == null) {
        throw new IllegalArgumentException(id + ": an outline from countries.geojson needs the point that picks it");
      }
      String url = required(row.get("source_url"), "source_url");
      String others = row.get("other_names").strip();
      out.add(new ControlArea(id, required(row.get("name"), "name"), others.isEmpty() ? List.of() : List.of(others.split("\\|")),
          point, required(row.get("sovereign"), "sovereign"), required(row.get("controlled_by"), "controlled_by"),
          required(row.get("control_since"), "control_since"), required(row.get("as_of"), "as_of"), outline,
          required(row.get("source_publisher"), "source_publisher"), row.get("source_title").strip(),
          row.get("source_date").strip(), url, required(row.get("source_quote"), "source_quote")));
    });
    return out;
  }

  private static String required(String value, String column) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(column + " is required");
    }
    return value.strip();
  }
}
