package org.incidentatlas.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.incidentatlas.store.LayerInfo;

/**
 * What a download says about itself so that it can be cited and checked: the layer, the query
 * that selected its features, the build they come from and the checksum of its source files,
 * the licences and attributions of those files, and when it was exported. Every format carries
 * it inside the file where the format has room for it; the response always carries it in headers.
 *
 * @param query       the query string that selected the features, empty for the whole layer
 * @param url         the address that produced this download, to cite it by
 * @param describedBy the layer's description in the API
 */
public record Citation(String layerId, String title, String description, String query, String buildId, Instant builtAt,
    Instant exportedAt, List<LayerInfo.SourceFile> sources, List<SourceLicence> licences, String url, String describedBy) {
  public static final String PUBLISHER = "Incident Atlas";

  public Citation {
    sources = List.copyOf(sources);
    licences = List.copyOf(licences);
  }

  public static Citation of(LayerInfo layer, String query, String url, String describedBy, Instant exportedAt) {
    return new Citation(layer.id(), layer.title(), layer.description(), query == null ? "" : query, layer.buildId(),
        layer.builtAt(), exportedAt.truncatedTo(ChronoUnit.SECONDS), layer.sources(), SourceLicence.of(layer.sources()),
        url, describedBy);
  }

  /** The licences of the data, e.g. {@code ODbL-1.0 (OpenStreetMap); public domain (Natural Earth)}. */
  public String licence() {
    return licences.stream().map(l -> l.licence() + " (" + l.name() + ")").distinct().collect(Collectors.joining("; "));
  }

  /** The attributions owed, joined by "; ". */
  public String attribution() {
    return licences.stream().map(SourceLicence::attribution).distinct().collect(Collectors.joining("; "));
  }

  /**
   * {@code sha256:} and the SHA-256 of {@link #checksumLines()}: the layer's source files as
   * {@code sha256sum} lists them, sorted by name. So
   * {@code cd geodata && sha256sum countries.geojson incidents.geojson ... | sha256sum}, with the
   * files in that order, recomputes it from the files themselves.
   */
  public String checksum() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(sha.digest(checksumLines().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** One line {@code <sha256>  <file>} per source file, sorted by file name. */
  public String checksumLines() {
    return sources.stream().sorted(Comparator.comparing(LayerInfo.SourceFile::file))
        .map(f -> f.sha256() + "  " + f.file() + "\n").collect(Collectors.joining());
  }

  /** The suggested citation: {@code Incident Atlas (2026). <title>, build <id>, exported <time>. <url>} */
  public String text() {
    return PUBLISHER + " (" + exportedAt.atZone(ZoneOffset.UTC).getYear() + "). " + title + ", build " + buildId
        + ", exported " + exportedAt + ". " + url;
  }

  /**
   * Every item under a stable key, in reading order, for formats that keep key-value metadata
   * (KML ExtendedData, GeoPackage metadata, the Shapefile README).
   */
  public Map<String, String> items() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("title", title);
    m.put("layer", layerId);
    m.put("description", description);
    m.put("citation", text());
    m.put("licence", licence());
    m.put("attribution", attribution());
    m.put("query", query);
    m.put("url", url);
    m.put("described_by", describedBy);
    m.put("build", buildId);
    m.put("built_at", builtAt.toString());
    m.put("checksum", checksum());
    m.put("exported_at", exportedAt.toString());
    return m;
  }
}
