package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.Link;
import org.incidentatlas.api.html.Value.Field;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;

/** A page of a layer's features as a table: id and a few key properties, each row linked to the feature. */
public final class ItemsPage {
  /**
   * Properties that say at a glance what a feature is, in the order shown; a page shows the
   * first few its features have.
   */
  static final List<String> KEY_PROPERTIES = List.of("name", "place_name", "date", "event_type", "country", "band",
      "fatalities_high", "location_precision", "shelling_incidents", "first_date", "last_date", "admin1", "population",
      "border_distance_km", "settlement_count", "incident_count", "length_km", "iso_a3");
  static final int KEY_COLUMNS = 6;
  private static final Set<String> PAGING = Set.of("f", "limit", "offset");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ItemsPage() {}

  public record Model(Frame frame, String title, String summary, List<Field> query, List<String> columns, List<Row> rows,
      String prevHref, String nextHref, String geojsonHref, String collectionHref) {
    public boolean hasQuery() {
      return !query.isEmpty();
    }
  }

  public record Row(String id, String href, List<Value> cells) {}

  /**
   * @param offset      position of the first feature in the selection
   * @param properties  the properties asked for ({@code properties=}), null when not asked
   * @param featureHref the HTML page of a feature, by id
   */
  public static Page of(String base, LayerInfo layer, List<StoredFeature> features, long matched, long offset,
      Map<String, List<String>> params, Set<String> properties, Function<String, String> featureHref, List<Link> links) {
    List<JsonNode> props = features.stream().map(f -> parse(f.properties())).toList();
    List<String> columns = properties != null ? List.copyOf(properties) : keyColumns(props);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonNode p = props.get(i);
      rows.add(new Row(features.get(i).id(), featureHref.apply(features.get(i).id()), columns.stream().map(c -> Value.of(p.get(c))).toList()));
    }
    List<Field> query = new ArrayList<>();
    params.forEach((name, values) -> {
      if (!PAGING.contains(name)) {
        query.add(new Field(name, Value.text(String.join(", ", values))));
      }
    });
    String title = layer.title() + ": features";
    Frame frame = new Frame(title, Trail.from(base).collection(layer.id(), layer.title()).here("Features"), links, false);
    return new Page("items", new Model(frame, title, summary(features.size(), matched, offset), query, columns, rows,
        Layers.href(links, "prev", Formats.HTML), Layers.href(links, "next", Formats.HTML),
        Layers.href(links, "alternate", Formats.GEOJSON), Layers.href(links, "collection", Formats.HTML)));
  }

  static String summary(int returned, long matched, long offset) {
    if (matched == 0) {
      return "No feature matches.";
    }
    if (returned == 0) {
      return "No feature here: " + Layers.count(matched) + " match, fewer than the offset " + Layers.count(offset) + ".";
    }
    return "Features " + Layers.count(offset + 1) + "–" + Layers.count(offset + returned) + " of " + Layers.count(matched) + ".";
  }

  private static List<String> keyColumns(List<JsonNode> props) {
    return KEY_PROPERTIES.stream().filter(k -> props.stream().anyMatch(p -> p.has(k))).limit(KEY_COLUMNS).toList();
  }

  /** Stored GeoJSON, read from its UTF-8 bytes. */
  static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
