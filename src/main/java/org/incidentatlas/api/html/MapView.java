package org.incidentatlas.api.html;

/**
 * What {@code minimap.js} draws on a page: the GeoJSON at {@code geojson}, each feature linked to
 * its page under {@code items}, inside the dashed {@code bbox} when there is one. {@code partial}
 * says so when the map holds only the first features of a larger layer.
 */
public record MapView(String geojson, String items, String bbox, String partial) {}
