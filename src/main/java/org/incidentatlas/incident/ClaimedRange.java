package org.incidentatlas.incident;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the claims about a figure add up to. Claims are grouped by whose people they count (side
 * and group, an unknown side or group being a group of its own); within a group rival claims are
 * never added up: low is the lowest figure any claimant allows, high the highest, best the median
 * of the claimants' best estimates (the lower one of an even count). The groups are then summed.
 *
 * <p>Only the incident's own claims count: period claims are never added. A total over several
 * days and districts ({@link PeriodClaim}) counts people the incidents it covers count too, so it
 * is kept apart, and period claims are not summed with each other either.
 */
public record ClaimedRange(int low, int best, int high) {

  /** Null when nobody claims a figure: unknown is not zero. */
  public static ClaimedRange of(List<Claim> claims) {
    if (claims.isEmpty()) {
      return null;
    }
    Map<String, List<Claim>> byPeople = claims.stream().collect(Collectors.groupingBy(
        c -> c.side() + "/" + c.group(), TreeMap::new, Collectors.toList()));
    int low = 0;
    int best = 0;
    int high = 0;
    for (List<Claim> group : byPeople.values()) {
      low += group.stream().mapToInt(Claim::lowest).min().orElse(0);
      high += group.stream().mapToInt(Claim::highest).max().orElse(0);
      int[] counts = group.stream().mapToInt(Claim::count).sorted().toArray();
      best += counts[(counts.length - 1) / 2];
    }
    return new ClaimedRange(low, best, high);
  }

  /** Whether the claimants disagree. */
  public boolean disputed() {
    return low != high;
  }
}
