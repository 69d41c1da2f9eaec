package org.incidentatlas.store;

import java.time.LocalDate;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A feature of a served layer.
 *
 * @param geometry   WGS84 longitude/latitude
 * @param start      first day of its time extent, null for timeless features
 * @param end        last day of its time extent, null for timeless features
 * @param properties GeoJSON properties, serialised as JSON as they stand
 */
public record LayerFeature(String id, Geometry geometry, LocalDate start, LocalDate end, Map<String, Object> properties) {}
