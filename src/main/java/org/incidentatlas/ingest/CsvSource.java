package org.incidentatlas.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVRecord;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.feature.simple.SimpleFeatureTypeBuilder;
import org.incidentatlas.geo.Crs;
import org.incidentatlas.geo.GeometryCheck;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Streams a CSV file with a header row into GeoTools point features: every column becomes a String
 * attribute, and the {@code longitude}/{@code latitude} columns (in the CRS given to the
 * constructor) become the point, reprojected to WGS84 when needed. Rows are located by line number.
 */
public final class CsvSource {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();
  private final Path path;
  private final String file;
  private final MathTransform toWgs84;

  public CsvSource(Path path, String file, String crsCode) {
    this.path = path;
    this.file = file;
    var crs = Crs.decode(crsCode);
    this.toWgs84 = Crs.isWgs84(crs) ? null : Crs.transform(crs, Crs.WGS84);
  }

  public void read(SourceReport report, Consumer<SourceFeature> sink) {
    SimpleFeatureType[] type = new SimpleFeatureType[1];
    CsvRows.read(path, file, report, header -> {
      if (!header.contains("longitude") || !header.contains("latitude")) {
        throw new SourceException(file + ":line 1: header needs 'longitude' and 'latitude' columns, has " + header);
      }
      type[0] = typeOf(header);
    }, (row, location) -> {
      SimpleFeatureBuilder b = new SimpleFeatureBuilder(type[0]);
      row.toMap().forEach(b::set);
      b.set("geometry", point(row));
      sink.accept(new SourceFeature(b.buildFeature(file + "." + row.getRecordNumber()), file, location));
    });
  }

  private Geometry point(CSVRecord row) {
    Point p = GEOMETRY.createPoint(new Coordinate(number(row, "longitude"), number(row, "latitude")));
    Geometry g = toWgs84 == null ? p : Crs.apply(p, toWgs84);
    String problem = GeometryCheck.problem(g).orElse(null);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return g;
  }

  private static double number(CSVRecord row, String column) {
    String v = row.get(column).trim();
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " '" + v + "' is not a number");
    }
  }

  private SimpleFeatureType typeOf(List<String> header) {
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName(file.replaceAll("\\W", "_"));
    b.setCRS(Crs.WGS84);
    b.add("geometry", Point.class);
    for (String column : header) {
      b.add(column, String.class);
    }
    return b.buildFeatureType();
  }
}
