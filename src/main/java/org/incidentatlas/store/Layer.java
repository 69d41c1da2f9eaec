package org.incidentatlas.store;

import java.util.List;

/**
 * A served layer as the build derives it.
 *
 * @param geometryType GeoJSON geometry type of every feature (Point, MultiLineString, ...)
 * @param sourceFiles  the geodata files it is derived from
 * @param attributes   the properties requests can filter on
 */
public record Layer(String id, String title, String description, String geometryType, List<String> sourceFiles,
    List<Attribute> attributes, Iterable<LayerFeature> features) {}
