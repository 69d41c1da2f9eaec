package org.incidentatlas.api.html;

import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.api.Hrefs;
import org.incidentatlas.api.html.Frame.Crumb;

/**
 * Breadcrumbs: the pages from the map down to the one shown, following the API's paths. Each
 * links to the HTML page, so a reader never lands on JSON by going up.
 */
final class Trail {
  private final List<Crumb> crumbs;
  private final String api;

  private Trail(List<Crumb> crumbs, String api) {
    this.crumbs = crumbs;
    this.api = api;
  }

  /** The trail down to the landing page, {@code base} being the server's scheme and authority. */
  static Trail from(String base) {
    return new Trail(List.of(new Crumb("Incident Atlas", base + "/")), base + "/api");
  }

  Trail then(String label, String path) {
    List<Crumb> more = new ArrayList<>(crumbs);
    more.add(new Crumb(label, api + path + "?f=html"));
    return new Trail(more, api);
  }

  Trail api() {
    return then("API", "");
  }

  Trail collections() {
    return api().then("Collections", "/collections");
  }

  Trail collection(String id, String title) {
    return collections().then(title, "/collections/" + Hrefs.encode(id));
  }

  Trail items(String id, String title) {
    return collection(id, title).then("Features", "/collections/" + Hrefs.encode(id) + "/items");
  }

  /** The crumbs, ending with the page itself. */
  List<Crumb> here(String label) {
    List<Crumb> all = new ArrayList<>(crumbs);
    all.add(new Crumb(label, null));
    return all;
  }
}
