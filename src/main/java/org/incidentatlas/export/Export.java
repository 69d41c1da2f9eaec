package org.incidentatlas.export;

import org.incidentatlas.store.LayerInfo;

/**
 * One download to write.
 *
 * @param features the features the query selected, in stored order
 * @param baseName the file name without extension, for files inside an archive
 * @param scratch  where formats that need a file write it before sending
 */
public record Export(LayerInfo layer, Citation citation, FeatureSource features, String baseName, Scratch scratch) {}
