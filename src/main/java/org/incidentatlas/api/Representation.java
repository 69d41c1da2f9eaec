package org.incidentatlas.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.incidentatlas.message.MessageKey;

/**
 * The two representations of every OGC API resource, and which one a request gets: {@code f}
 * decides when given; otherwise the Accept header, so that a browser gets HTML while GIS clients,
 * scripts and curl (which do not ask for HTML) keep getting JSON.
 */
enum Representation {
  JSON("json"),
  HTML("html");

  private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");

  /** The value of {@code f} that asks for this representation. */
  final String f;

  Representation(String f) {
    this.f = f;
  }

  Representation other() {
    return this == JSON ? HTML : JSON;
  }

  /** The representation a request asks for; the response varies with Accept, and says so. */
  static Representation of(Context ctx) {
    ctx.header("Vary", "Accept");
    return choose(QueryParams.single(ctx.queryParamMap(), "f"), ctx.header("Accept"));
  }

  static Representation choose(String f, String accept) {
    if (f != null) {
      return switch (f) {
        case "json", "geojson" -> JSON;
        case "html" -> HTML;
        default -> throw ApiException.badParameter("f='" + f + "' is not offered; use f=json or f=html");
      };
    }
    if (!acceptsEither(accept)) {
      throw new ApiException(406, "NotAcceptable", MessageKey.NOT_ACCEPTABLE.with("accept", accept));
    }
    return prefersHtml(accept) ? HTML : JSON;
  }

  /**
   * Whether a client that sent {@code accept} takes JSON or HTML: a range that names either, or a
   * wildcard over them, with a weight above 0. A header that cannot be read is no refusal.
   */
  static boolean acceptsEither(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      List<String> parts = List.of(range.split(";"));
      String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      boolean ours = type.equals("*/*") || type.equals("application/*") || type.equals("text/*")
          || HTML_TYPES.contains(type) || type.equals("application/json") || type.endsWith("+json");
      if ((ours && q > 0) || Double.isNaN(q)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when HTML is named and weighs more than any JSON type. Wildcards count for neither: a
   * client sending {@code *}{@code /*} has not asked for a web page. A tie goes to JSON, the default.
   */
  static boolean prefersHtml(String accept) {
    if (accept == null) {
      return false;
    }
    double html = 0;
    double json = 0;
    for (String range : accept.split(",")) {
      List<String> parts = List.of(range.split(";"));
      String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      q = Double.isNaN(q) ? 0 : q;
      if (HTML_TYPES.contains(type)) {
        html = Math.max(html, q);
      } else if (type.equals("application/json") || type.endsWith("+json")) {
        json = Math.max(json, q);
      }
    }
    return html > 0 && html > json;
  }

  private static double quality(List<String> parts) {
    for (String p : parts.subList(1, parts.size())) {
      String[] kv = p.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q")) {
        try {
          return Double.parseDouble(kv[1].trim());
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      }
    }
    return 1;
  }
}
