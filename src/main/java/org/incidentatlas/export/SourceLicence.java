package org.incidentatlas.export;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.store.LayerInfo;

/**
 * The licence and the attribution owed for the data in a geodata file, as geodata/README.md
 * states them.
 *
 * @param name        who the data comes from
 * @param licence     SPDX identifier where there is one
 * @param url         the licence text, null where there is none
 * @param attribution the text to show wherever the data is used
 */
public record SourceLicence(String name, String licence, String url, String attribution) {
  static final SourceLicence OPENSTREETMAP = new SourceLicence("OpenStreetMap", "ODbL-1.0",
      "https://opendatacommons.org/licenses/odbl/1-0/", "© OpenStreetMap contributors");
  static final SourceLicence NATURAL_EARTH = new SourceLicence("Natural Earth", "public domain",
      "https://www.naturalearthdata.com/about/terms-of-use/", "Made with Natural Earth");
  static final SourceLicence GEONAMES = new SourceLicence("GeoNames", "CC-BY-4.0",
      "https://creativecommons.org/licenses/by/4.0/", "© GeoNames (geonames.org)");
  static final SourceLicence INCIDENT_REPORTS = new SourceLicence("incident reports", "attribution per record", null,
      "incident records compiled from the reports cited in each record's sources (publisher, date, URL)");
  static final SourceLicence SUPPLEMENT = new SourceLicence("settlement supplement", "facts with their source", null,
      "coordinates of villages GeoNames lacks from the Wikipedia articles named in settlements_supplement.csv");

  private static final Map<String, List<SourceLicence>> BY_FILE = Map.of(
      "countries.geojson", List.of(OPENSTREETMAP, NATURAL_EARTH),
      "settlements.csv", List.of(GEONAMES),
      "settlement_names.csv", List.of(GEONAMES),
      "settlements_supplement.csv", List.of(SUPPLEMENT),
      "incidents.geojson", List.of(INCIDENT_REPORTS));

  /** What the given source files carry, each licence once, in the order the files are listed. */
  public static List<SourceLicence> of(List<LayerInfo.SourceFile> files) {
    Set<SourceLicence> out = new LinkedHashSet<>();
    for (LayerInfo.SourceFile f : files) {
      out.addAll(BY_FILE.getOrDefault(f.file(), List.of(new SourceLicence(f.file(), "see geodata/README.md", null,
          f.file() + " as described in geodata/README.md"))));
    }
    return List.copyOf(out);
  }
}
