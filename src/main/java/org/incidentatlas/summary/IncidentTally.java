package org.incidentatlas.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoredFeature;
import org.incidentatlas.summary.PeriodSummary.ClaimRow;
import org.incidentatlas.summary.PeriodSummary.Part;
import org.incidentatlas.summary.PeriodSummary.PeriodClaimRow;
import org.incidentatlas.summary.PeriodSummary.Place;
import org.incidentatlas.summary.PeriodSummary.Source;
import org.incidentatlas.summary.PeriodSummary.VillageLink;

/**
 * Reads the matching incidents once, as the store streams them, into a {@link PeriodSummary}.
 * It holds the counts, the places (one per gazetteer place and name, however many incidents) and
 * of the claims and the distinct sources only the first {@code limit} in their order: what it
 * holds does not grow with the number of incidents beyond what the answer shows.
 */
public final class IncidentTally implements AtlasStore.FeatureSink {
  /** The most claims a summary lists; the count of claims stays exact beyond it. */
  public static final int CLAIMS_LIMIT = 1000;
  /** The most distinct sources a summary lists. */
  public static final int SOURCES_LIMIT = 500;
  /** The most places a summary lists; the count of places stays exact beyond it. */
  public static final int VILLAGES_LIMIT = 500;

  /** Claims over time: by their day, then incident, then their place in the record. */
  private static final Comparator<ClaimKey> CLAIM_ORDER = Comparator
      .comparing(ClaimKey::date, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(ClaimKey::incident).thenComparingInt(ClaimKey::index);
  private static final Comparator<Source> SOURCE_ORDER = Comparator
      .comparing(Source::date, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(Source::publisher, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(Source::url, Comparator.nullsFirst(Comparator.<String>naturalOrder()));
  private static final Comparator<PlaceTally> PLACE_ORDER = Comparator.comparingLong((PlaceTally p) -> -p.incidents)
      .thenComparing(p -> p.name, Comparator.nullsLast(Comparator.<String>naturalOrder())).thenComparing(p -> p.id);

  private record PlaceKey(String id, String name) {}

  private record ClaimKey(String date, String incident, int index) {}

  private static final class PlaceTally {
    final String id;
    final String name;
    final String country;
    final String admin1;
    long incidents;

    PlaceTally(String id, String name, String country, String admin1) {
      this.id = id;
      this.name = name;
      this.country = country;
      this.admin1 = admin1;
    }
  }

  private final int claimsLimit;
  private final int sourcesLimit;
  private final int villagesLimit;
  private long incidents;
  private String firstDate;
  private String lastDate;
  private final Map<String, Long> byEventType = new LinkedHashMap<>();
  private final Map<String, Long> bySide = new LinkedHashMap<>();
  private long claimCount;
  private final TreeMap<ClaimKey, ClaimRow> claims = new TreeMap<>(CLAIM_ORDER);
  private final Map<PlaceKey, PlaceTally> places = new HashMap<>();
  private long sourceReferences;
  private final TreeMap<Source, Source> sources = new TreeMap<>(SOURCE_ORDER);
  private boolean sourcesCut;
  /** Matching incidents per period claim covering them; as many keys as there are period claims. */
  private final Map<String, Long> covered = new HashMap<>();

  public IncidentTally() {
    this(CLAIMS_LIMIT, SOURCES_LIMIT, VILLAGES_LIMIT);
  }

  public IncidentTally(int claimsLimit, int sourcesLimit, int villagesLimit) {
    this.claimsLimit = claimsLimit;
    this.sourcesLimit = sourcesLimit;
    this.villagesLimit = villagesLimit;
    Incident.EVENT_TYPES.forEach(t -> byEventType.put(t, 0L));
    bySide.put("AZ", 0L);
    bySide.put("AM", 0L);
  }

  @Override
  public void accept(StoredFeature feature) throws IOException {
    JsonNode p = IncidentJson.JSON.readTree(feature.properties());
    String id = feature.id();
    incidents++;
    String date = text(p, "date");
    String dateEnd = Objects.requireNonNullElse(text(p, "date_end"), date);
    if (date != null && (firstDate == null || date.compareTo(firstDate) < 0)) {
      firstDate = date;
    }
    if (dateEnd != null && (lastDate == null || dateEnd.compareTo(lastDate) > 0)) {
      lastDate = dateEnd;
    }
    byEventType.merge(Objects.requireNonNullElse(text(p, "event_type"), PeriodSummary.UNKNOWN), 1L, Long::sum);
    bySide.merge(Objects.requireNonNullElse(text(p, PeriodSummary.SIDE_FIELD), PeriodSummary.UNKNOWN), 1L, Long::sum);
    String placeName = text(p, "place_name");
    String placeId = text(p, "place_id");
    if (placeId != null) {
      places.computeIfAbsent(new PlaceKey(placeId, placeName),
          k -> new PlaceTally(placeId, placeName, text(p, PeriodSummary.SIDE_FIELD), text(p, "admin1"))).incidents++;
    }
    p.path("period_claims").forEach(c -> covered.merge(c.asText(), 1L, Long::sum));

    Map<String, Source> own = new HashMap<>();
    for (JsonNode s : p.path("sources")) {
      SourceRef ref = IncidentJson.JSON.treeToValue(s, SourceRef.class);
      own.put(ref.id(), Source.of(ref));
      sourceReferences++;
      keep(new Source(null, ref.publisher(), ref.date(), ref.url()));
    }
    int index = 0;
    for (String figure : List.of("fatalities", "injuries")) {
      for (JsonNode c : p.path(figure)) {
        Claim claim = IncidentJson.JSON.treeToValue(c, Claim.class);
        ClaimRow row = ClaimRow.of(id, date, placeName, figure, claim, own.get(claim.source()));
        claimCount++;
        claims.put(new ClaimKey(row.orderDate(), id, index++), row);
        if (claims.size() > claimsLimit) {
          claims.pollLastEntry();
        }
      }
    }
  }

  /** Keeps a document among the first {@code sourcesLimit} distinct ones. */
  private void keep(Source s) {
    if (sources.containsKey(s)) {
      return;
    }
    sources.put(s, s);
    if (sources.size() > sourcesLimit) {
      sources.pollLastEntry();
      sourcesCut = true;
    }
  }

  /**
   * The summary of what was read, with {@code periodClaims} (those overlapping the query's days)
   * listed apart; {@code shelledVillage} gives the feature of a {@code place_id} among the
   * shelled villages, or null when it has none, and is asked of listed places only.
   */
  public PeriodSummary result(List<PeriodClaim> periodClaims, Function<String, VillageLink> shelledVillage) {
    List<PeriodClaimRow> periodRows = new ArrayList<>();
    for (PeriodClaim c : periodClaims) {
      periodRows.add(new PeriodClaimRow(c.id(), c.date().toString(), c.dateEnd().toString(), c.area().label(), c.statement(),
          c.fatalities(), c.injuries(), c.damage(), c.sources(), covered.getOrDefault(c.id(), 0L)));
    }
    List<Place> listed = places.values().stream().sorted(PLACE_ORDER).limit(villagesLimit)
        .map(t -> new Place(t.id, t.name, t.country, t.admin1, t.incidents, shelledVillage.apply(t.id))).toList();
    return new PeriodSummary(incidents, firstDate, lastDate, byEventType, bySide,
        new Part<>(claimCount, claimsLimit, claimCount > claims.size(), new ArrayList<>(claims.values())),
        periodRows,
        new Part<>((long) places.size(), villagesLimit, places.size() > listed.size(), listed),
        new PeriodSummary.Sources(sourceReferences,
            new Part<>(sourcesCut ? null : (long) sources.size(), sourcesLimit, sourcesCut, new ArrayList<>(sources.values()))));
  }

  private static String text(JsonNode p, String name) {
    JsonNode v = p.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
