package org.incidentatlas.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.incidentatlas.incident.DailyFigures;

/**
 * The numbers behind the charts as one table a spreadsheet reads: a row per day and series that
 * has a value, {@code incidents} counted per event type, {@code fatalities} and {@code injuries}
 * as the low, best and high figure per side, over all claimants ({@code claimant} empty) and by
 * claimant. Written as the CSV downloads are (RFC 4180, UTF-8 with a byte order mark, text a
 * spreadsheet would run neutralised).
 */
public final class DailyFiguresCsv {
  public static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";

  private DailyFiguresCsv() {}

  public static void write(DailyFigures figures, OutputStream out) throws IOException {
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    text.write('\uFEFF');
    CSVPrinter csv = new CSVPrinter(text, CSVFormat.RFC4180);
    csv.printRecord("day", "measure", "event_type", "side", "claimant", "count", "low", "best", "high");
    List<LocalDate> days = figures.days();
    Map<String, int[]> incidents = figures.incidentsByType(days);
    Map<DailyFigures.Key, Integer[][]> series = figures.figures(days);
    for (int i = 0; i < days.size(); i++) {
      String day = days.get(i).toString();
      for (Map.Entry<String, int[]> e : incidents.entrySet()) {
        if (e.getValue()[i] > 0) {
          csv.printRecord(day, "incidents", CsvCell.text(e.getKey()), "", "", e.getValue()[i], "", "", "");
        }
      }
      for (Map.Entry<DailyFigures.Key, Integer[][]> e : series.entrySet()) {
        Integer[][] v = e.getValue();
        if (v[0][i] != null) {
          DailyFigures.Key k = e.getKey();
          csv.printRecord(day, k.kind(), "", CsvCell.text(k.side()), CsvCell.text(k.claimant()), "", v[0][i], v[1][i], v[2][i]);
        }
      }
    }
    csv.flush();
  }
}
