package org.incidentatlas.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.incidentatlas.store.LayerInfo;

/**
 * Addresses of the API's resources in a chosen representation, keeping the request's other
 * parameters. A link to HTML always carries {@code f=html}, and a link from an HTML page to JSON
 * carries {@code f=json}, so that each works whatever Accept header the client sends; JSON
 * documents link to JSON by the plain address, as clients already know them.
 */
public final class Hrefs {
  private Hrefs() {}

  /** The address of a collection, with no parameters. */
  static String collection(String base, LayerInfo layer) {
    return base + "/api/collections/" + layer.id();
  }

  static String of(String url, Representation target, Representation from) {
    return of(url, Map.of(), target, from);
  }

  /** {@code url} with {@code params} in their order, {@code f} set for {@code target}. */
  static String of(String url, Map<String, List<String>> params, Representation target, Representation from) {
    StringBuilder sb = new StringBuilder(url);
    char sep = '?';
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      if (p.getKey().equals("f") && (target == Representation.HTML || from == Representation.HTML)
          || QueryParams.isEmptyPair(p.getKey(), p.getValue())) {
        continue;
      }
      for (String v : p.getValue()) {
        sb.append(sep).append(encode(p.getKey())).append('=').append(encode(v));
        sep = '&';
      }
    }
    if (target == Representation.HTML || from == Representation.HTML) {
      sb.append(sep).append("f=").append(target.f);
    }
    return sb.toString();
  }

  /** A link to {@code url} as {@code target}; {@code jsonType} is the media type of its JSON. */
  static Link link(String url, Map<String, List<String>> params, String rel, Representation target, Representation from,
      String jsonType, String title) {
    return new Link(of(url, params, target, from), rel, target == Representation.HTML ? Formats.HTML : jsonType, title);
  }

  /** {@code self} in the representation being sent and {@code alternate} in the other one. */
  static List<Link> selfAndAlternate(String url, Map<String, List<String>> params, Representation current, String jsonType,
      String title) {
    Representation other = current.other();
    return List.of(
        link(url, params, "self", current, current, jsonType, title),
        link(url, params, "alternate", other, current, jsonType, title + (other == Representation.HTML ? " as a web page" : " as JSON")));
  }

  /** Links of one relation to both representations, the JSON one first for clients that take the first. */
  static List<Link> both(String url, String rel, Representation from, String jsonType, String title) {
    return List.of(
        link(url, Map.of(), rel, Representation.JSON, from, jsonType, title),
        link(url, Map.of(), rel, Representation.HTML, from, jsonType, title + " (web page)"));
  }

  /** A query value or path segment, with spaces as %20 so it reads the same in a path. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
