package org.incidentatlas.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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
    if (!Files.isRegularFile(path)) {
      throw new SourceException(file + ": file not found at " + path.toAbsolutePath());
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      if (!header.contains("longitude") || !header.contains("latitude")) {
        throw new SourceException(file + ":line 1: header needs 'longitude' and 'latitude' columns, has " + header);
      }
      SimpleFeatureType type = typeOf(header);
      long nextLine = 2;
      Iterator<CSVRecord> rows = parser.iterator();
      while (rows.hasNext()) {
        CSVRecord row = rows.next();
        String location = "line " + nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        report.read(file);
        try {
          if (!row.isConsistent()) {
            throw new IllegalArgumentException("has " + row.size() + " fields, header has " + header.size());
          }
          SimpleFeatureBuilder b = new SimpleFeatureBuilder(type);
          for (String column : header) {
            b.set(column, row.get(column));
          }
          b.set("geometry", point(row));
          sink.accept(new SourceFeature(b.buildFeature(file + "." + row.getRecordNumber()), file, location));
        } catch (IllegalArgumentException e) {
          report.skip(new SourceProblem(file, location, e.getMessage()));
        }
      }
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      throw new SourceException(file + ": cannot parse as CSV: " + e.getMessage(), e);
    }
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
