package org.incidentatlas.ingest;

import org.geotools.api.feature.simple.SimpleFeature;

/**
 * A feature read from a source file, already in WGS84 longitude/latitude.
 *
 * @param feature  the GeoTools feature
 * @param file     file name relative to the geodata directory
 * @param location where it stands in the file, for problem reports
 */
public record SourceFeature(SimpleFeature feature, String file, String location) {

  public SourceProblem problem(String reason) {
    return new SourceProblem(file, location, reason);
  }

  /** An attribute's value, or null when the feature type has no such attribute. */
  public Object attribute(String name) {
    return feature.getFeatureType().getDescriptor(name) == null ? null : feature.getAttribute(name);
  }

  /** A text attribute, or null when absent or blank. */
  public String text(String name) {
    Object v = attribute(name);
    if (v == null) {
      return null;
    }
    String s = v.toString().trim();
    return s.isEmpty() ? null : s;
  }

  /** @throws IllegalArgumentException naming the field when it is absent or blank */
  public String required(String name) {
    String v = text(name);
    if (v == null) {
      throw new IllegalArgumentException("required field '" + name + "' is missing or empty");
    }
    return v;
  }
}
