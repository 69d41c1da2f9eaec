package org.incidentatlas.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes an ACLED export of N rows for the import benchmark, made from the committed ACLED test
 * file: its rows again and again under new event ids, each point moved by up to about 1 km so
 * that the rows are not all the same place. The same N always gives the same file.
 *
 * <p>Usage: {@code SyntheticAcled OUT.csv ROWS}
 */
public final class SyntheticAcled {
  private static final Path TEMPLATE = Path.of("src/test/resources/imports/acled-tovuz-2020.csv");

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
    Random random = new Random(rows);
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (int i = 0; i < rows; i++) {
        CSVRecord r = template.get(i % template.size());
        String[] values = r.values().clone();
        values[header.indexOf("event_id_cnty")] = r.get("event_id_cnty").substring(0, 3) + "B" + i;
        jitter(values, header.indexOf("latitude"), random);
        jitter(values, header.indexOf("longitude"), random);
        printer.printRecord((Object[]) values);
      }
    }
  }

  private static void jitter(String[] values, int column, Random random) {
    double v = Double.parseDouble(values[column]) + (random.nextDouble() - 0.5) * 0.02;
    values[column] = String.format(Locale.ROOT, "%.4f", v);
  }
}
