package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.incidentatlas.store.LayerInfo;
import org.junit.jupiter.api.Test;

/** When an index is built: on first use, and again only when its layer has been rebuilt. */
class LazyIndexTest {
  private final AtomicReference<Optional<LayerInfo>> catalogue = new AtomicReference<>(Optional.empty());
  private final AtomicInteger builds = new AtomicInteger();
  private final LazyIndex<String> index =
      new LazyIndex<>(catalogue::get, l -> l.buildId() + "#" + builds.incrementAndGet(), "none");

  private static Optional<LayerInfo> layer(String buildId) {
    return Optional.of(new LayerInfo("incidents", "Incidents", "", "Point", null, null, null, 0, List.of(), List.of(), List.of(), buildId,
        Instant.EPOCH));
  }

  @Test
  void nothingIsBuiltBeforeItIsAskedFor() {
    catalogue.set(layer("b1"));
    assertEquals(0, builds.get());
    assertEquals("b1#1", index.current());
  }

  @Test
  void theIndexIsReusedWhileTheBuildIsTheSame() {
    catalogue.set(layer("b1"));
    index.current();
    index.current();
    assertEquals("b1#1", index.current());
    assertEquals(1, builds.get());
  }

  @Test
  void aNewBuildOfTheLayerIsIndexedAfresh() {
    catalogue.set(layer("b1"));
    index.current();
    catalogue.set(layer("b2"));
    assertEquals("b2#2", index.current());
    assertEquals("b2#2", index.current());
  }

  @Test
  void aMissingLayerGivesTheEmptyIndexUntilItAppears() {
    assertEquals("none", index.current());
    assertEquals(0, builds.get());
    catalogue.set(layer("b1"));
    assertEquals("b1#1", index.current());
  }
}
