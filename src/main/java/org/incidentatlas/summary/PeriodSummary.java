package org.incidentatlas.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.incident.SourceRef;

/**
 * What the incidents a query selects amount to: how many of each type and side, every figure
 * claimed about them as it was claimed, the period claims of those days beside them, the places
 * and the sources. Nothing here adds one claimant's figure to another's.
 *
 * @param incidents   how many incidents match
 * @param firstDate   first day of the matching incidents, null when none match
 * @param lastDate    last day of the matching incidents, null when none match
 * @param byEventType incidents per {@code event_type}, every known type present (0 when none)
 * @param bySide      incidents per {@link #SIDE_FIELD}, {@code AZ} and {@code AM} always present,
 *                    {@code unknown} for an incident that names neither
 */
public record PeriodSummary(long incidents, String firstDate, String lastDate, Map<String, Long> byEventType,
    Map<String, Long> bySide, Part<ClaimRow> claims, List<PeriodClaimRow> periodClaims, Part<Place> villages,
    Sources sources) {

  /**
   * The property that says which side an incident is on: the country whose territory the point
   * lies in by the internationally recognised border, as recorded ({@code geodata/README.md}).
   */
  public static final String SIDE_FIELD = "country";
  public static final String UNKNOWN = "unknown";

  /**
   * A list that may be cut: {@code items} are the first {@code limit} of the list in its order,
   * {@code truncated} says whether there are more, and {@code total} how many there are in all
   * (null only where counting them would mean holding them all: the distinct sources of a cut list).
   */
  public record Part<T>(Long total, int limit, boolean truncated, List<T> items) {
    public Part {
      items = List.copyOf(items);
    }
  }

  /**
   * One figure one claimant gave about one incident, as given.
   *
   * @param figure {@code fatalities} or {@code injuries}
   * @param source the incident's source the claim names, null when the record lacks it
   */
  public record ClaimRow(String incident, String incidentDate, String placeName, String figure, String claimedBy,
      String side, String group, int count, Integer low, Integer high, String madeAt, Source source) {

    static ClaimRow of(String incident, String incidentDate, String placeName, String figure, Claim c, Source source) {
      return new ClaimRow(incident, incidentDate, placeName, figure, c.claimedBy(), c.side(), c.group(), c.count(), c.low(),
          c.high(), c.madeAt(), source);
    }

    /**
     * The day the claims are ordered by: {@code made_at}, or where the claim has none its source's
     * date (a month when only the month is known, ordered before that month's days); null when
     * neither is known.
     */
    public String orderDate() {
      return madeAt != null ? madeAt : source == null ? null : source.date();
    }
  }

  /**
   * A document as a reader finds it: publisher, date and address ({@code url} null when none is
   * known); {@code id} is the record's own name for it, given only where one record is meant.
   */
  public record Source(@JsonInclude(JsonInclude.Include.NON_NULL) String id, String publisher, String date, String url) {
    static Source of(SourceRef s) {
      return new Source(s.id(), s.publisher(), s.date(), s.url());
    }
  }

  /**
   * A claim about a whole period and area whose days overlap the query's, as stated; its figures
   * are never added to the incidents.
   *
   * @param coversMatching how many of the matching incidents it covers
   */
  public record PeriodClaimRow(String id, String date, String dateEnd, String area, String statement, List<Claim> fatalities,
      List<Claim> injuries, List<PeriodClaim.Damage> damage, List<SourceRef> sources, long coversMatching) {}

  /**
   * A place of the matching incidents, as they name it: records placed at a district's reference
   * share its {@code place_id} and keep the name of their village, so each name is a place of its own.
   *
   * @param shelledVillage the feature of {@code place_id} among the shelled villages, null when it has none
   */
  public record Place(String placeId, String placeName, String country, String admin1, long incidents,
      VillageLink shelledVillage) {}

  /** A feature of the shelled villages: its address and its name. */
  public record VillageLink(String href, String name) {}

  /**
   * The documents the matching incidents rest on.
   *
   * @param references how many sources the matching incidents cite, counted per incident
   * @param distinct   the distinct documents (one per publisher, date and address), earliest first
   */
  public record Sources(long references, Part<Source> distinct) {}
}
