package org.incidentatlas.derive;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Attribute.Rule;
import org.incidentatlas.store.Attribute.Type;
import org.incidentatlas.store.FeatureProperty;
import org.incidentatlas.store.FeatureProperty.Kind;
import org.incidentatlas.store.LayerFeature;

/**
 * One feature per settlement named as shelled, with how many shellings are placed there and on
 * which days. The shellings themselves, with their claims, are the incidents of the village
 * ({@code place_id} and {@code event_type=shelling}): a feature that listed them would grow with
 * every record, and every publish at the place would rewrite it. No figures are summed here:
 * claims of different claimants would make a number nobody stated.
 */
public final class ShelledVillages {
  /** The queryables of the layer; the side filter of the map applies here too: the country the village is in. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.of("settlement_id", Type.TEXT, "Settlement id", "Gazetteer id of the village; its shellings are the incidents with this place_id"),
      Attribute.of("name", Type.TEXT, "Name", "Name of the village"),
      Attribute.of("country", Type.TEXT, "Country", "ISO code of the country the village is in")
          .filteredBy("country", Rule.ONE_OF),
      ReferenceLayers.ADMIN1,
      ReferenceLayers.ADMIN2,
      Attribute.of("shelling_incidents", Type.INTEGER, "Shelling incidents", "Number of shelling incidents reported"),
      Attribute.of("first_date", Type.DATE, "First shelled", "Day of the first reported shelling"),
      Attribute.of("last_date", Type.DATE, "Last shelled", "Last day of the last reported shelling"),
      EnrichedIncident.BORDER_DISTANCE_KM,
      EnrichedIncident.BORDER_DISTANCE_UNCERTAINTY_KM,
      Attribute.of("border_side", Type.TEXT, "Side of the border", "AM or AZ: the side of the border the village lies on"));

  /** Every property of a village's feature; its days are those of its first and last shelling. */
  public static final List<FeatureProperty> PROPERTIES = FeatureProperty.of(ATTRIBUTES, List.of(
      FeatureProperty.of("names", Kind.TEXT_LIST, "Names", "Spellings of the village in the gazetteer, in several scripts")),
      "first_date", "last_date");

  private ShelledVillages() {}

  /** The shellings at one place so far: how many, and the days they span. */
  public static final class Tally {
    private int count;
    private LocalDate first;
    private LocalDate last;

    public void add(LocalDate date, LocalDate dateEnd) {
      count++;
      first = first == null || date.isBefore(first) ? date : first;
      last = last == null || dateEnd.isAfter(last) ? dateEnd : last;
    }

    public boolean isEmpty() {
      return count == 0;
    }
  }

  public static boolean isShelling(Incident i) {
    return i.eventType().equals("shelling");
  }

  /** The feature of one village from the shellings placed there; {@code tally} is not empty. */
  public static LayerFeature village(Settlement s, Tally tally, Border border) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("settlement_id", s.id());
    p.put("name", s.name());
    p.put("names", s.names());
    p.put("country", s.country());
    p.put("admin1", s.admin1());
    p.put("admin2", s.admin2());
    p.put("shelling_incidents", tally.count);
    p.put("first_date", tally.first.toString());
    p.put("last_date", tally.last.toString());
    p.put("border_distance_km", EnrichedIncident.roundBorderKm(border.distanceKm(s.point())));
    p.put("border_distance_uncertainty_km", border.uncertaintyKm());
    p.put("border_side", border.side(s.point()).orElse(null));
    return new LayerFeature(s.id(), s.point(), tally.first, tally.last, p);
  }
}
