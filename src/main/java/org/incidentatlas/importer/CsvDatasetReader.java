package org.incidentatlas.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
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
 * The part every dataset CSV shares: an RFC 4180 file with a header row, read record by record.
 * A subclass names the columns it cannot do without and maps one row; this class finds each row's
 * line, rejects rows whose column count differs from the header's, and turns the problems a row
 * collected into one {@link ImportProblem}.
 */
abstract class CsvDatasetReader implements ImportReader {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  /** Dataset id of the rows, e.g. {@code acled}. */
  abstract String dataset();

  /** What the file is, for messages: "an ACLED export". */
  abstract String description();

  /** Column holding the row's id in the dataset. */
  abstract String idColumn();

  /** Columns the header must have; a file without them is rejected as a whole. */
  abstract List<String> requiredColumns();

  /** The row in the write format, or null when it recorded a problem. */
  abstract ObjectNode map(CsvRow row);

  @Override
  public void read(Path file, Consumer<? super ImportResult> sink) {
    requireFile(file);
    try (Reader in = open(file)) {
      read(file.toString(), in, sink);
    } catch (IOException e) {
      throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads CSV text from {@code in}; {@code file} names it in results and errors. */
  void read(String file, Reader in, Consumer<? super ImportResult> sink) {
    try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
      List<String> header = parser.getHeaderNames();
      List<String> missing = requiredColumns().stream().filter(c -> !header.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new ImportException(file + ":line 1: the header lacks " + missing + ", which " + description() + " has");
      }
      // A record starts on the line after the one the previous record ended on; quoted values may
      // span lines, so counting records would not say where a row is.
      long line = parser.getCurrentLineNumber() + 1;
      Iterator<CSVRecord> records = parser.iterator();
      while (records.hasNext()) {
        CSVRecord record = records.next();
        long start = line;
        line = parser.getCurrentLineNumber() + 1;
        if (blank(record)) {
          continue;
        }
        sink.accept(mapRecord(file, start, record, header.size()));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw new ImportException(file + ": cannot parse as CSV: " + e.getMessage(), e);
    }
  }

  private ImportResult mapRecord(String file, long line, CSVRecord record, int columns) {
    if (!record.isConsistent()) {
      return new ImportProblem(file, line, "has " + record.size() + " columns, the header has " + columns);
    }
    CsvRow row = new CsvRow(record);
    String id = row.text(idColumn());
    if (id == null) {
      row.problem(idColumn() + " is empty: every row needs its id in the dataset");
    }
    ObjectNode feature = map(row);
    if (!row.problems().isEmpty() || feature == null) {
      return new ImportProblem(file, line, String.join("; ", row.problems()));
    }
    return new ImportRow(file, line, dataset(), id, feature);
  }

  private static boolean blank(CSVRecord record) {
    return record.size() <= 1 && (record.size() == 0 || record.get(0).isBlank());
  }

  static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": file not found");
    }
  }

  /** Opens a UTF-8 file, skipping the byte order mark spreadsheet programs put before the header. */
  static Reader open(Path file) throws IOException {
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    in.mark(1);
    if (in.read() != '\uFEFF') {
      in.reset();
    }
    return in;
  }
}
