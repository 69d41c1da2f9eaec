package org.incidentatlas.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The file formats {@code import} reads, and how a file's format is told. */
public enum ImportFormat {
  ACLED("acled", AcledReader::new),
  UCDP_GED("ucdp", UcdpGedReader::new),
  GEOJSON("geojson", GeoJsonFeatureReader::new);

  private final String option;
  private final Supplier<ImportReader> reader;

  ImportFormat(String option, Supplier<ImportReader> reader) {
    this.option = option;
    this.reader = reader;
  }

  /** The value of {@code --format} that names this format. */
  public String option() {
    return option;
  }

  /** A new reader for files of this format. */
  public ImportReader reader() {
    return reader.get();
  }

  /** Reads {@code file} as this format; see {@link ImportReader#read}. */
  public void read(Path file, Consumer<? super ImportResult> sink) {
    reader().read(file, sink);
  }

  /**
   * The format given by {@code --format}, or, when {@code option} is null, the one detected from
   * the file (see {@link #detect}).
   *
   * @throws ImportException when the option names no format or the file's format cannot be told
   */
  public static ImportFormat of(Path file, String option) {
    return option == null ? detect(file) : fromOption(option);
  }

  /** @throws ImportException naming the accepted values */
  public static ImportFormat fromOption(String option) {
    for (ImportFormat f : values()) {
      if (f.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new ImportException("--format '" + option + "' is not one of " + options());
  }

  /**
   * Tells the format from the file: {@code .geojson} and {@code .json} are GeoJSON; any other file
   * is read as CSV and told by its header — {@code event_id_cnty} is ACLED, {@code id},
   * {@code date_start}, {@code best} and {@code side_a} together are UCDP GED. Only the header is
   * read.
   *
   * @throws ImportException naming the file and the headers expected
   */
  public static ImportFormat detect(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".geojson") || name.endsWith(".json")) {
      return GEOJSON;
    }
    List<String> header = header(file);
    if (header.contains(AcledReader.ID)) {
      return ACLED;
    }
    if (header.containsAll(UcdpGedReader.SIGNATURE)) {
      return UCDP_GED;
    }
    throw new ImportException(file + ": cannot tell the format: expected a .geojson/.json file, or a CSV"
        + " file whose header has '" + AcledReader.ID + "' (ACLED) or " + UcdpGedReader.SIGNATURE.stream()
        .map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + " (UCDP GED); the header has "
        + (header.isEmpty() ? "no columns" : header) + ". Name the format with --format " + options());
  }

  private static List<String> header(Path file) {
    CsvDatasetReader.requireFile(file);
    try (Reader in = CsvDatasetReader.open(file);
         CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180)) {
      Iterator<CSVRecord> records = parser.iterator();
      return records.hasNext() ? records.next().stream().map(String::trim).toList() : List.of();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new ImportException(file + ": cannot read a CSV header: " + e.getMessage(), e);
    }
  }

  private static String options() {
    return Arrays.stream(values()).map(ImportFormat::option).collect(Collectors.joining("|"));
  }
}
