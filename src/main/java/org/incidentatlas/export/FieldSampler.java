package org.incidentatlas.export;

import java.io.IOException;

/**
 * Streams a download into a format that needs its fields before the first row (CSV columns, a
 * GeoPackage table, DBF fields, a KML Schema). The fields are learnt from the first features
 * (see {@link FeatureSource#sample}), read once for that and again with all the others, so that
 * nothing is held in memory while the file is written. The sample is enough: the features of a layer share their keys, and each
 * key keeps one JSON type, because the build writes every layer from typed records.
 */
final class FieldSampler {
  static final int SAMPLE = 1_000;

  /** Receives the features once the fields are known. */
  @FunctionalInterface
  interface Rows {
    void row(ExportFeature f) throws IOException;
  }

  /** Starts the file for the fields and returns where its rows go. */
  @FunctionalInterface
  interface Start {
    Rows start(FieldSchema schema) throws IOException;
  }

  private FieldSampler() {}

  /** Learns the fields, starts the file and writes every feature as a row. */
  static void stream(Export export, Start start) throws IOException {
    FieldSchema.Builder fields = new FieldSchema.Builder();
    export.features().sample(SAMPLE, f -> fields.add(FeatureReader.properties(f)));
    Rows rows = start.start(fields.build());
    FeatureReader reader = new FeatureReader();
    export.features().forEach(f -> rows.row(reader.read(f)));
  }
}
