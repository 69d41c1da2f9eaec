package org.incidentatlas.api.html;

import java.util.List;
import java.util.Locale;
import org.incidentatlas.api.Link;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.LayerInfo;

/** How a layer's catalogue entry and links read on the collection pages. */
final class Layers {
  private Layers() {}

  /** The first link with this relation and media type, or null. */
  static String href(List<Link> links, String rel, String type) {
    return links.stream().filter(l -> l.rel().equals(rel) && l.type().equals(type)).map(Link::href).findFirst().orElse(null);
  }

  static String withoutQuery(String href) {
    int query = href.indexOf('?');
    return query < 0 ? href : href.substring(0, query);
  }

  static String period(LayerInfo layer) {
    if (!layer.temporal()) {
      return null;
    }
    return layer.start().equals(layer.end()) ? layer.start().toString() : layer.start() + " – " + layer.end();
  }

  /** West, south, east, north in degrees, as the map script and a reader take them. */
  static String bbox(LayerInfo layer) {
    Bbox b = layer.bbox();
    return b == null ? null : String.format(Locale.ROOT, "%.5f, %.5f, %.5f, %.5f", b.minLon(), b.minLat(), b.maxLon(), b.maxLat());
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
