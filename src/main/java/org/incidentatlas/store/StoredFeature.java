package org.incidentatlas.store;

/**
 * A feature as stored: its id and its GeoJSON geometry and properties, already serialised.
 */
public record StoredFeature(String id, String geometryJson, String propertiesJson) {}
