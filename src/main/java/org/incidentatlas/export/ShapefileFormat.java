package org.incidentatlas.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.incidentatlas.export.shapefile.DbfFieldNames;
import org.incidentatlas.export.shapefile.DbfWriter;
import org.incidentatlas.export.shapefile.ShapeType;
import org.incidentatlas.export.shapefile.ShpWriter;
import org.incidentatlas.store.LayerInfo;

/**
 * An ESRI Shapefile in a zip: .shp, .shx, .dbf (UTF-8 text), .prj (WGS 84), .cpg (declaring
 * UTF-8) and a README.txt with the citation, the field names and what was cut. The shapefile
 * parts are written in the download's scratch directory, as their headers are only known at the
 * end; the zip is then streamed from them.
 */
final class ShapefileFormat implements ExportFormat {
  static final String README = "README.txt";
  /** WGS 84 in the WKT dialect ESRI's tools write and expect in a .prj. */
  static final String PRJ = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
      + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
  private static final List<String> FIXED = List.of("id");

  @Override
  public String extension() {
    return "zip";
  }

  @Override
  public String mediaType() {
    return "application/zip";
  }

  @Override
  public boolean supports(LayerInfo layer) {
    return ShapeType.forGeometryType(layer.geometryType()).isPresent();
  }

  @Override
  public void write(Export export, OutputStream out) throws IOException {
    ShapeType type = ShapeType.forGeometryType(export.layer().geometryType())
        .orElseThrow(() -> new IllegalArgumentException(export.layer().geometryType() + " cannot be a shapefile"));
    String base = export.baseName();
    try (Scratch.Dir dir = export.scratch().newDir()) {
      Path shp = dir.file(base + ".shp");
      Path shx = dir.file(base + ".shx");
      Path dbf = dir.file(base + ".dbf");
      List<ShapefileReadme.FieldName> names = new ArrayList<>();
      DbfWriter[] table = {null};
      DbfWriter.Result result;
      try (ShpWriter shapes = new ShpWriter(shp, shx, type)) {
        FieldSampler.stream(export, schema -> {
          List<String> properties = schema.fields().stream().map(Field::property).toList();
          List<String> fieldNames = DbfFieldNames.of(properties, FIXED);
          List<DbfWriter.Column> columns = new ArrayList<>();
          columns.add(new DbfWriter.Column("id", DbfWriter.Kind.TEXT));
          names.add(new ShapefileReadme.FieldName("id", "the feature id"));
          for (int i = 0; i < fieldNames.size(); i++) {
            columns.add(new DbfWriter.Column(fieldNames.get(i), kind(schema.fields().get(i).type())));
            names.add(new ShapefileReadme.FieldName(fieldNames.get(i), properties.get(i)));
          }
          table[0] = new DbfWriter(dir.file("records.staging"), columns);
          return f -> {
            shapes.write(f.geometry());
            List<String> values = new ArrayList<>(columns.size());
            values.add(f.id());
            for (Field field : schema.fields()) {
              values.add(ValueText.of(f.value(field.property())));
            }
            table[0].add(values);
          };
        });
        result = table[0].finish(dbf, export.citation().exportedAt().atZone(ZoneOffset.UTC).toLocalDate());
      } finally {
        if (table[0] != null) {
          table[0].close();
        }
      }
      ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
      entry(zip, base + ".shp", shp);
      entry(zip, base + ".shx", shx);
      entry(zip, base + ".dbf", dbf);
      entry(zip, base + ".prj", PRJ);
      entry(zip, base + ".cpg", "UTF-8");
      entry(zip, README, ShapefileReadme.text(export, type, names, result));
      zip.finish();
      zip.flush();
    }
  }

  private static DbfWriter.Kind kind(FieldType t) {
    return switch (t) {
      case INTEGER -> DbfWriter.Kind.INTEGER;
      case REAL -> DbfWriter.Kind.DECIMAL;
      case DATE -> DbfWriter.Kind.DATE;
      case BOOLEAN -> DbfWriter.Kind.LOGICAL;
      case TEXT -> DbfWriter.Kind.TEXT;
    };
  }

  private static void entry(ZipOutputStream zip, String name, Path file) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    Files.copy(file, zip);
    zip.closeEntry();
  }

  private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
