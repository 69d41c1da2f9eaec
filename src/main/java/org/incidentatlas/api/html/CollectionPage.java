package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.api.CollectionDescription;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.ItemsRequest;
import org.incidentatlas.api.Link;
import org.incidentatlas.api.html.Value.Field;
import org.incidentatlas.store.LayerInfo;

/** One layer: what it is, where and when, where it comes from, and a small map of its features. */
public final class CollectionPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CollectionPage() {}

  public record Model(Frame frame, String id, String title, String description, List<Field> facts, MapView map,
      String itemsHref, String geojsonHref, String downloadHref) {}

  public static Page of(String base, LayerInfo layer, List<Link> links) {
    String items = Layers.href(links, "items", Formats.HTML);
    String geojson = Layers.href(links, "items", Formats.GEOJSON);
    String partial = layer.featureCount() > ItemsRequest.MAX_LIMIT
        ? "The map shows the first " + Layers.count(ItemsRequest.MAX_LIMIT) + " of " + Layers.count(layer.featureCount()) + " features."
        : null;
    MapView map = new MapView(geojson + "&limit=" + ItemsRequest.MAX_LIMIT, Layers.withoutQuery(geojson), Layers.bbox(layer), partial);
    Frame frame = new Frame(layer.title(), Trail.from(base).collections().here(layer.title()), links, true);
    return new Page("collection", new Model(frame, layer.id(), layer.title(), layer.description(), facts(layer), map, items,
        geojson, Layers.href(links, "enclosure", Formats.GEOJSON)));
  }

  private static List<Field> facts(LayerInfo layer) {
    List<Field> facts = new ArrayList<>();
    facts.add(new Field("Identifier", Value.text(layer.id())));
    facts.add(new Field("Geometry", Value.text(layer.geometryType())));
    facts.add(new Field("Features", Value.text(Layers.count(layer.featureCount()))));
    facts.add(new Field("Extent (west, south, east, north; WGS84 degrees)", Value.text(Layers.bbox(layer))));
    facts.add(new Field("Time", Value.text(layer.temporal() ? Layers.period(layer) : "none: the layer is not dated")));
    facts.add(new Field("Filter parameters", Value.of(JSON.valueToTree(CollectionDescription.filterParameters(layer)))));
    facts.add(new Field("Built from", Value.of(JSON.valueToTree(layer.sources()))));
    facts.add(new Field("Build", Value.text(layer.buildId() + ", " + layer.builtAt())));
    return facts;
  }
}
