package org.incidentatlas.export;

import java.io.IOException;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;

/** The features of a download, handed over one at a time as the store reads them. */
public interface FeatureSource {
  /** Every selected feature, in stored order. */
  void forEach(AtlasStore.FeatureSink sink) throws IOException;

  /**
   * Features to learn the layer's fields from: the first {@code n} selected ones or, when the
   * query selects none, the first {@code n} of the layer, so that an empty file still has the
   * layer's columns.
   */
  void sample(int n, AtlasStore.FeatureSink sink) throws IOException;

  /** The features of {@code layer} that {@code query} selects, ignoring its paging. */
  static FeatureSource of(AtlasStore store, LayerInfo layer, FeatureQuery query) {
    FeatureQuery all = query.unpaged();
    return new FeatureSource() {
      @Override
      public void forEach(AtlasStore.FeatureSink sink) throws IOException {
        store.stream(layer, all, sink);
      }

      @Override
      public void sample(int n, AtlasStore.FeatureSink sink) throws IOException {
        boolean[] any = {false};
        store.stream(layer, all.first(n), f -> {
          any[0] = true;
          sink.accept(f);
        });
        if (!any[0]) {
          store.stream(layer, FeatureQuery.all().first(n), sink);
        }
      }
    };
  }
}
