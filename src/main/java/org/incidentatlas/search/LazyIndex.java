package org.incidentatlas.search;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.incidentatlas.store.LayerInfo;

/**
 * An index of one layer, built when first asked for and again whenever the layer has been
 * rebuilt since: a server that never searches never pays for it, and one that does never answers
 * from a build the store has replaced.
 */
final class LazyIndex<T> {
  private record Built<T>(String buildId, T index) {}

  private final Supplier<Optional<LayerInfo>> catalogue;
  private final Function<LayerInfo, T> build;
  private final T empty;
  private volatile Built<T> built;

  /**
   * @param catalogue the layer's current catalogue entry, empty while the store has no such layer
   * @param empty     stands in for the index while there is no layer
   */
  LazyIndex(Supplier<Optional<LayerInfo>> catalogue, Function<LayerInfo, T> build, T empty) {
    this.catalogue = catalogue;
    this.build = build;
    this.empty = empty;
  }

  T current() {
    Built<T> b = built;
    if (b != null && Objects.equals(b.buildId(), buildId(catalogue.get()))) {
      return b.index();
    }
    synchronized (this) {
      // Asked again under the lock: another thread may have built it meanwhile, perhaps for a
      // newer build than the one seen above.
      Optional<LayerInfo> layer = catalogue.get();
      b = built;
      if (b == null || !Objects.equals(b.buildId(), buildId(layer))) {
        // The catalogue is read before the features: should a build land in between, the index
        // holds newer data than its build id says and is merely rebuilt once more next time.
        b = new Built<>(buildId(layer), layer.map(build).orElse(empty));
        built = b;
      }
      return b.index();
    }
  }

  private static String buildId(Optional<LayerInfo> layer) {
    return layer.map(LayerInfo::buildId).orElse(null);
  }
}
