package org.incidentatlas.incident;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Incidents and their claimed figures per day, summed over the incidents a query selects: each
 * incident counts on its first day, by its event type; its figures ({@link ClaimTally}) add to that
 * day's figures of the same kind, side and claimant. Only different incidents are added: rival
 * claims about one incident were reduced to one range before ({@link ClaimedRange}), and period
 * claims are never among them.
 *
 * <p>What it holds grows with the days, event types, sides and claimants, never with the incidents.
 */
public final class DailyFigures {
  /** The most days an answer spans: 100 years. */
  public static final int MAX_DAYS = 36_525;

  private static final int KNOWN_TALLIES = 10_000;

  private long incidents;
  private final Map<String, List<ClaimTally>> tallies = new HashMap<>();
  private final TreeMap<LocalDate, Map<String, Integer>> byType = new TreeMap<>();
  private final Map<Key, TreeMap<LocalDate, int[]>> figures = new TreeMap<>();

  /** A series of figures: of fatalities or injuries, whose people, by whom ({@link ClaimTally#ALL}: everybody). */
  public record Key(String kind, String side, String claimant) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = kind.compareTo(o.kind);
      c = c != 0 ? c : side.compareTo(o.side);
      return c != 0 ? c : claimant.compareTo(o.claimant);
    }
  }

  /** One incident: its first day, event type and figures as {@link ClaimTally#encode} wrote them. */
  public void add(LocalDate day, String eventType, String tally) {
    incidents++;
    byType.computeIfAbsent(day, d -> new TreeMap<>()).merge(eventType == null ? "" : eventType, 1, Integer::sum);
    for (ClaimTally t : decoded(tally)) {
      int[] sum = figures.computeIfAbsent(new Key(t.kind(), t.side(), t.claimant()), k -> new TreeMap<>())
          .computeIfAbsent(day, d -> new int[3]);
      sum[0] += t.low();
      sum[1] += t.best();
      sum[2] += t.high();
    }
  }

  /**
   * The figures of a tally, read once for the tallies many incidents share (one civilian killed,
   * by one claimant); at most {@link #KNOWN_TALLIES} are kept, so memory stays bounded.
   */
  private List<ClaimTally> decoded(String tally) {
    if (tally == null) {
      return List.of();
    }
    List<ClaimTally> known = tallies.get(tally);
    if (known == null) {
      known = ClaimTally.decode(tally);
      if (tallies.size() < KNOWN_TALLIES) {
        tallies.put(tally, known);
      }
    }
    return known;
  }

  public long incidents() {
    return incidents;
  }

  /** The days from the first to the last on which a selected incident began; none when none was. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    if (byType.isEmpty()) {
      return days;
    }
    LocalDate last = byType.lastKey();
    LocalDate first = byType.firstKey();
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      first = last.minusDays(MAX_DAYS - 1);
    }
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Per event type, the incidents that began on each of {@code days}. */
  public Map<String, int[]> incidentsByType(List<LocalDate> days) {
    Map<String, int[]> out = new TreeMap<>();
    for (int i = 0; i < days.size(); i++) {
      Map<String, Integer> counts = byType.get(days.get(i));
      if (counts != null) {
        int at = i;
        counts.forEach((type, n) -> out.computeIfAbsent(type, t -> new int[days.size()])[at] = n);
      }
    }
    return out;
  }

  /**
   * Each series of figures with its low, best and high on each of {@code days}, null where no
   * incident of that day has a claim of the series: nobody claiming a figure is not zero.
   */
  public Map<Key, Integer[][]> figures(List<LocalDate> days) {
    Map<Key, Integer[][]> out = new LinkedHashMap<>();
    figures.forEach((key, perDay) -> {
      Integer[][] series = new Integer[3][days.size()];
      for (int i = 0; i < days.size(); i++) {
        int[] sum = perDay.get(days.get(i));
        if (sum != null) {
          for (int k = 0; k < 3; k++) {
            series[k][i] = sum[k];
          }
        }
      }
      out.put(key, series);
    });
    return out;
  }
}
