package org.incidentatlas.incident;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A figure as somebody states it: never a fact of the atlas, always who says so and where.
 *
 * @param group     {@code military}, {@code civilian} or {@code unknown}
 * @param side      whose people the figure counts: {@code AZ}, {@code AM} or {@code unknown}
 * @param count     the number claimed; the claimant's best estimate when it also gives a range
 * @param low       the lower end of the claimant's range, null when it gives a single figure
 * @param high      the upper end of the claimant's range, null when it gives a single figure
 * @param claimedBy who states the figure (e.g. Azerbaijan's Ministry of Defence)
 * @param source    id of the record's source that reports the claim
 * @param madeAt    day the claim was made ({@code YYYY-MM-DD}), null when only the source's date is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(String group, String side, int count, Integer low, Integer high, String claimedBy, String source,
    String madeAt) {

  public Claim(String group, String side, int count, String claimedBy, String source) {
    this(group, side, count, null, null, claimedBy, source, null);
  }

  /** The lowest figure the claim allows. */
  public int lowest() {
    return low == null ? count : low;
  }

  /** The highest figure the claim allows. */
  public int highest() {
    return high == null ? count : high;
  }
}
