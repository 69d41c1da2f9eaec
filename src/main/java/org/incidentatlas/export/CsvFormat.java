package org.incidentatlas.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTWriter;

/**
 * One row per feature, for spreadsheets: {@code id}, then {@code longitude} and {@code latitude}
 * for point layers or {@code wkt} for the others, then the properties as readable text
 * ({@link ValueText}). RFC 4180 (quoted where needed, CRLF) in UTF-8 with a byte order mark,
 * without which spreadsheets take the file for a legacy code page. The file holds data only: its
 * citation travels in the response headers, and the other formats carry it inside.
 */
final class CsvFormat implements ExportFormat {
  @Override
  public String extension() {
    return "csv";
  }

  @Override
  public String mediaType() {
    return "text/csv; charset=utf-8; header=present";
  }

  @Override
  public void write(Export export, OutputStream out) throws IOException {
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    text.write('\uFEFF');
    boolean points = export.layer().points();
    List<String> fixed = points ? List.of("id", "longitude", "latitude") : List.of("id", "wkt");
    CSVPrinter csv = new CSVPrinter(text, CSVFormat.RFC4180);
    WKTWriter wkt = new WKTWriter();
    FieldSampler.stream(export, schema -> {
      List<String> header = new ArrayList<>(fixed);
      header.addAll(schema.columnNames(fixed));
      csv.printRecord(header);
      return f -> {
        List<String> row = new ArrayList<>(header.size());
        row.add(CsvCell.text(f.id()));
        if (points) {
          Point p = (Point) f.geometry();
          row.add(p.isEmpty() ? "" : plain(p.getX()));
          row.add(p.isEmpty() ? "" : plain(p.getY()));
        } else {
          row.add(CsvCell.text(wkt.write(f.geometry())));
        }
        for (Field field : schema.fields()) {
          row.add(CsvCell.of(f.value(field.property())));
        }
        csv.printRecord(row);
      };
    });
    csv.flush();
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).toPlainString();
  }
}
