package org.incidentatlas.derive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Condition;
import org.incidentatlas.store.FeatureFields;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.Layer;
import org.incidentatlas.store.LayerChange;
import org.incidentatlas.store.LayerFeature;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;
import org.locationtech.jts.geom.Geometry;

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
  private volatile List<ExposureZones.Zone> zones;

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
   * The served layers, in catalogue order, over every incident of geodata and the published
   * records: a record replaces geodata's incident of its id, or withdraws it when it is not
   * published. The incident layers are made as the store writes them, from the records read a
   * page at a time; the villages and zones are collected by the pass of the incidents layer,
   * keeping of each incident only what they show. The border clashes, when read alone, take a
   * second pass; {@link AtlasBuild#write} writes them from the pass of the incidents layer instead.
   */
  public List<Layer> layers(PublishedRecords records, SourceReport report) {
    Set<String> recorded = records.recorded(data.incidents().stream().map(Incident::id).toList());
    List<PublishedRecords.Published> fromGeodata = data.incidents().stream().filter(i -> !recorded.contains(i.id()))
        .map(i -> new PublishedRecords.Published(i, 1, null)).toList();
    Iterable<PublishedRecords.Published> all = () -> concat(fromGeodata.iterator(), records.published().iterator());
    Aggregate aggregate = new Aggregate(all);
    // Each incident's problems are reported once, by the pass of the incidents layer; the same pass
    // collects the villages and zones, which the store writes after it.
    Iterable<LayerFeature> incidents = aggregate.collecting(report);
    Iterable<LayerFeature> clashes = () -> features(all, p -> p.incident().eventType().equals("armed_clash"),
        new SourceReport());
    return AtlasBuild.layers(data, report, border, incidents, clashes, () -> aggregate.villages().iterator(),
        () -> aggregate.zones().iterator());
  }

  /** The served features of the incidents {@code which} selects; those that cannot be served are reported and left out. */
  private Iterator<LayerFeature> features(Iterable<PublishedRecords.Published> all,
      Predicate<PublishedRecords.Published> which, SourceReport report) {
    return StreamSupport.stream(all.spliterator(), false).filter(which)
        .flatMap(p -> enricher.enrich(List.of(p.incident()), report).stream()
            .map(e -> e.toFeature(p.version(), p.written(), periodClaims(e), exposureZone(e.incident().point()))))
        .iterator();
  }

  private static <T> Iterator<T> concat(Iterator<? extends T> a, Iterator<? extends T> b) {
    return Stream.<T>concat(StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(a, 0), false), StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(b, 0), false)).iterator();
  }

  /**
   * The villages and zones over the served incident features, collected in one pass that keeps of
   * each only what they count: the shellings per place, and the incidents per zone, as the
   * features name them. The pass is the one that makes the incidents layer ({@link #collecting}),
   * when it has read them all; otherwise one of its own, on first use.
   */
  private final class Aggregate {
    private final Iterable<PublishedRecords.Published> all;
    private final Map<String, Integer> zoneIndex = new HashMap<>();
    private List<LayerFeature> villages;
    private List<LayerFeature> zones;
    private Map<String, ShelledVillages.Tally> byPlace;
    private long[] inZones;
    private boolean complete;

    Aggregate(Iterable<PublishedRecords.Published> all) {
      this.all = all;
    }

    List<LayerFeature> villages() {
      collect();
      return villages;
    }

    List<LayerFeature> zones() {
      collect();
      return zones;
    }

    /** The incident features, each added to the villages and zones as it is made; complete once read to the end. */
    Iterable<LayerFeature> collecting(SourceReport report) {
      return () -> {
        start();
        Iterator<LayerFeature> it = features(all, p -> true, report);
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            boolean more = it.hasNext();
            if (!more) {
              complete = true;
            }
            return more;
          }

          @Override
          public LayerFeature next() {
            LayerFeature f = it.next();
            add(f);
            return f;
          }
        };
      };
    }

    private void start() {
      byPlace = new TreeMap<>();
      List<ExposureZones.Zone> zoneList = Derivation.this.zones();
      inZones = new long[zoneList.size()];
      for (int z = 0; z < zoneList.size(); z++) {
        zoneIndex.put(zoneList.get(z).id(), z);
      }
      complete = false;
    }

    private void add(LayerFeature f) {
      Map<String, Object> p = f.properties();
      if ("shelling".equals(p.get("event_type"))) {
        byPlace.computeIfAbsent((String) p.get("place_id"), k -> new ShelledVillages.Tally()).add(f.start(), f.end());
      }
      Integer zone = zoneIndex.get(p.get("exposure_zone"));
      if (zone != null) {
        inZones[zone]++;
      }
    }

    private void collect() {
      if (villages != null) {
        return;
      }
      if (!complete) {
        start();
        features(all, p -> true, new SourceReport()).forEachRemaining(this::add);
      }
      List<ExposureZones.Zone> zoneList = Derivation.this.zones();
      List<LayerFeature> v = new ArrayList<>();
      byPlace.forEach((placeId, tally) -> v.add(ShelledVillages.village(gazetteer.byId(placeId).orElseThrow(), tally, border)));
      List<LayerFeature> z = new ArrayList<>();
      for (int n = 0; n < zoneList.size(); n++) {
        z.add(zoneList.get(n).feature(inZones[n]));
      }
      villages = v;
      zones = z;
      byPlace = null;
      inZones = null;
    }
  }

  /**
   * A record as the layers are to serve it after a change: its incident, version and when that
   * version was written, or a null incident when it is served no more.
   */
  public record Changed(String id, Incident incident, int version, Instant written) {}

  /** What the layers serve of an incident before a change: its place, whether it was a shelling, and its zone or null. */
  private record Before(String placeId, boolean shelling, String zone) {}

  /**
   * What changes in the served layers when the records {@code changed} have changed, read against
   * the layers as they are before the change. Incidents and border clashes change by id. Of the
   * shelled villages only those at the places the changed incidents leave or reach are derived
   * again, from the incidents the layers serve there; of the exposure zones only those the changed
   * incidents leave or reach, by the difference in their count. Either way the result equals
   * what a build derives, and features that would not change are left out.
   */
  public List<LayerChange> changes(Collection<Changed> changed, AtlasStore store) {
    LayerInfo incidentsLayer = store.layer("incidents").orElseThrow(() -> new IllegalStateException("no incidents layer"));
    Set<String> ids = new LinkedHashSet<>();
    Map<String, Before> before = new LinkedHashMap<>();
    Map<String, EnrichedIncident> after = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    List<LayerFeature> upserted = new ArrayList<>();
    List<String> clashesRemoved = new ArrayList<>();
    List<LayerFeature> clashesUpserted = new ArrayList<>();
    for (Changed c : changed) {
      ids.add(c.id());
      store.feature(incidentsLayer, c.id()).ifPresent(f -> before.put(c.id(), before(f)));
      List<EnrichedIncident> now = c.incident() == null ? List.of() : enricher.enrich(List.of(c.incident()), new SourceReport());
      if (now.isEmpty()) {
        removed.add(c.id());
        clashesRemoved.add(c.id());
        continue;
      }
      EnrichedIncident e = now.get(0);
      after.put(c.id(), e);
      LayerFeature f = e.toFeature(c.version(), c.written(), periodClaims(e), exposureZone(e.incident().point()));
      upserted.add(f);
      if (AtlasBuild.isArmedClash(f)) {
        clashesUpserted.add(f);
      } else {
        clashesRemoved.add(c.id());
      }
    }
    // Villages: every place a changed shelling leaves or reaches.
    Set<String> places = new TreeSet<>();
    before.values().stream().filter(Before::shelling).forEach(b -> places.add(b.placeId()));
    after.values().stream().filter(e -> ShelledVillages.isShelling(e.incident())).forEach(e -> places.add(e.place().id()));
    List<String> villagesRemoved = new ArrayList<>();
    List<LayerFeature> villages = new ArrayList<>();
    for (String placeId : places) {
      ShelledVillages.Tally tally = new ShelledVillages.Tally();
      // By the index of places alone: with one on event types too, H2 may pick that one and read
      // half the layer. Of each incident only three top-level fields are read.
      FeatureQuery atPlace = new FeatureQuery(null, null, List.of(), Condition.equal(incidentsLayer, "place_id", placeId),
          List.of(), FeatureQuery.UNLIMITED, 0);
      try {
        store.stream(incidentsLayer, atPlace, f -> {
          if (!ids.contains(f.id())) {
            Map<String, Object> p = fields(f.properties(), Set.of("event_type", "date", "date_end"));
            if ("shelling".equals(FeatureFields.text(p, "event_type"))) {
              tally.add(LocalDate.parse(FeatureFields.text(p, "date")), LocalDate.parse(FeatureFields.text(p, "date_end")));
            }
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      after.values().stream().filter(e -> e.place().id().equals(placeId) && ShelledVillages.isShelling(e.incident()))
          .forEach(e -> tally.add(e.incident().date(), e.incident().dateEnd()));
      if (tally.isEmpty()) {
        villagesRemoved.add(placeId);
      } else {
        villages.add(ShelledVillages.village(gazetteer.byId(placeId).orElseThrow(), tally, border));
      }
    }
    // Zones: those a changed incident leaves or reaches, their count moved by the difference.
    LayerInfo zonesLayer = store.layer("exposure_zones").orElseThrow(() -> new IllegalStateException("no zones layer"));
    List<LayerFeature> zones = new ArrayList<>();
    for (ExposureZones.Zone z : zones()) {
      long left = before.values().stream().filter(b -> z.id().equals(b.zone())).count();
      long reached = after.values().stream().filter(e -> z.id().equals(exposureZone(e.incident().point()))).count();
      if (left == reached) {
        continue;
      }
      StoredFeature stored = store.feature(zonesLayer, z.id()).orElseThrow(() -> new IllegalStateException("no zone " + z.id()));
      if (!(fields(stored.properties(), Set.of("incident_count")).get("incident_count") instanceof Long count)) {
        throw new IllegalStateException("the served zone " + z.id() + " has no incident_count");
      }
      zones.add(z.feature(count - left + reached));
    }
    return List.of(
        new LayerChange("incidents", removed, upserted),
        new LayerChange("border_clashes", clashesRemoved, clashesUpserted),
        new LayerChange("shelled_villages", villagesRemoved, villages),
        new LayerChange("exposure_zones", List.of(), zones));
  }

  /** The {@code wanted} top-level properties of a stored feature, read without building its tree. */
  private static Map<String, Object> fields(byte[] properties, Set<String> wanted) {
    try {
      return FeatureFields.read(properties, wanted);
    } catch (IOException e) {
      throw new IllegalStateException("a served feature is not JSON", e);
    }
  }

  private static Before before(StoredFeature f) {
    Map<String, Object> p = fields(f.properties(), Set.of("place_id", "event_type", "exposure_zone"));
    return new Before(FeatureFields.text(p, "place_id"), "shelling".equals(FeatureFields.text(p, "event_type")),
        FeatureFields.text(p, "exposure_zone"));
  }

  /** The ids of the period claims that cover the incident (see {@link PeriodClaim#covers}), in file order. */
  public List<String> periodClaims(EnrichedIncident e) {
    return data.periodClaims().stream()
        .filter(c -> c.covers(e.incident().date(), e.incident().dateEnd(), e.place().admin1()))
        .map(PeriodClaim::id).toList();
  }

  /**
   * The id of the exposure zone a point lies in, null beyond them all. Zones never share ground
   * (the build checks it); a point on the line between two takes the first in the layer's order.
   */
  public String exposureZone(Geometry point) {
    int z = zoneIndex(point);
    return z < 0 ? null : zones().get(z).id();
  }

  private int zoneIndex(Geometry point) {
    List<ExposureZones.Zone> list = zones();
    for (int z = 0; z < list.size(); z++) {
      if (list.get(z).covers(point)) {
        return z;
      }
    }
    return -1;
  }

  /** The zones with the settlements inside: done once, when first needed. */
  private List<ExposureZones.Zone> zones() {
    List<ExposureZones.Zone> z = zones;
    if (z == null) {
      z = ExposureZones.zones(zoneAreas(), gazetteer.all());
      zones = z;
    }
    return z;
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
