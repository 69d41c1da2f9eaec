package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.incidentatlas.export.Citation;
import org.incidentatlas.export.Export;
import org.incidentatlas.export.ExportFormat;
import org.incidentatlas.export.ExportFormats;
import org.incidentatlas.export.FeatureSource;
import org.incidentatlas.export.Scratch;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;

/**
 * {@code /download/{layer}.{format}}: a layer, whole or filtered, as a file in one of the
 * {@link ExportFormats}, streamed from the database row by row, with its citation in the headers.
 */
final class Downloads {
  /**
   * The longest query string a download cites. The citation repeats the address in three response
   * headers (the {@code cite-as} link, {@code X-Atlas-Query}, {@code X-Atlas-Citation}), which must
   * be complete before the first byte of the file is sent; longer addresses are refused up front.
   */
  static final int MAX_CITED_QUERY = 2000;
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9.]+");

  private final AtlasStore store;
  private final Scratch scratch;

  Downloads(AtlasStore store, Scratch scratch) {
    this.store = store;
    this.scratch = scratch;
  }

  void file(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    int dot = file.lastIndexOf('.');
    ExportFormat format = (dot < 0 ? null : ExportFormats.byExtension(file.substring(dot + 1)).orElse(null));
    if (format == null) {
      throw ApiException.notFound("downloads are offered as <layer>." + String.join(", <layer>.", ExportFormats.extensions())
          + " (zip: ESRI Shapefile), not '" + file + "'");
    }
    String id = file.substring(0, dot);
    LayerInfo layer = store.layer(id).orElseThrow(() -> ApiException.notFound("no layer '" + id + "'"));
    if (!format.supports(layer)) {
      throw ApiException.notFound("layer '" + id + "' holds " + layer.geometryType() + ", which ." + format.extension()
          + " cannot hold");
    }
    FeatureQuery q = ItemsRequest.download(layer, ctx.queryParamMap());
    String name = fileName(layer, q);
    Citation citation = CitationHeaders.cite(ctx, layer, "a download, in its headers and file,",
        "Shorten the filter, or page through /api/collections/" + id + "/items, which takes longer ones");
    ctx.contentType(format.mediaType());
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "." + format.extension() + "\"");
    if (ctx.method() == HandlerType.HEAD) {
      ResponseBody.headersOnly(ctx);
      return;
    }
    try (OutputStream out = ResponseBody.of(ctx)) {
      format.write(new Export(layer, citation, FeatureSource.of(store, layer, q), name, scratch), out);
    }
  }

  /**
   * A name that says what the file holds, e.g.
   * {@code incident-atlas_incidents_2020-07-12_to_2020-07-14_event_type-shelling_bbox-45.1_40.8_45.9_41.2}.
   */
  static String fileName(LayerInfo layer, FeatureQuery q) {
    List<String> parts = new ArrayList<>(List.of("incident-atlas", layer.id()));
    if (q.time() != null) {
      LocalDate start = q.time().start();
      LocalDate end = q.time().end();
      parts.add(start == null ? "until_" + end : end == null ? "from_" + start : start + "_to_" + end);
    }
    for (PropertyFilter f : q.filters()) {
      parts.add(f.attribute().param() + "-" + String.join("+", f.values().stream().map(v -> safe(v.toString())).toList()));
    }
    if (q.condition() != null) {
      parts.add("filter-" + q.condition().digest());
    }
    if (q.bbox() != null) {
      Bbox b = q.bbox();
      parts.add("bbox-" + String.join("_", Stream.of(b.minLon(), b.minLat(), b.maxLon(), b.maxLat())
          .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
    }
    String name = String.join("_", parts);
    // File systems and browsers cap names; the full query is inside the file and in the headers.
    return name.length() > 180 ? name.substring(0, 180) : name;
  }

  private static String safe(String value) {
    return UNSAFE.matcher(value).replaceAll("-");
  }

  /** Percent-encodes what a URL in a header or a file must not carry raw: non-ASCII, spaces, controls, quotes. */
  static String asciiUrl(String s) {
    return CitationHeaders.percentEncoded(s, ch -> ch > 0x20 && ch < 0x7F && ch != '"' && ch != '<' && ch != '>' && ch != '\\');
  }
}
