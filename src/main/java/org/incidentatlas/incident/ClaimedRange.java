package org.incidentatlas.incident;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spread of figures claimed for an incident: for each side and group the lowest and the
 * highest figure any claimant gives, summed. Rival claims about the same people are never added up.
 */
public record ClaimedRange(int low, int high) {

  /** Null when nobody claims a figure: unknown is not zero. */
  public static ClaimedRange of(List<Claim> claims) {
    if (claims.isEmpty()) {
      return null;
    }
    Map<String, List<Integer>> byPeople = claims.stream().collect(Collectors.groupingBy(
        c -> c.side() + "/" + c.group(), Collectors.mapping(Claim::count, Collectors.toList())));
    int low = 0;
    int high = 0;
    for (List<Integer> counts : byPeople.values()) {
      low += counts.stream().mapToInt(Integer::intValue).min().orElse(0);
      high += counts.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    return new ClaimedRange(low, high);
  }
}
