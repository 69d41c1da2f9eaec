package org.incidentatlas.derive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.ControlArea;
import org.incidentatlas.geo.ControlAreas;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.IncludedChange;
import org.incidentatlas.store.Layer;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.store.LayerInfo.SourceFile;
import org.incidentatlas.store.LayerWriter;

/**
 * The {@code build} step: reads {@code geodata/} and the incident records, validates, enriches,
 * derives the served layers and writes them into a fresh database that replaces the served one
 * only when complete.
 */
public final class AtlasBuild {
  /**
   * The layout of the database a build writes: its tables and the properties derived into them.
   * It is part of the fingerprint, so raising it makes {@code serve} rebuild a database written by
   * an earlier version even when geodata/ is unchanged. Raise it whenever either changes.
   */
  static final int LAYOUT = 17;

  private static final List<String> INCIDENT_FILES = List.of("incidents.geojson", "settlements.csv",
      "settlements_supplement.csv", "settlement_names.csv", "countries.geojson", ControlArea.FILE);
  /** Incident features also name the period claims that cover them. */
  private static final List<String> INCIDENT_LAYER_FILES = List.of("incidents.geojson", "period_claims.json",
      "settlements.csv", "settlements_supplement.csv", "settlement_names.csv", "countries.geojson", ControlArea.FILE);

  private AtlasBuild() {}

  /** Builds into the embedded store of {@code dataDir}. */
  public static SourceReport run(Path geodataDir, Path dataDir) {
    return run(geodataDir, new H2Database(dataDir));
  }

  public static SourceReport run(Path geodataDir, Database database) {
    // Checksums first: a file edited while the build reads it then makes the next serve rebuild.
    Map<String, String> checksums = checksums(geodataDir);
    SourceReport report = new SourceReport();
    Derivation derivation = new Derivation(Geodata.read(geodataDir, report));
    List<String> problems = derivation.territoryProblems();
    if (!problems.isEmpty()) {
      throw new SourceException("countries.geojson: " + String.join("; ", problems));
    }
    try (RecordsDb db = RecordsDb.open(database)) {
      PublishedRecords records = PublishedRecords.read(new IncidentRecords(db), report);
      List<Layer> layers = derivation.layers(records, report);
      write(layers, checksums, database, report, records.lastChange());
    }
    return report;
  }

  /** The served layers derived from validated geodata alone, in catalogue order; nothing is written. */
  public static List<Layer> layers(Geodata data, SourceReport report) {
    return new Derivation(data).layers(PublishedRecords.none(), report);
  }

  /** The served layers over derived features, in catalogue order. */
  static List<Layer> layers(Geodata data, SourceReport report, Border border, Iterable<LayerFeature> incidentFeatures,
      Iterable<LayerFeature> armedClashes, Iterable<LayerFeature> shelledVillages, Iterable<LayerFeature> exposureZones) {
    Countries countries = new Countries(data.countries());
    ControlAreas control = new ControlAreas(data.controlAreas(), countries);
    List<String> gazetteerFiles = List.of("settlements.csv", "settlements_supplement.csv", "settlement_names.csv",
        "countries.geojson", ControlArea.FILE);
    return List.of(
        incidentsLayer(incidentFeatures),
        borderClashesLayer(armedClashes),
        new Layer("shelled_villages", "Shelled villages",
            "One feature per settlement reported shelled: number of shelling incidents, first and last date;"
                + " the shellings, with their claims and sources, are the incidents with its place_id and event_type shelling.",
            "Point", INCIDENT_FILES, ShelledVillages.ATTRIBUTES, ShelledVillages.PROPERTIES, shelledVillages),
        new Layer("border", "Armenia–Azerbaijan border",
            "The international border, derived from the shared edges of the two countries' OpenStreetMap polygons, closed around every exclave.",
            "MultiLineString", List.of("countries.geojson"), ReferenceLayers.BORDER_ATTRIBUTES, ReferenceLayers.BORDER_PROPERTIES, ReferenceLayers.border(border)),
        new Layer("settlements", "Settlements",
            "Gazetteer of the populated places of Armenia and Azerbaijan (GeoNames, plus villages it lacks), with spellings in several scripts.",
            "Point", gazetteerFiles, ReferenceLayers.SETTLEMENT_ATTRIBUTES, ReferenceLayers.SETTLEMENT_PROPERTIES,
                ReferenceLayers.settlements(data.gazetteer(), countries, control, border, report)),
        new Layer("exposure_zones", "Exposure zones",
            "Bands 0–5, 5–10 and 10–20 km from the border on each side, with the settlements inside and the number of"
                + " incidents inside, which name the zone in exposure_zone.",
            "MultiPolygon", INCIDENT_FILES, ExposureZones.ATTRIBUTES, ExposureZones.PROPERTIES, exposureZones),
        new Layer("countries", "Countries",
            "Country polygons of the region: Armenia and Azerbaijan by the internationally recognised border (OpenStreetMap), neighbours from Natural Earth 1:50m.",
            "MultiPolygon", List.of("countries.geojson"), ReferenceLayers.COUNTRY_ATTRIBUTES, ReferenceLayers.COUNTRY_PROPERTIES, ReferenceLayers.countries(data.countries())),
        new Layer("control_areas", "Areas of other control",
            "Exclaves held in July 2020 by the other side than the country they belong to by the internationally recognised border,"
                + " each with who held it, since when and the source.",
            "MultiPolygon", List.of("countries.geojson", ControlArea.FILE), ReferenceLayers.CONTROL_AREA_ATTRIBUTES, ReferenceLayers.CONTROL_AREA_PROPERTIES,
            ReferenceLayers.controlAreas(control)));
  }

  /** The incidents layer over the given features (the build's own, or generated ones). */
  public static Layer incidentsLayer(Iterable<LayerFeature> features) {
    return new Layer("incidents", "Incidents",
        "Every recorded incident of the July 2020 Tovuz–Tavush fighting: armed clashes, shelling and drone strikes,"
            + " each with its claims and sources, enriched with country, district, nearest settlement and distance to the border.",
        "Point", INCIDENT_LAYER_FILES, EnrichedIncident.ATTRIBUTES, EnrichedIncident.PROPERTIES, features);
  }

  /**
   * The border clashes layer over the given features, which must be the armed clashes among the
   * incidents: a build written by {@link #write} makes them from the incidents' own pass and does
   * not read these.
   */
  public static Layer borderClashesLayer(Iterable<LayerFeature> armedClashes) {
    return new Layer("border_clashes", "Border clashes",
        "Armed clashes at the border positions (the incidents with event_type armed_clash).",
        "Point", INCIDENT_LAYER_FILES, EnrichedIncident.ATTRIBUTES, EnrichedIncident.PROPERTIES, armedClashes);
  }

  public static boolean isArmedClash(LayerFeature incident) {
    return "armed_clash".equals(incident.properties().get("event_type"));
  }

  /**
   * Writes the layers into a fresh database that replaces the one in {@code dataDir} when complete,
   * stamped with the fingerprint of {@code geodataDir} so that {@code serve} takes it as current.
   */
  public static void write(List<Layer> layers, Path geodataDir, Path dataDir, SourceReport report) {
    write(layers, geodataDir, new H2Database(dataDir), report);
  }

  public static void write(List<Layer> layers, Path geodataDir, Database database, SourceReport report) {
    write(layers, checksums(geodataDir), database, report, IncludedChange.NONE);
  }

  private static void write(List<Layer> layers, Map<String, String> checksums, Database database, SourceReport report,
      IncludedChange included) {
    try (LayerWriter writer = LayerWriter.begin(database)) {
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
        // The border clashes are the armed clashes among the incidents: written from the incidents'
        // pass, so that each incident is enriched and serialised once, not again for the clashes.
        if (layer.id().equals("incidents") && next != null && next.id().equals("border_clashes")) {
          long[] counts = writer.write(layer, sources(layer, checksums),
              List.of(new LayerWriter.Part(next, sources(next, checksums), AtlasBuild::isArmedClash)));
          report.wrote(layer.id(), (int) counts[0]);
          report.wrote(next.id(), (int) counts[1]);
          i++;
        } else {
          report.wrote(layer.id(), (int) writer.write(layer, sources(layer, checksums)));
        }
      }
      writer.commit(fingerprint(checksums), report.summary(), included);
    }
  }

  private static List<SourceFile> sources(Layer layer, Map<String, String> checksums) {
    return layer.sourceFiles().stream().map(f -> new SourceFile(f, checksums.get(f))).toList();
  }

  /** Identifies the content of the geodata files and the layout; a build is stale when this changes. */
  public static String fingerprint(Path geodataDir) {
    return fingerprint(checksums(geodataDir));
  }

  private static String fingerprint(Map<String, String> checksums) {
    StringBuilder all = new StringBuilder("layout=" + LAYOUT + "\n");
    checksums.forEach((f, sum) -> all.append(f).append('=').append(sum).append('\n'));
    return HexFormat.of().formatHex(sha256().digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static Map<String, String> checksums(Path geodataDir) {
    Map<String, String> out = new TreeMap<>();
    for (String file : Geodata.FILES) {
      Path path = geodataDir.resolve(file);
      if (!Files.isRegularFile(path)) {
        throw new SourceException(file + ": file not found at " + path.toAbsolutePath());
      }
      MessageDigest digest = sha256();
      try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new SourceException(file + ": cannot read: " + e.getMessage(), e);
      }
      out.put(file, HexFormat.of().formatHex(digest.digest()));
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
