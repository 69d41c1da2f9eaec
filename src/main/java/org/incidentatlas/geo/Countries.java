package org.incidentatlas.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Point-in-polygon over the country polygons. */
public final class Countries {
  private record Prepared(Country country, PreparedGeometry geometry) {}

  private final List<Prepared> prepared = new ArrayList<>();

  public Countries(List<Country> countries) {
    for (Country c : countries) {
      prepared.add(new Prepared(c, PreparedGeometryFactory.prepare(c.geometry())));
    }
  }

  public List<Country> all() {
    return prepared.stream().map(Prepared::country).toList();
  }

  public Optional<Country> byIso2(String iso2) {
    return all().stream().filter(c -> c.iso2().equals(iso2)).findFirst();
  }

  /** The country whose polygon covers the geometry, if any. */
  public Optional<Country> containing(Geometry g) {
    return prepared.stream().filter(p -> p.geometry().covers(g)).map(Prepared::country).findFirst();
  }
}
