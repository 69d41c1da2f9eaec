package org.incidentatlas.store;

import java.util.List;

/**
 * A served layer as the build derives it.
 *
 * @param geometryType GeoJSON geometry type of every feature (Point, MultiLineString, ...)
 * @param sourceFiles  the geodata files it is derived from
 * @param attributes   the properties requests can filter on
 * @param properties   every property of its features, the attributes among them: its schema
 */
public record Layer(String id, String title, String description, String geometryType, List<String> sourceFiles,
    List<Attribute> attributes, List<FeatureProperty> properties, Iterable<LayerFeature> features) {}
