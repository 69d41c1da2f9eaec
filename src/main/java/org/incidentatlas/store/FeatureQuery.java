package org.incidentatlas.store;

import java.util.List;

/**
 * Which features of a layer to read, in their stored order.
 *
 * @param bbox   null for no spatial filter
 * @param time   null for no temporal filter
 * @param limit  maximum number of features, or {@link #UNLIMITED}
 * @param filters conditions on the layer's attributes, all of which must hold
 * @param offset  features to skip
 */
public record FeatureQuery(Bbox bbox, TimeRange time, List<PropertyFilter> filters, long limit, long offset) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  public FeatureQuery {
    filters = List.copyOf(filters);
  }

  public static FeatureQuery all() {
    return new FeatureQuery(null, null, List.of(), UNLIMITED, 0);
  }

  /** True when no condition narrows the layer: the query pages through all of it. */
  public boolean selectsAll() {
    return bbox == null && time == null && filters.isEmpty();
  }

  /** The same selection without paging. */
  public FeatureQuery unpaged() {
    return new FeatureQuery(bbox, time, filters, UNLIMITED, 0);
  }
}
