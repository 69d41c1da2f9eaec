package org.incidentatlas.derive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.gazetteer.SettlementNames;
import org.incidentatlas.gazetteer.SettlementParser;
import org.incidentatlas.geo.ControlArea;
import org.incidentatlas.geo.Country;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentParser;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.incident.PeriodClaimParser;
import org.incidentatlas.ingest.CsvSource;
import org.incidentatlas.ingest.GeoJsonSource;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceFeature;
import org.incidentatlas.ingest.SourceReport;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * The validated content of {@code geodata/}: countries, gazetteer, incidents and the claims about
 * whole periods. Rows that fail validation are in the report, not here.
 */
public record Geodata(List<Country> countries, List<ControlArea> controlAreas, Gazetteer gazetteer, List<Incident> incidents,
    List<PeriodClaim> periodClaims) {

  /** The source files, in the order they are read. Their checksums identify a build. */
  public static final List<String> FILES = List.of("countries.geojson", "settlements.csv",
      "settlements_supplement.csv", "settlement_names.csv", "incidents.geojson", "period_claims.json", ControlArea.FILE);

  public static Geodata read(Path dir, SourceReport report) {
    List<Country> countries = new ArrayList<>();
    new GeoJsonSource(dir.resolve("countries.geojson"), "countries.geojson")
        .read(report, parsing(report, Geodata::country, countries::add));
    if (countries.stream().noneMatch(c -> c.iso2().equals("AM")) || countries.stream().noneMatch(c -> c.iso2().equals("AZ"))) {
      throw new SourceException("countries.geojson: Armenia (AM) and Azerbaijan (AZ) are both required");
    }

    Map<String, Settlement> settlements = new LinkedHashMap<>();
    for (String file : List.of("settlements.csv", "settlements_supplement.csv")) {
      new CsvSource(dir.resolve(file), file, "EPSG:4326").read(report, parsing(report, SettlementParser::parse, s -> {
        if (settlements.containsKey(s.id())) {
          throw new IllegalArgumentException("id '" + s.id() + "' already used");
        }
        settlements.put(s.id(), s);
      }));
    }
    SettlementNames.read(dir.resolve("settlement_names.csv"), "settlement_names.csv", settlements, report)
        .forEach((id, names) -> settlements.put(id, settlements.get(id).withNames(names)));

    List<Incident> incidents = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    new GeoJsonSource(dir.resolve("incidents.geojson"), "incidents.geojson").read(report, parsing(report, IncidentParser::parse, i -> {
      if (!ids.add(i.id())) {
        throw new IllegalArgumentException("id '" + i.id() + "' already used");
      }
      incidents.add(i);
    }));
    List<PeriodClaim> periodClaims = PeriodClaimParser.read(dir.resolve("period_claims.json"), "period_claims.json", report);
    List<ControlArea> control = ControlArea.read(dir.resolve(ControlArea.FILE), report);
    return new Geodata(countries, control, new Gazetteer(settlements.values()), incidents, periodClaims);
  }

  /** Parses each source feature; a parse or acceptance failure skips it with its reason. */
  private static <T> Consumer<SourceFeature> parsing(SourceReport report, Function<SourceFeature, T> parser, Consumer<T> sink) {
    return f -> {
      try {
        sink.accept(parser.apply(f));
      } catch (IllegalArgumentException e) {
        report.skip(f.problem(e.getMessage()));
      }
    };
  }

  private static Country country(SourceFeature f) {
    Geometry g = (Geometry) f.feature().getDefaultGeometry();
    if (!(g instanceof Polygon || g instanceof MultiPolygon)) {
      throw new IllegalArgumentException("country geometry must be a Polygon or MultiPolygon, is " + g.getGeometryType());
    }
    String iso2 = f.text("iso_a2");
    String name = f.text("name");
    if (iso2 == null || name == null) {
      throw new IllegalArgumentException("iso_a2 and name are required");
    }
    return new Country(iso2, f.text("iso_a3"), name, g, f.text("source"), f.text("licence"));
  }
}
