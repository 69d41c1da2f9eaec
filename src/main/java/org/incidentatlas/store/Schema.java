package org.incidentatlas.store;

import java.util.List;

/** The database schema. Each layer gets its own table; the catalogue describes them. */
final class Schema {
  private Schema() {}

  static final String CATALOGUE = """
      CREATE TABLE catalogue (
        id VARCHAR(64) PRIMARY KEY,
        ord INT NOT NULL,
        title VARCHAR NOT NULL,
        description VARCHAR NOT NULL,
        geometry_type VARCHAR(32) NOT NULL,
        min_lon DOUBLE PRECISION, min_lat DOUBLE PRECISION, max_lon DOUBLE PRECISION, max_lat DOUBLE PRECISION,
        t_start DATE, t_end DATE,
        feature_count BIGINT NOT NULL,
        sources VARCHAR NOT NULL,
        attributes VARCHAR NOT NULL,
        build_id VARCHAR(64) NOT NULL,
        built_at TIMESTAMP WITH TIME ZONE NOT NULL
      )""";

  static final String BUILD = """
      CREATE TABLE build (
        id VARCHAR(64) PRIMARY KEY,
        built_at TIMESTAMP WITH TIME ZONE NOT NULL,
        fingerprint VARCHAR(64) NOT NULL,
        summary VARCHAR NOT NULL
      )""";

  /**
   * seq gives every feature a fixed place in the layer's order, so that offset paging neither
   * repeats nor skips; it counts from 0 without gaps, so an unfiltered page starts at seq = offset.
   * geom serves the spatial index; the *_json columns are what is sent. They are VARCHAR, not
   * CLOB: H2 keeps each CLOB as a separate LOB, which multiplies size and read time.
   */
  static String layerTable(String table, List<Attribute> attributes) {
    StringBuilder columns = new StringBuilder();
    StringBuilder indexes = new StringBuilder();
    for (Attribute a : attributes) {
      columns.append(",\n  ").append(a.column()).append(' ').append(a.sqlType());
      if (a.type() != Attribute.Type.TEXT_LIST) {
        indexes.append(";\nCREATE INDEX ").append(table).append('_').append(a.column())
            .append(" ON ").append(table).append('(').append(a.column()).append(')');
      }
    }
    return """
        CREATE TABLE %1$s (
          seq BIGINT PRIMARY KEY,
          fid VARCHAR(128) NOT NULL UNIQUE,
          geom GEOMETRY(GEOMETRY, %2$d) NOT NULL,
          t_start DATE, t_end DATE,
          geometry_json VARCHAR NOT NULL,
          properties_json VARCHAR NOT NULL%3$s
        );
        CREATE SPATIAL INDEX %1$s_geom ON %1$s(geom);
        CREATE INDEX %1$s_time ON %1$s(t_start, t_end)%4$s""".formatted(table, AtlasStore.SRID, columns, indexes);
  }

  static String table(String layerId) {
    if (!layerId.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("not a layer id: " + layerId);
    }
    return "layer_" + layerId;
  }
}
