package org.incidentatlas.export;

import java.util.List;
import java.util.Locale;
import org.incidentatlas.export.shapefile.DbfWriter;
import org.incidentatlas.export.shapefile.ShapeType;

/**
 * The README.txt of a Shapefile download: how to cite it, where it comes from, what each DBF
 * field holds and which texts had to be cut. A shapefile has no place for any of this itself.
 */
final class ShapefileReadme {
  /** A DBF field and the property it holds. */
  record FieldName(String field, String property) {}

  private ShapefileReadme() {}

  static String text(Export export, ShapeType type, List<FieldName> names, DbfWriter.Result result) {
    Citation c = export.citation();
    String base = export.baseName();
    StringBuilder t = new StringBuilder();
    t.append(c.title()).append(" - ").append(Citation.PUBLISHER).append(", ESRI Shapefile download\n\n");
    t.append("HOW TO CITE\n\n  ").append(c.text()).append("\n\n");
    t.append("WHAT THIS IS\n\n");
    line(t, "Layer", c.layerId() + " (" + c.title() + ")");
    line(t, "Description", c.description());
    line(t, "Query", c.query().isEmpty() ? "(none: the whole layer)" : c.query());
    line(t, "Features", Long.toString(result.records()));
    line(t, "Address", c.url());
    line(t, "Described at", c.describedBy());
    line(t, "Build", c.buildId() + ", built " + c.builtAt());
    line(t, "Exported", c.exportedAt().toString());
    t.append("\nLICENCES AND ATTRIBUTION\n\n");
    for (SourceLicence l : c.licences()) {
      t.append("  ").append(l.name()).append(": ").append(l.licence()).append(l.url() == null ? "" : " <" + l.url() + ">")
          .append("\n    ").append(l.attribution()).append('\n');
    }
    t.append("\nSOURCE FILES\n\n  SHA-256 of each geodata file the layer is built from; ").append(c.checksum())
        .append("\n  is the SHA-256 of these lines.\n\n");
    c.checksumLines().lines().forEach(l -> t.append("  ").append(l).append('\n'));
    t.append("\nFILES\n\n");
    line(t, base + ".shp, .shx", "geometry (" + type.name().toLowerCase(Locale.ROOT)
        + "), longitude/latitude in WGS 84");
    line(t, base + ".dbf", "attributes, text in UTF-8");
    line(t, base + ".cpg", "declares the UTF-8 of the .dbf");
    line(t, base + ".prj", "the coordinate reference system, WGS 84 (EPSG:4326)");
    t.append("\nFIELDS\n\n  A DBF field name has at most 10 characters; longer property names are shortened.\n\n");
    for (FieldName n : names) {
      t.append(String.format(Locale.ROOT, "  %-10s  %s%n", n.field(), n.property()));
    }
    t.append("\n  Lists are written as text: claims as \"2 (AZ military) claimed by ... [S4]\" joined by \"; \",\n")
        .append("  sources as \"S4: publisher, date, url\" joined by \"; \", other lists joined by \" | \".\n");
    t.append("\nTEXT THAT WAS CUT\n\n");
    boolean any = false;
    for (int i = 0; i < names.size(); i++) {
      int cut = result.truncated()[i];
      if (cut > 0) {
        any = true;
        t.append(String.format(Locale.ROOT, "  %-10s  %d of %d values%n", names.get(i).field(), cut, result.records()));
      }
    }
    t.append(any ? "\n" : "  none\n\n");
    t.append("  A DBF text field holds at most ").append(DbfWriter.MAX_TEXT_BYTES)
        .append(" bytes; longer values are cut at a character boundary.\n")
        .append("  The GeoJSON and CSV downloads of the same address (.geojson, .csv instead of .zip)\n")
        .append("  hold every value in full, the GeoJSON also with its lists and claims as structured data.\n");
    return t.toString().replace("\n", "\r\n");
  }

  private static void line(StringBuilder t, String label, String value) {
    t.append("  ").append(label).append(": ").append(value).append('\n');
  }
}
