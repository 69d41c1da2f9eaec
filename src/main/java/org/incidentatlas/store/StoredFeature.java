package org.incidentatlas.store;

import java.nio.charset.StandardCharsets;

/**
 * A feature as stored: its id and its GeoJSON geometry and properties, already serialised as
 * UTF-8, so that they can be sent as they are.
 */
public record StoredFeature(String id, byte[] geometry, byte[] properties) {
  public String geometryJson() {
    return new String(geometry, StandardCharsets.UTF_8);
  }
}
