package org.incidentatlas.store;

/**
 * Which features of a layer to read, in their stored order.
 *
 * @param bbox   null for no spatial filter
 * @param time   null for no temporal filter
 * @param limit  maximum number of features, or {@link #UNLIMITED}
 * @param offset features to skip
 */
public record FeatureQuery(Bbox bbox, TimeRange time, long limit, long offset) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  public static FeatureQuery all() {
    return new FeatureQuery(null, null, UNLIMITED, 0);
  }
}
