package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.Link;
import org.incidentatlas.api.html.Value.Field;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;

/**
 * One feature with every property readable: nested values (an incident's claims, actors and
 * sources) as tables and lists, never as JSON text.
 */
public final class FeaturePage {
  private FeaturePage() {}

  public record Model(Frame frame, String id, String title, String layerTitle, List<Field> properties, String geometryType,
      String position, MapView map, String collectionHref) {}

  public static Page of(String base, LayerInfo layer, StoredFeature feature, List<Link> links) {
    JsonNode props = ItemsPage.parse(feature.properties());
    JsonNode geometry = ItemsPage.parse(feature.geometry());
    String title = title(feature.id(), props);
    String json = Layers.href(links, "alternate", Formats.GEOJSON);
    String collection = Layers.href(links, "collection", Formats.HTML);
    MapView map = new MapView(json, Layers.withoutQuery(collection) + "/items", null, null);
    Frame frame = new Frame(title, Trail.from(base).items(layer.id(), layer.title()).here(feature.id()), links, true);
    return new Page("feature", new Model(frame, feature.id(), title, layer.title(), Value.fields(props),
        geometry.path("type").asText(), position(geometry), map, collection));
  }

  /** Its name and date where it has them, so a reader knows what it is before its id. */
  static String title(String id, JsonNode props) {
    String name = props.path("name").asText(props.path("place_name").asText(""));
    String date = props.path("date").asText("");
    if (name.isEmpty()) {
      return id;
    }
    return name + (date.isEmpty() ? "" : ", " + date) + " (" + id + ")";
  }

  /** Longitude and latitude of a point; other geometries are shown on the map only. */
  private static String position(JsonNode geometry) {
    JsonNode c = geometry.path("coordinates");
    if (!geometry.path("type").asText().equals("Point") || c.size() < 2) {
      return null;
    }
    return String.format(Locale.ROOT, "longitude %.5f, latitude %.5f (WGS84 degrees)", c.get(0).asDouble(), c.get(1).asDouble());
  }
}
