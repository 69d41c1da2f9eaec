package org.incidentatlas.store;

/**
 * One key of a sort order: a sortable queryable ({@link Attribute#sortable()}, or
 * {@code datetime} for the start and then the end of a feature's days).
 */
public record SortKey(String property, boolean descending) {}
