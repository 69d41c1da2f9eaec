package org.incidentatlas.importer;

/**
 * How well a dataset places an event, in the atlas's terms.
 *
 * @param precision         {@code exact}, {@code near} or {@code district}
 * @param uncertaintyMetres radius around the point within which the event took place
 */
record Placement(String precision, int uncertaintyMetres) {}
