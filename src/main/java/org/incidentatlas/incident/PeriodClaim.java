package org.incidentatlas.incident;

import java.time.LocalDate;
import java.util.List;

/**
 * A statement of totals over several days and a whole area ("12 Azerbaijani servicemen killed
 * from 12 to 16 July in Tovuz and Tavush"). It is not an incident: it has no place of its own,
 * and its figures overlap those of the incidents it spans, so they are never added to them.
 *
 * @param dateEnd    last day the totals cover; equal to {@code date} for one day
 * @param fatalities figures in the shape of an incident's, each with its claimant and source
 * @param damage     objects stated damaged or destroyed
 * @param statement  short English paraphrase of what the claim says
 */
public record PeriodClaim(String id, LocalDate date, LocalDate dateEnd, Area area, String statement,
    List<Claim> fatalities, List<Claim> injuries, List<Damage> damage, List<SourceRef> sources, String notes) {

  public static final List<String> SIDES = List.of("AZ", "AM", "unknown");
  /** What a damage figure counts; the map names each in every language it speaks. */
  public static final List<String> OBJECTS = List.of("villages", "houses", "buildings");
  /** What a damage figure says of its objects; {@code inspected} counts a survey, not damage. */
  public static final List<String> STATES = List.of("damaged", "severely_damaged", "lightly_damaged", "unusable", "inspected");

  public PeriodClaim {
    fatalities = List.copyOf(fatalities);
    injuries = List.copyOf(injuries);
    damage = List.copyOf(damage);
    sources = List.copyOf(sources);
  }

  /**
   * The first-level divisions the totals cover, as the gazetteer names them (an incident's
   * {@code admin1}), and how to name the area to a reader.
   */
  public record Area(List<String> admin1, String label) {
    public Area {
      admin1 = List.copyOf(admin1);
    }
  }

  /**
   * A figure of a damage survey, e.g. 35 houses damaged.
   *
   * @param object what is counted, one of {@link #OBJECTS} ({@code buildings}: houses with their
   *               outbuildings)
   * @param state  what the claim says of them, one of {@link #STATES}
   * @param side   whose objects: {@code AZ}, {@code AM} or {@code unknown}
   */
  public record Damage(String object, String state, int count, String side, String claimedBy, String source, String madeAt) {}

  /**
   * Whether the totals cover an incident. They do when the incident's days overlap the claim's
   * period and it lies in one of the claim's divisions: a claim names its period and area and
   * nothing finer, so every incident there and then may be among those it counts, and none
   * elsewhere or at another time can be. This is the only test of coverage; the build and the
   * publishing of records both use it.
   */
  public boolean covers(LocalDate incidentDate, LocalDate incidentDateEnd, String admin1) {
    return admin1 != null && area.admin1().contains(admin1) && overlaps(incidentDate, incidentDateEnd);
  }

  /** Whether the period shares a day with {@code start}–{@code end}, both inclusive; a null end is open. */
  public boolean overlaps(LocalDate start, LocalDate end) {
    return (start == null || !dateEnd.isBefore(start)) && (end == null || !date.isAfter(end));
  }
}
