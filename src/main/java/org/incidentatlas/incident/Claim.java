package org.incidentatlas.incident;

/**
 * A figure as somebody states it: never a fact of the atlas, always who says so and where.
 *
 * @param group     {@code military} or {@code civilian}
 * @param side      whose people the figure counts: {@code AZ} or {@code AM}
 * @param count     the number claimed
 * @param claimedBy who states the figure (e.g. Azerbaijan's Ministry of Defence)
 * @param source    id of the record's source that reports the claim
 */
public record Claim(String group, String side, int count, String claimedBy, String source) {}
