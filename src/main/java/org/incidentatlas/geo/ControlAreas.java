package org.incidentatlas.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Which recorded control area, if any, holds a point. */
public final class ControlAreas {
  /** An area with its outline. */
  public record Outlined(ControlArea area, Geometry outline) {}

  private record Prepared(Outlined outlined, PreparedGeometry geometry) {}

  private final List<ControlArea> all;
  private final List<Prepared> outlined = new ArrayList<>();

  public ControlAreas(List<ControlArea> areas, Countries countries) {
    this.all = List.copyOf(areas);
    for (ControlArea a : areas) {
      if (a.hasOutline()) {
        Country sovereign = countries.byIso2(a.sovereign()).orElseThrow(() ->
            new IllegalStateException(ControlArea.FILE + ": " + a.id() + " names no country of countries.geojson"));
        Geometry outline = a.outlineIn(sovereign);
        outlined.add(new Prepared(new Outlined(a, outline), PreparedGeometryFactory.prepare(outline)));
      }
    }
  }

  public static ControlAreas none() {
    return new ControlAreas(List.of(), new Countries(List.of()));
  }

  /** Every recorded area, with an outline or not. */
  public List<ControlArea> all() {
    return all;
  }

  /** The areas that have an outline, with it. */
  public List<Outlined> outlined() {
    return outlined.stream().map(Prepared::outlined).toList();
  }

  /** The area holding the geometry, if it lies in one with an outline. */
  public Optional<ControlArea> at(Geometry g) {
    return outlined.stream().filter(p -> p.geometry().covers(g)).map(p -> p.outlined().area()).findFirst();
  }
}
