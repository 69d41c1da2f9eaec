package org.incidentatlas.derive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.ControlArea;
import org.incidentatlas.geo.ControlAreas;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.geo.Country;
import org.incidentatlas.geo.Polygons;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Attribute.Type;
import org.incidentatlas.store.FeatureProperty;
import org.incidentatlas.store.FeatureProperty.Kind;
import org.incidentatlas.store.LayerFeature;

/** The layers that give incidents their context: border, settlements and country polygons. */
public final class ReferenceLayers {
  public static final List<Attribute> BORDER_ATTRIBUTES = List.of(
      Attribute.of("name", Type.TEXT, "Name", "Name of the border"),
      Attribute.of("length_km", Type.NUMBER, "Length (km)", "Length of the border, measured in UTM zone 38N"),
      Attribute.of("position_uncertainty_km", Type.NUMBER, "Position uncertainty (km)",
          "How far the true border may lie from the line: the median spacing of its vertices, rounded up to 0.5 km"));

  /** Divisions of a gazetteer place, shared with the shelled villages. */
  static final Attribute ADMIN1 = Attribute.of("admin1", Type.TEXT, "Province or district", "First-level administrative division");
  static final Attribute ADMIN2 = Attribute.of("admin2", Type.TEXT, "Municipality", "Second-level administrative division");

  public static final List<Attribute> SETTLEMENT_ATTRIBUTES = List.of(
      Attribute.of("id", Type.TEXT, "Settlement id", "Gazetteer id (geonames:..., or of the supplement)"),
      Attribute.of("name", Type.TEXT, "Name", "Name of the place"),
      Attribute.of("country", Type.TEXT, "Country", "ISO code of the country in the gazetteer"),
      ADMIN1,
      ADMIN2,
      Attribute.of("feature_code", Type.TEXT, "Feature code", "GeoNames feature code (PPL, PPLA, ...)"),
      Attribute.of("population", Type.INTEGER, "Population", "Population as given by the gazetteer"),
      EnrichedIncident.COUNTRY_BY_LOCATION,
      EnrichedIncident.BORDER_DISTANCE_KM,
      EnrichedIncident.BORDER_DISTANCE_UNCERTAINTY_KM);

  public static final List<Attribute> COUNTRY_ATTRIBUTES = List.of(
      Attribute.of("iso_a2", Type.TEXT, "ISO code", "ISO 3166-1 alpha-2 code"),
      Attribute.of("iso_a3", Type.TEXT, "ISO alpha-3 code", "ISO 3166-1 alpha-3 code"),
      Attribute.of("name", Type.TEXT, "Name", "Name of the country"));

  public static final List<Attribute> CONTROL_AREA_ATTRIBUTES = List.of(
      Attribute.of("id", Type.TEXT, "Area id", "Id of the row in control.csv"),
      Attribute.of("name", Type.TEXT, "Name", "Name of the area"),
      Attribute.of("sovereign", Type.TEXT, "Country", "ISO code of the country it belongs to by the internationally recognised border"),
      Attribute.of("controlled_by", Type.TEXT, "Controlled by", "ISO code of the country that held the area in July 2020"),
      Attribute.of("control_since", Type.TEXT, "Controlled since", "Since when, as the source says (year, month or day)"),
      Attribute.of("as_of", Type.TEXT, "As of", "The month the statement of control refers to"),
      Attribute.of("source_publisher", Type.TEXT, "Source", "Publisher of the document the control is taken from"),
      Attribute.of("source_url", Type.TEXT, "Source address", "Address of that document"));

  public static final List<FeatureProperty> BORDER_PROPERTIES = FeatureProperty.of(BORDER_ATTRIBUTES, List.of(
      FeatureProperty.of("derived_from", Kind.TEXT, "Derived from", "How the line is made"),
      FeatureProperty.of("source", Kind.TEXT, "Source", "Where the polygons it is made from come from, with their licence")), null, null);

  public static final List<FeatureProperty> SETTLEMENT_PROPERTIES = FeatureProperty.of(SETTLEMENT_ATTRIBUTES, List.of(
      FeatureProperty.of("names", Kind.TEXT_LIST, "Names", "Spellings of the place, in several scripts"),
      FeatureProperty.of("name_by_language", Kind.OBJECT, "Name by language", "The name in each language the gazetteer gives, by language code"),
      FeatureProperty.of("controlled_by", Kind.TEXT, "Controlled by",
          "ISO code of the country that held the place in July 2020, where that is not the country it belongs to"),
      FeatureProperty.of("control_area", Kind.TEXT, "Area of other control", "Id of that area in the control_areas layer"),
      FeatureProperty.of("source", Kind.TEXT, "Source", "The gazetteer the place comes from")), null, null);

  public static final List<FeatureProperty> COUNTRY_PROPERTIES = FeatureProperty.of(COUNTRY_ATTRIBUTES, List.of(
      FeatureProperty.of("source", Kind.TEXT, "Source", "Where the polygon comes from"),
      FeatureProperty.of("licence", Kind.TEXT, "Licence", "The licence of that source")), null, null);

  public static final List<FeatureProperty> CONTROL_AREA_PROPERTIES = FeatureProperty.of(CONTROL_AREA_ATTRIBUTES, List.of(
      FeatureProperty.of("names", Kind.TEXT_LIST, "Other names", "Other names and spellings of the area"),
      FeatureProperty.of("source_title", Kind.TEXT, "Source title", "Title of the document the control is taken from"),
      FeatureProperty.of("source_date", Kind.TEXT, "Source date", "Date of that document"),
      FeatureProperty.of("source_quote", Kind.TEXT, "Source quote", "The words of that document that state the control")), null, null);

  private ReferenceLayers() {}

  public static List<LayerFeature> border(Border border) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", "Armenia–Azerbaijan international border");
    p.put("length_km", Math.round(border.lengthKm() * 10) / 10.0);
    p.put("position_uncertainty_km", border.uncertaintyKm());
    p.put("derived_from", "shared edge of the Armenia and Azerbaijan polygons in countries.geojson");
    p.put("source", "OpenStreetMap contributors via @geo-maps/countries-maritime-10m (ODbL-1.0)");
    return List.of(new LayerFeature("am-az", border.lonLat(), null, null, p));
  }

  /**
   * Every gazetteer place, with its distance to the border. A place whose gazetteer country
   * disagrees with the country polygon it lies in is kept and reported: either source may be wrong.
   */
  public static List<LayerFeature> settlements(Gazetteer gazetteer, Countries countries, ControlAreas control, Border border,
      SourceReport report) {
    List<LayerFeature> out = new ArrayList<>();
    for (Settlement s : gazetteer.all()) {
      String located = countries.containing(s.point()).map(Country::iso2).orElse(null);
      if (!s.country().equals(located)) {
        report.warn(String.format("settlement %s %s: gazetteer country %s, but its point (%.5f, %.5f) lies in %s",
            s.id(), s.name(), s.country(), s.point().getY(), s.point().getX(), located == null ? "no country polygon" : located));
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", s.id());
      p.put("name", s.name());
      p.put("names", s.names());
      p.put("name_by_language", s.nameByLanguage());
      p.put("country", s.country());
      p.put("admin1", s.admin1());
      p.put("admin2", s.admin2());
      p.put("feature_code", s.featureCode());
      p.put("population", s.population());
      p.put("country_by_location", located);
      p.put("border_distance_km", EnrichedIncident.roundBorderKm(border.distanceKm(s.point())));
      p.put("border_distance_uncertainty_km", border.uncertaintyKm());
      ControlArea area = control.at(s.point()).orElse(null);
      p.put("controlled_by", area == null ? null : area.controlledBy());
      p.put("control_area", area == null ? null : area.id());
      p.put("source", s.source());
      out.add(new LayerFeature(s.id(), s.point(), null, null, p));
    }
    return out;
  }

  /**
   * The areas whose control differed from the recognised border, with their outline; those
   * without one (control.csv: outline none) are not drawn.
   */
  public static List<LayerFeature> controlAreas(ControlAreas control) {
    List<LayerFeature> out = new ArrayList<>();
    for (ControlAreas.Outlined o : control.outlined()) {
      ControlArea a = o.area();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", a.id());
      p.put("name", a.name());
      p.put("names", a.otherNames());
      p.put("sovereign", a.sovereign());
      p.put("controlled_by", a.controlledBy());
      p.put("control_since", a.controlSince());
      p.put("as_of", a.asOf());
      p.put("source_publisher", a.sourcePublisher());
      p.put("source_title", a.sourceTitle());
      p.put("source_date", a.sourceDate().isEmpty() ? null : a.sourceDate());
      p.put("source_url", a.sourceUrl());
      p.put("source_quote", a.sourceQuote());
      out.add(new LayerFeature(a.id(), Polygons.asMultiPolygon(o.outline()), null, null, p));
    }
    return out;
  }

  public static List<LayerFeature> countries(List<Country> countries) {
    List<LayerFeature> out = new ArrayList<>();
    for (Country c : countries) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("iso_a2", c.iso2());
      p.put("iso_a3", c.iso3());
      p.put("name", c.name());
      p.put("source", c.source());
      p.put("licence", c.licence());
      out.add(new LayerFeature(c.iso3() == null ? c.iso2() : c.iso3(), Polygons.asMultiPolygon(c.geometry()), null, null, p));
    }
    return out;
  }
}
