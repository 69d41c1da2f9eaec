package org.incidentatlas.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A layer's entry in the catalogue.
 *
 * @param bbox          WGS84 extent of all features, null for an empty layer
 * @param start         first day of the temporal extent, null for timeless layers
 * @param sources       geodata files the layer is derived from, with their SHA-256
 * @param attributes    the properties requests can filter and sort on (its queryables, with geometry and datetime)
 * @param properties    every property of its features, the attributes among them: its schema
 * @param builtAt       when the build that wrote it finished
 * @param tally         the column the store sums up claimed figures from ({@link Attribute.Type#TALLY}), null
 *                      where the layer's features carry none
 */
public record LayerInfo(String id, String title, String description, String geometryType, Bbox bbox,
    LocalDate start, LocalDate end, long featureCount, List<SourceFile> sources, List<Attribute> attributes, List<FeatureProperty> properties,
    String buildId, Instant builtAt, Attribute tally) {

  public LayerInfo {
    if (attributes.stream().anyMatch(a -> !a.queryable())) {
      throw new IllegalArgumentException("layer " + id + ": a tally is no queryable");
    }
  }

  /** A layer without a tally. */
  public LayerInfo(String id, String title, String description, String geometryType, Bbox bbox, LocalDate start,
      LocalDate end, long featureCount, List<SourceFile> sources, List<Attribute> attributes, List<FeatureProperty> properties,
      String buildId, Instant builtAt) {
    this(id, title, description, geometryType, bbox, start, end, featureCount, sources, attributes, properties, buildId,
        builtAt, null);
  }

  /** A geodata file and its checksum. */
  public record SourceFile(String file, String sha256) {}

  /** The columns of its narrow table after the days, in their order: its queryables, then its tally. */
  public List<Attribute> columns() {
    if (tally == null) {
      return attributes;
    }
    List<Attribute> all = new ArrayList<>(attributes);
    all.add(tally);
    return all;
  }

  public boolean temporal() {
    return start != null;
  }

  /** The queryable attribute of that name. */
  public Optional<Attribute> attribute(String property) {
    return attributes.stream().filter(a -> a.property().equals(property)).findFirst();
  }

  /** The property of that name in its schema. */
  public Optional<FeatureProperty> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public boolean points() {
    return geometryType.equals("Point");
  }
}
