package org.incidentatlas.api.html;

import java.util.List;
import java.util.function.Function;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.Link;
import org.incidentatlas.store.LayerInfo;

/** Every layer in one table, each linked to its page, its features and its file. */
public final class CollectionsPage {
  private CollectionsPage() {}

  public record Model(Frame frame, List<Row> collections) {}

  public record Row(String id, String title, String href, String description, String geometryType, String featureCount,
      String period, String itemsHref, String geojsonHref, String downloadHref) {}

  /** {@code linksOf} gives each layer's links as they appear on an HTML page. */
  public static Page of(String base, List<LayerInfo> layers, Function<LayerInfo, List<Link>> linksOf, List<Link> links) {
    List<Row> rows = layers.stream().map(layer -> {
      List<Link> l = linksOf.apply(layer);
      return new Row(layer.id(), layer.title(), Layers.href(l, "self", Formats.HTML), layer.description(), layer.geometryType(),
          Layers.count(layer.featureCount()), Layers.period(layer), Layers.href(l, "items", Formats.HTML),
          Layers.href(l, "items", Formats.GEOJSON), Layers.href(l, "enclosure", Formats.GEOJSON));
    }).toList();
    Frame frame = new Frame("Collections", Trail.from(base).api().here("Collections"), links, false);
    return new Page("collections", new Model(frame, rows));
  }
}
