package org.incidentatlas.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.geo.Country;
import org.incidentatlas.ingest.SourceReport;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Writes an ACLED export of N rows for the import benchmark, made from the committed ACLED test
 * file: its rows again and again under new event ids, each point moved by up to about 1 km so
 * that the rows are not all the same place, but never across a border: the import refuses a point
 * that lies in another country than its row. The same N always gives the same file.
 *
 * <p>Usage: {@code SyntheticAcled OUT.csv ROWS}
 */
public final class SyntheticAcled {
  private static final Path TEMPLATE = Path.of("src/test/resources/imports/acled-tovuz-2020.csv");

  private static final GeometryFactory POINTS = new GeometryFactory();

  private SyntheticAcled() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    List<CSVRecord> template;
    List<String> header;
    try (Reader in = Files.newBufferedReader(TEMPLATE, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      template = parser.getRecords();
      header = parser.getHeaderNames();
    }
    Countries countries = new Countries(Geodata.read(Path.of("geodata"), new SourceReport()).countries());
    Random random = new Random(rows);
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (int i = 0; i < rows; i++) {
        CSVRecord r = template.get(i % template.size());
        String[] values = r.values().clone();
        values[header.indexOf("event_id_cnty")] = r.get("event_id_cnty").substring(0, 3) + "B" + i;
        int lat = header.indexOf("latitude");
        int lon = header.indexOf("longitude");
        Optional<String> country = countryAt(countries, values[lon], values[lat]);
        for (int attempt = 0; attempt < 20; attempt++) {
          String movedLat = jitter(r.get(lat), random);
          String movedLon = jitter(r.get(lon), random);
          if (countryAt(countries, movedLon, movedLat).equals(country)) {
            values[lat] = movedLat;
            values[lon] = movedLon;
            break;
          }
        }
        printer.printRecord((Object[]) values);
      }
    }
  }

  private static String jitter(String value, Random random) {
    double v = Double.parseDouble(value) + (random.nextDouble() - 0.5) * 0.02;
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static Optional<String> countryAt(Countries countries, String lon, String lat) {
    Point p = POINTS.createPoint(new Coordinate(Double.parseDouble(lon), Double.parseDouble(lat)));
    return countries.containing(p).map(Country::iso2);
  }
}
