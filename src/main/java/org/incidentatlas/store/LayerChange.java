package org.incidentatlas.store;

import java.util.List;

/**
 * Features of a served layer to replace or add ({@code upserted}, matched by id) and to remove.
 */
public record LayerChange(String layerId, List<String> removed, List<LayerFeature> upserted) {
  public boolean isEmpty() {
    return removed.isEmpty() && upserted.isEmpty();
  }
}
