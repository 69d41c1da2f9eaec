package org.incidentatlas.export;

import java.util.List;
import java.util.Optional;

/** The formats layers can be downloaded in, by file name extension. */
public final class ExportFormats {
  private static final List<ExportFormat> ALL = List.of(new GeoJsonFormat(), new CsvFormat(), new KmlFormat(),
      new GeoPackageFormat(), new ShapefileFormat());

  private ExportFormats() {}

  public static List<ExportFormat> all() {
    return ALL;
  }

  public static Optional<ExportFormat> byExtension(String extension) {
    return ALL.stream().filter(f -> f.extension().equals(extension)).findFirst();
  }

  public static List<String> extensions() {
    return ALL.stream().map(ExportFormat::extension).toList();
  }
}
