package org.incidentatlas.incident;

/**
 * One thing wrong with a submitted record.
 *
 * @param field where, as a path into the GeoJSON feature (e.g. {@code properties.sources[1].url})
 */
public record FieldError(String field, String message) {}
