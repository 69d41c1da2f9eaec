package org.incidentatlas.derive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.incidentatlas.gazetteer.Settlement;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Attribute.Type;
import org.incidentatlas.store.FeatureProperty;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.Country;
import org.incidentatlas.geo.MetricFrame;
import org.incidentatlas.geo.Polygons;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Bands of 0–5, 5–10 and 10–20 km from the border on each side, buffered in UTM 38N metres and
 * cut to each country, with the settlements inside and the number of incidents.
 */
public final class ExposureZones {
  /** Band limits in kilometres. */
  public static final double[][] BANDS = {{0, 5}, {5, 10}, {10, 20}};

  /**
   * Simplifying the border by 10 m before buffering changes band edges by at most that much and
   * makes the buffers of a ~1,000 km line with 10 m detail several times faster.
   */
  private static final double SIMPLIFY_M = 10;

  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.of("id", Type.TEXT, "Zone id", "Side and band, e.g. am-0-5km"),
      Attribute.of("side", Type.TEXT, "Side", "ISO code of the country the zone lies in").withValues(List.of("AM", "AZ")),
      Attribute.of("country", Type.TEXT, "Country", "Name of the country the zone lies in"),
      Attribute.of("band", Type.TEXT, "Band", "Distance band from the border, e.g. 0–5 km"),
      Attribute.of("min_km", Type.NUMBER, "From (km)", "Inner edge of the band, distance from the border"),
      Attribute.of("max_km", Type.NUMBER, "To (km)", "Outer edge of the band, distance from the border"),
      Attribute.of("area_km2", Type.NUMBER, "Area (km²)", "Area of the zone"),
      Attribute.of("settlement_count", Type.INTEGER, "Settlements", "Number of settlements inside"),
      Attribute.of("settlements", Type.TEXT_LIST, "Settlement names", "Names of the settlements inside"),
      Attribute.of("settlement_ids", Type.TEXT_LIST, "Settlement ids", "Gazetteer ids of the settlements inside"),
      Attribute.of("incident_count", Type.INTEGER, "Incidents",
          "Number of incidents inside; they are the incidents whose exposure_zone is this zone's id"));

  public static final List<FeatureProperty> PROPERTIES = FeatureProperty.of(ATTRIBUTES, List.of(), null, null);

  private ExposureZones() {}

  /** A zone's extent, in UTM 38N metres: one band on one side of the border. */
  record Area(Country country, double[] band, Geometry metric) {}

  /** The zones' extents: the slow part, which depends on the border and countries only. */
  static List<Area> areas(Border border, List<Country> sides) {
    Geometry line = DouglasPeuckerSimplifier.simplify(border.metric(), SIMPLIFY_M);
    List<Geometry> buffers = new ArrayList<>();
    for (double[] band : BANDS) {
      buffers.add(around(line, band[1] * 1000));
    }
    List<Area> out = new ArrayList<>();
    for (Country country : sides) {
      Geometry land = MetricFrame.toMetric(country.geometry());
      for (int b = 0; b < BANDS.length; b++) {
        Geometry ring = b == 0 ? buffers.get(0) : buffers.get(b).difference(buffers.get(b - 1));
        out.add(new Area(country, BANDS[b], Polygons.asMultiPolygon(ring.intersection(land))));
      }
    }
    return out;
  }

  /** Zones of the two sides that share ground: a place would be exposed to both at once. */
  static List<String> overlaps(List<Area> areas) {
    List<String> out = new ArrayList<>();
    for (Area a : areas) {
      for (Area b : areas) {
        if (a.country().iso2().compareTo(b.country().iso2()) < 0) {
          double km2 = a.metric().intersection(b.metric()).getArea() / 1e6;
          if (km2 > 0.001) {
            out.add(String.format(Locale.ROOT, "the %s zone %s–%s km and the %s zone %s–%s km overlap by %.2f km²",
                a.country().name(), fmt(a.band()[0]), fmt(a.band()[1]), b.country().name(), fmt(b.band()[0]), fmt(b.band()[1]), km2));
          }
        }
      }
    }
    return out;
  }

  private static String fmt(double km) {
    return km == Math.rint(km) ? String.valueOf((long) km) : String.valueOf(km);
  }

  /**
   * Everything within {@code metres} of the lines. JTS buffers a closed line (the border around
   * an exclave) on one side only, so a ring is buffered as the band between its polygon grown and
   * shrunk by that distance.
   */
  static Geometry around(Geometry lines, double metres) {
    List<Geometry> parts = new ArrayList<>();
    for (int i = 0; i < lines.getNumGeometries(); i++) {
      LineString l = (LineString) lines.getGeometryN(i);
      if (l.isClosed() && l.getNumPoints() >= 4) {
        Polygon inside = l.getFactory().createPolygon(l.getCoordinates());
        parts.add(inside.buffer(metres, 16).difference(inside.buffer(-metres, 16)));
      } else {
        parts.add(l.buffer(metres, 16));
      }
    }
    return UnaryUnionOp.union(parts);
  }

  /**
   * A zone as geodata fixes it: its outline in WGS84 and the settlements inside. Its incidents
   * come from the records, and it only counts them: each names its zone ({@code exposure_zone}),
   * so that a list here would repeat the incidents layer and grow with every record.
   */
  public static final class Zone {
    private final String id;
    private final Country country;
    private final double[] band;
    private final double areaKm2;
    private final Geometry lonLat;
    private final PreparedGeometry inside;
    private final List<String> settlementIds = new ArrayList<>();
    private final List<String> settlementNames = new ArrayList<>();

    Zone(Area a, Iterable<Settlement> settlements) {
      this.country = a.country();
      this.band = a.band();
      this.id = country.iso2().toLowerCase() + "-" + (int) band[0] + "-" + (int) band[1] + "km";
      this.areaKm2 = Math.round(a.metric().getArea() / 1e6 * 10) / 10.0;
      this.lonLat = MetricFrame.toWgs84(a.metric());
      this.inside = PreparedGeometryFactory.prepare(lonLat);
      for (Settlement s : settlements) {
        if (inside.covers(s.point())) {
          settlementIds.add(s.id());
          settlementNames.add(s.name());
        }
      }
    }

    public String id() {
      return id;
    }

    /** Whether an incident at {@code point} is inside, as the build decides it. */
    public boolean covers(Geometry point) {
      return inside.covers(point);
    }

    /** The served feature with this many incidents inside. */
    public LayerFeature feature(long incidents) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", id);
      p.put("side", country.iso2());
      p.put("country", country.name());
      p.put("band", (int) band[0] + "–" + (int) band[1] + " km");
      p.put("min_km", band[0]);
      p.put("max_km", band[1]);
      p.put("area_km2", areaKm2);
      p.put("settlement_count", settlementIds.size());
      p.put("settlements", settlementNames);
      p.put("settlement_ids", settlementIds);
      p.put("incident_count", incidents);
      return new LayerFeature(id, lonLat, null, null, p);
    }
  }

  /** The zones over {@code areas}, with the settlements inside. */
  static List<Zone> zones(List<Area> areas, Iterable<Settlement> settlements) {
    return areas.stream().map(a -> new Zone(a, settlements)).toList();
  }
}
