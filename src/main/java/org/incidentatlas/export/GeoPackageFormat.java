package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OGC GeoPackage with one feature table named by the layer id, the citation in its metadata
 * and its title and description in gpkg_contents. SQLite needs a file, so the GeoPackage is
 * written in the download's scratch directory and then sent; rows go to disk in batches, so
 * memory does not grow with the layer.
 */
final class GeoPackageFormat implements ExportFormat {
  private static final List<String> FIXED = List.of("fid", "geom", "id");

  @Override
  public String extension() {
    return "gpkg";
  }

  @Override
  public String mediaType() {
    return "application/geopackage+sqlite3";
  }

  @Override
  public void write(Export export, OutputStream out) throws IOException {
    try (Scratch.Dir dir = export.scratch().newDir()) {
      Path file = dir.file(export.layer().id() + ".gpkg");
      write(export, file);
      Files.copy(file, out);
    }
  }

  private static void write(Export export, Path file) throws IOException {
    String table = export.layer().id();
    String geometryType = export.layer().geometryType().toUpperCase(Locale.ROOT);
    GeoPackageBinary binary = new GeoPackageBinary(GeoPackageWriter.WGS84);
    GeoPackageWriter[] writer = {null};
    try {
      FieldSampler.stream(export, schema -> {
        List<String> names = schema.columnNames(FIXED);
        List<GeoPackageWriter.Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
          Field f = schema.fields().get(i);
          columns.add(new GeoPackageWriter.Column(names.get(i), f));
        }
        writer[0] = sqlite(() -> GeoPackageWriter.create(file, table, geometryType, columns));
        return f -> {
          List<Object> values = new ArrayList<>(columns.size());
          for (GeoPackageWriter.Column c : columns) {
            values.add(value(c.field(), f.value(c.field().property())));
          }
          sqlite(() -> {
            writer[0].add(binary.encode(f.geometry()), f.geometry().getEnvelopeInternal(), f.id(), values);
            return null;
          });
        };
      });
      Citation c = export.citation();
      sqlite(() -> {
        writer[0].finish(c.title(), c.description(), geometryType, c.exportedAt(), c.items());
        return null;
      });
    } finally {
      if (writer[0] != null) {
        sqlite(() -> {
          writer[0].close();
          return null;
        });
      }
    }
  }

  /**
   * The value to store for a column of the given type. A value the sample did not foresee (see
   * {@link FieldSampler}) is stored as its text: SQLite keeps it, where a typed store would lose it.
   */
  static Object value(Field field, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!field.type().fits(v)) {
      return ValueText.of(v);
    }
    return switch (field.type()) {
      case INTEGER -> v.longValue();
      case REAL -> v.doubleValue();
      case BOOLEAN -> v.booleanValue();
      case DATE, TEXT -> ValueText.of(v);
    };
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private static <T> T sqlite(SqlWork<T> work) throws IOException {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new IOException("cannot write the GeoPackage: " + e.getMessage(), e);
    }
  }
}
