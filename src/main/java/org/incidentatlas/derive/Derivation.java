package org.incidentatlas.derive;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.ControlAreas;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.geo.Country;
import org.incidentatlas.geo.TerritoryCheck;
import org.incidentatlas.incident.FieldError;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.store.Layer;
import org.incidentatlas.store.LayerChange;
import org.incidentatlas.store.LayerFeature;

/**
 * The processing from incidents to served layers, over the fixed parts of geodata (countries,
 * border, gazetteer). A build runs it over all incidents at once; a change to a few records runs
 * the same steps over what the change touches ({@link #changes}).
 */
public final class Derivation {
  private final Geodata data;
  private final Gazetteer gazetteer;
  private final Countries countries;
  private final Border border;
  private final ControlAreas control;
  private final List<Country> sides;
  private final IncidentEnricher enricher;
  private volatile List<ExposureZones.Area> zoneAreas;

  public Derivation(Geodata data) {
    this.data = data;
    this.gazetteer = data.gazetteer();
    this.countries = new Countries(data.countries());
    Country am = countries.byIso2("AM").orElseThrow();
    Country az = countries.byIso2("AZ").orElseThrow();
    this.sides = List.of(am, az);
    this.border = Border.between(am, az);
    this.control = new ControlAreas(data.controlAreas(), countries);
    this.enricher = new IncidentEnricher(countries, control, gazetteer, border);
  }

  public Gazetteer gazetteer() {
    return gazetteer;
  }

  /**
   * The problems that make the countries, border and zones unusable (see {@link TerritoryCheck}
   * and {@link ExposureZones#overlaps}); a build refuses to write layers over them.
   */
  public List<String> territoryProblems() {
    List<String> out = new ArrayList<>(TerritoryCheck.problems(sides.get(0), sides.get(1), border));
    if (out.isEmpty()) {
      out.addAll(ExposureZones.overlaps(zoneAreas()));
    }
    return out;
  }

  /**
   * Completes a record's place from the gazetteer: a named {@code place_id} must exist and agree
   * with the record's country and district; without one, the settlement nearest to the point (in
   * the record's country, when it names one) is the place. Either way the place must lie within
   * the point's uncertainty (see {@link IncidentEnricher#offsetBeyondUncertainty}), and the point
   * must not lie in another country than the record's and its place's, by the country polygons
   * the build uses. Fields the record leaves out are taken from the place.
   *
   * <p>Every write of a record passes here: the API's create, replace, patch and merge, and the
   * import. A build reads the incidents of geodata with {@link IncidentEnricher}, which only warns.
   *
   * @throws InvalidRecord naming the fields that contradict the gazetteer or the map
   */
  public Incident place(Incident i) {
    Settlement place;
    if (i.placeId() != null) {
      place = gazetteer.byId(i.placeId()).orElseThrow(() ->
          new InvalidRecord("properties.place_id", MessageKey.RECORD_PLACE_UNKNOWN.with("place", i.placeId())));
    } else {
      Optional<Gazetteer.Nearest> nearest = i.country() == null ? gazetteer.nearest(i.point().getCoordinate())
          : gazetteer.nearest(i.point().getCoordinate(), i.country());
      place = nearest.map(Gazetteer.Nearest::settlement).orElseThrow(() ->
          new InvalidRecord("geometry", i.country() == null ? MessageKey.RECORD_NO_SETTLEMENT_NEAR.with()
              : MessageKey.RECORD_NO_SETTLEMENT_NEAR_IN.with("country", i.country())));
    }
    List<FieldError> errors = new ArrayList<>();
    if (i.country() != null && !i.country().equals(place.country())) {
      errors.add(new FieldError("properties.country", MessageKey.RECORD_PLACE_LIES_IN.with("stated", i.country(),
          "place", place.name(), "placeId", place.id(), "actual", place.country())));
    }
    if (i.admin1() != null && !i.admin1().equals(place.admin1())) {
      errors.add(new FieldError("properties.admin1", MessageKey.RECORD_PLACE_LIES_IN.with("stated", i.admin1(),
          "place", place.name(), "placeId", place.id(), "actual", place.admin1())));
    }
    IncidentEnricher.offsetKmBeyondUncertainty(i, place).ifPresent(km -> errors.add(new FieldError("geometry",
        (i.placeId() != null ? MessageKey.RECORD_FAR_FROM_PLACE : i.country() == null ? MessageKey.RECORD_FAR_FROM_ANY_PLACE
            : MessageKey.RECORD_FAR_FROM_ANY_PLACE_IN).with("km", new BigDecimal(km).setScale(1, RoundingMode.HALF_UP).doubleValue(),
            "place", place.name(), "placeId", place.id(), "metres", i.uncertaintyMetres(), "country", i.country()))));
    countries.containing(i.point()).filter(c -> !c.iso2().equals(place.country())).ifPresent(in -> {
      String stated = i.country() == null ? place.country() : i.country();
      if (i.placeId() == null && i.country() != null) {
        errors.add(new FieldError("properties.country", MessageKey.RECORD_POINT_LIES_IN.with("stated", i.country(),
            "countryName", in.name(), "country", in.iso2())));
      } else {
        boolean across = in.iso2().equals("AM") || in.iso2().equals("AZ");
        errors.add(new FieldError("geometry", (across ? MessageKey.RECORD_ACROSS_BORDER : MessageKey.RECORD_OUTSIDE_COUNTRY)
            .with("countryName", in.name(), "country", in.iso2(), "stated", stated, "place", place.name(),
                "placeId", place.id())));
      }
    });
    if (!errors.isEmpty()) {
      throw new InvalidRecord(errors);
    }
    return new Incident(i.id(), i.date(), i.dateEnd(), i.datePrecision(), i.eventType(), i.subType(), place.id(),
        i.placeName() == null ? place.name() : i.placeName(), place.country(), place.admin1(),
        i.admin2() == null ? place.admin2() : i.admin2(), i.locationPrecision(), i.uncertaintyMetres(), i.point(),
        i.actors(), i.fatalities(), i.injuries(), i.sources(), i.notes(), i.statements());
  }

  /** The location facts of a placed incident (see {@link #place}). */
  public EnrichedIncident enrich(Incident placed) {
    Settlement place = gazetteer.byId(placed.placeId())
        .orElseThrow(() -> new IllegalArgumentException("incident " + placed.id() + " is not placed"));
    return enricher.enrich(placed, place);
  }

  /**
   * The served layers, in catalogue order, over every incident of geodata and the records:
   * {@code incidents} replace or add to those of geodata, and ids in {@code withdrawn} (records
   * that are not published) are left out.
   *
   * @param versions the record version of each incident; 1 for those only in geodata
   */
  public List<Layer> layers(List<Incident> incidents, Set<String> withdrawn, Map<String, Integer> versions,
      SourceReport report) {
    List<EnrichedIncident> enriched = served(incidents, withdrawn, report);
    // Made as the store writes them, not held: with many records the features are most of the memory.
    Function<Predicate<LayerFeature>, Iterable<LayerFeature>> features = which -> () -> enriched.stream()
        .map(e -> e.toFeature(versions.getOrDefault(e.incident().id(), 1), periodClaims(e))).filter(which).iterator();
    return AtlasBuild.layers(data, report, border, features.apply(f -> true), features.apply(AtlasBuild::isArmedClash),
        ShelledVillages.derive(enriched, border), ExposureZones.derive(zoneAreas(), gazetteer.all(), enriched));
  }

  /**
   * The incidents served, enriched: those of geodata that no record replaces or withdraws, then
   * {@code incidents}. One that cannot be served is left out, and {@code report} says why.
   */
  public List<EnrichedIncident> served(List<Incident> incidents, Set<String> withdrawn, SourceReport report) {
    List<Incident> all = new ArrayList<>();
    Set<String> recorded = new LinkedHashSet<>(withdrawn);
    incidents.forEach(i -> recorded.add(i.id()));
    for (Incident i : data.incidents()) {
      if (!recorded.contains(i.id())) {
        all.add(i);
      }
    }
    all.addAll(incidents);
    return enricher.enrich(all, report);
  }

  /**
   * What changes in the served layers when the incidents {@code changed} have changed, given every
   * incident served after the change ({@code published}; a changed id missing there is withdrawn)
   * and the ids of the shelled villages served before it. Incidents and border clashes change by
   * id; villages and exposure zones are derived again whole, as a build derives them, since an
   * incident that moves or changes type changes villages it no longer names.
   */
  public List<LayerChange> changes(Collection<String> changed, Map<String, EnrichedIncident> published,
      Map<String, Integer> versions, Collection<String> servedVillages) {
    List<String> removed = new ArrayList<>();
    List<LayerFeature> upserted = new ArrayList<>();
    List<String> clashesRemoved = new ArrayList<>();
    List<LayerFeature> clashesUpserted = new ArrayList<>();
    for (String id : changed) {
      EnrichedIncident now = published.get(id);
      if (now == null) {
        removed.add(id);
        clashesRemoved.add(id);
        continue;
      }
      LayerFeature f = now.toFeature(versions.getOrDefault(id, 1), periodClaims(now));
      upserted.add(f);
      if (AtlasBuild.isArmedClash(f)) {
        clashesUpserted.add(f);
      } else {
        clashesRemoved.add(id);
      }
    }
    List<EnrichedIncident> all = List.copyOf(published.values());
    List<LayerFeature> villages = ShelledVillages.derive(all, border);
    Set<String> villagesGone = new LinkedHashSet<>(servedVillages);
    villages.forEach(v -> villagesGone.remove(v.id()));
    return List.of(
        new LayerChange("incidents", removed, upserted),
        new LayerChange("border_clashes", clashesRemoved, clashesUpserted),
        new LayerChange("shelled_villages", List.copyOf(villagesGone), villages),
        new LayerChange("exposure_zones", List.of(), ExposureZones.derive(zoneAreas(), gazetteer.all(), all)));
  }

  /** The ids of the period claims that cover the incident (see {@link PeriodClaim#covers}), in file order. */
  public List<String> periodClaims(EnrichedIncident e) {
    return data.periodClaims().stream()
        .filter(c -> c.covers(e.incident().date(), e.incident().dateEnd(), e.place().admin1()))
        .map(PeriodClaim::id).toList();
  }

  /** Buffering the border takes a while: done once, when first needed. */
  private List<ExposureZones.Area> zoneAreas() {
    List<ExposureZones.Area> areas = zoneAreas;
    if (areas == null) {
      areas = ExposureZones.areas(border, sides);
      zoneAreas = areas;
    }
    return areas;
  }
}
