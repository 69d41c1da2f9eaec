package org.incidentatlas.derive;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Attribute.Rule;
import org.incidentatlas.store.Attribute.Type;
import org.incidentatlas.store.LayerFeature;

/**
 * One feature per settlement named as shelled. Figures are kept as the claims they are, each
 * tagged with the incident it comes from: summing claims of different claimants would make a
 * number nobody stated.
 */
public final class ShelledVillages {
  /** The queryables of the layer; the side filter of the map applies here too: the country the village is in. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.of("settlement_id", Type.TEXT, "Settlement id", "Gazetteer id of the village"),
      Attribute.of("name", Type.TEXT, "Name", "Name of the village"),
      Attribute.of("country", Type.TEXT, "Country", "ISO code of the country the village is in")
          .filteredBy("country", Rule.ONE_OF),
      ReferenceLayers.ADMIN1,
      ReferenceLayers.ADMIN2,
      Attribute.of("shelling_incidents", Type.INTEGER, "Shelling incidents", "Number of shelling incidents reported"),
      Attribute.of("first_date", Type.DATE, "First shelled", "Day of the first reported shelling"),
      Attribute.of("last_date", Type.DATE, "Last shelled", "Last day of the last reported shelling"),
      Attribute.of("incident_ids", Type.TEXT_LIST, "Incidents", "Ids of the shelling incidents"),
      EnrichedIncident.BORDER_DISTANCE_KM,
      EnrichedIncident.BORDER_DISTANCE_UNCERTAINTY_KM,
      Attribute.of("border_side", Type.TEXT, "Side of the border", "AM or AZ: the side of the border the village lies on"));

  private ShelledVillages() {}

  /**
   * What a village shows of one shelling incident placed there: the rest of the incident is not
   * kept while a build collects the villages over every record.
   */
  public record Shelling(String id, LocalDate date, LocalDate dateEnd, List<Claim> fatalities, List<Claim> injuries,
      List<SourceRef> sources) {
    public static Shelling of(Incident i) {
      return new Shelling(i.id(), i.date(), i.dateEnd(), i.fatalities(), i.injuries(), i.sources());
    }
  }

  public static List<LayerFeature> derive(List<EnrichedIncident> incidents, Border border) {
    Map<String, Settlement> places = new LinkedHashMap<>();
    Map<String, List<Shelling>> byPlace = new LinkedHashMap<>();
    for (EnrichedIncident e : incidents) {
      if (isShelling(e.incident())) {
        places.putIfAbsent(e.place().id(), e.place());
        byPlace.computeIfAbsent(e.place().id(), k -> new ArrayList<>()).add(Shelling.of(e.incident()));
      }
    }
    List<LayerFeature> out = new ArrayList<>();
    byPlace.forEach((placeId, list) -> out.add(village(places.get(placeId), list, border)));
    return out;
  }

  public static boolean isShelling(Incident i) {
    return i.eventType().equals("shelling");
  }

  /**
   * The feature of one village from the shelling incidents placed there; {@code list} is not empty.
   * Its incidents count in the order of their ids, so that a village derived again after a change
   * equals the one a build derives, whatever order the incidents were read in.
   */
  public static LayerFeature village(Settlement s, List<Shelling> shellings, Border border) {
    List<Shelling> list = new ArrayList<>(shellings);
    list.sort(Comparator.comparing(Shelling::id));
    LocalDate first = list.stream().map(Shelling::date).min(LocalDate::compareTo).orElseThrow();
    LocalDate last = list.stream().map(Shelling::dateEnd).max(LocalDate::compareTo).orElseThrow();
    List<Map<String, Object>> fatalities = new ArrayList<>();
    List<Map<String, Object>> injuries = new ArrayList<>();
    Map<String, SourceRef> sources = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (Shelling i : list) {
      ids.add(i.id());
      i.fatalities().forEach(c -> fatalities.add(tagged(c, i)));
      i.injuries().forEach(c -> injuries.add(tagged(c, i)));
      i.sources().forEach(src -> sources.putIfAbsent(src.publisher() + "|" + src.date() + "|" + src.url(), src));
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("settlement_id", s.id());
    p.put("name", s.name());
    p.put("names", s.names());
    p.put("country", s.country());
    p.put("admin1", s.admin1());
    p.put("admin2", s.admin2());
    p.put("shelling_incidents", list.size());
    p.put("first_date", first.toString());
    p.put("last_date", last.toString());
    p.put("fatalities", fatalities);
    p.put("injuries", injuries);
    p.put("incident_ids", ids);
    p.put("sources", List.copyOf(sources.values()));
    p.put("border_distance_km", EnrichedIncident.roundBorderKm(border.distanceKm(s.point())));
    p.put("border_distance_uncertainty_km", border.uncertaintyKm());
    p.put("border_side", border.side(s.point()).orElse(null));
    return new LayerFeature(s.id(), s.point(), first, last, p);
  }

  private static Map<String, Object> tagged(Claim c, Shelling i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident_id", i.id());
    m.put("date", i.date().toString());
    m.put("group", c.group());
    m.put("side", c.side());
    m.put("count", c.count());
    m.put("claimed_by", c.claimedBy());
    m.put("source", c.source());
    return m;
  }
}
