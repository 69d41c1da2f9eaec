package org.incidentatlas.geo;

import org.locationtech.jts.geom.Geometry;

/**
 * A country polygon of {@code countries.geojson}.
 *
 * @param geometry WGS84 longitude/latitude (Multi)Polygon
 */
public record Country(String iso2, String iso3, String name, Geometry geometry, String source, String licence) {}
