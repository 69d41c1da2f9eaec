package org.incidentatlas.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an RFC 4180 CSV file with a header row, handing each row on with its line number. A row
 * whose handler throws {@link IllegalArgumentException} is reported and skipped.
 */
public final class CsvRows {
  /** Handles one row; {@code location} is {@code line N}, counting quoted line breaks. */
  @FunctionalInterface
  public interface RowHandler {
    void accept(CSVRecord row, String location);
  }

  private CsvRows() {}

  /** Reads the file; {@code header} sees the column names first and may reject the file. */
  public static void read(Path path, String file, SourceReport report, Consumer<List<String>> header, RowHandler handler) {
    if (!Files.isRegularFile(path)) {
      throw new SourceException(file + ": file not found at " + path.toAbsolutePath());
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.parse(in, format)) {
      List<String> names = parser.getHeaderNames();
      header.accept(names);
      long nextLine = 2;
      Iterator<CSVRecord> rows = parser.iterator();
      while (rows.hasNext()) {
        CSVRecord row = rows.next();
        String location = "line " + nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        report.read(file);
        try {
          if (!row.isConsistent()) {
            throw new IllegalArgumentException("has " + row.size() + " fields, header has " + names.size());
          }
          handler.accept(row, location);
        } catch (IllegalArgumentException e) {
          report.skip(new SourceProblem(file, location, e.getMessage()));
        }
      }
    } catch (IOException | IllegalStateException | UncheckedIOException e) {
      throw new SourceException(file + ": cannot parse as CSV: " + e.getMessage(), e);
    }
  }
}
