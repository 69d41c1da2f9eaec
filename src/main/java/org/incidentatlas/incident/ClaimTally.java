package org.incidentatlas.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One figure of an incident as a sum over many incidents takes it: for fatalities or injuries and
 * whose people they count ({@code side}), the {@link ClaimedRange} of the claims of one claimant,
 * or of all claimants when {@code claimant} is {@link #ALL}. A claimant's own claims about one
 * group count once, as rival claims do (a toll given as 2 and later as 4 is 2–4, not 6), so that
 * summing these over different incidents adds only different events.
 *
 * <p>An incident's figures are written as text, a line each, beside its row, where the store can
 * sum them over a million incidents without reading their GeoJSON.
 */
public record ClaimTally(String kind, String side, String claimant, int low, int best, int high) {
  /** The claimant of the figure over all claimants. */
  public static final String ALL = "";
  public static final String FATALITIES = "fatalities";
  public static final String INJURIES = "injuries";

  /** The figures of the incident's claims as text; null when it has none. */
  public static String encode(List<Claim> fatalities, List<Claim> injuries) {
    StringBuilder out = new StringBuilder();
    for (ClaimTally t : of(FATALITIES, fatalities)) {
      t.appendTo(out);
    }
    for (ClaimTally t : of(INJURIES, injuries)) {
      t.appendTo(out);
    }
    return out.isEmpty() ? null : out.toString();
  }

  /** The figures per side over all claimants, then per side and claimant. */
  static List<ClaimTally> of(String kind, List<Claim> claims) {
    List<ClaimTally> out = new ArrayList<>();
    Map<String, List<Claim>> bySide = groups(claims, Claim::side);
    bySide.forEach((side, ofSide) -> {
      out.add(tally(kind, side, ALL, ofSide));
      groups(ofSide, Claim::claimedBy).forEach((claimant, own) -> out.add(tally(kind, side, claimant, own)));
    });
    return out;
  }

  private static Map<String, List<Claim>> groups(List<Claim> claims, Function<Claim, String> key) {
    Map<String, List<Claim>> out = new TreeMap<>();
    for (Claim c : claims) {
      out.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c);
    }
    return out;
  }

  private static ClaimTally tally(String kind, String side, String claimant, List<Claim> claims) {
    ClaimedRange r = ClaimedRange.of(claims);
    return new ClaimTally(kind, side, claimant, r.low(), r.best(), r.high());
  }

  private void appendTo(StringBuilder out) {
    out.append(kind).append('\t').append(side).append('\t').append(clean(claimant)).append('\t')
        .append(low).append('\t').append(best).append('\t').append(high).append('\n');
  }

  /** Tabs and line breaks separate the fields; in a name they are spaces. */
  private static String clean(String name) {
    return name == null ? "" : name.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** The figures {@link #encode} wrote; none for null. */
  public static List<ClaimTally> decode(String text) {
    List<ClaimTally> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int from = 0;
    while (from < text.length()) {
      int end = text.indexOf('\n', from);
      String[] f = text.substring(from, end).split("\t", -1);
      out.add(new ClaimTally(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])));
      from = end + 1;
    }
    return out;
  }
}
