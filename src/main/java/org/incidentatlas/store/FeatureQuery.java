package org.incidentatlas.store;

import java.util.List;

/**
 * Which features of a layer to read, and in which order.
 *
 * @param bbox      null for no spatial filter
 * @param time      null for no temporal filter
 * @param filters   conditions of the simple filter parameters, all of which must hold
 * @param condition a CQL2 filter that must hold too, or null
 * @param sort      keys to order by; the stored order ({@code seq}) breaks every tie, so that
 *                  paging with the same query never repeats or skips a feature
 * @param limit     maximum number of features, or {@link #UNLIMITED}
 * @param offset    features to skip
 */
public record FeatureQuery(Bbox bbox, TimeRange time, List<PropertyFilter> filters, Condition condition,
    List<SortKey> sort, long limit, long offset) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  public FeatureQuery {
    filters = List.copyOf(filters);
    sort = List.copyOf(sort);
  }

  public static FeatureQuery all() {
    return new FeatureQuery(null, null, List.of(), null, List.of(), UNLIMITED, 0);
  }

  /** True when no condition narrows the layer: the query pages through all of it. */
  public boolean selectsAll() {
    return bbox == null && time == null && filters.isEmpty() && condition == null;
  }

  /** True when a box is the only condition and the order is the stored one. */
  public boolean boxOnly() {
    return bbox != null && time == null && filters.isEmpty() && condition == null && sort.isEmpty();
  }

  /** The same selection without paging. */
  public FeatureQuery unpaged() {
    return first(UNLIMITED);
  }

  /** The first {@code n} features of the same selection. */
  public FeatureQuery first(long n) {
    return new FeatureQuery(bbox, time, filters, condition, sort, n, 0);
  }
}
