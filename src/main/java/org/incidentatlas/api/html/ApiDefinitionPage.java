package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.Link;

/**
 * The OpenAPI definition for a person: every path and operation with its parameters and
 * responses, read from the same document clients get, with references resolved.
 */
public final class ApiDefinitionPage {
  private ApiDefinitionPage() {}

  public record Model(Frame frame, String title, String version, String description, List<String> servers,
      List<Operation> operations, String jsonHref) {}

  public record Operation(String method, String path, String anchor, String summary, String description,
      List<Parameter> parameters, List<Response> responses) {}

  public record Parameter(String name, String in, String required, String schema, String description) {}

  public record Response(String status, String description, String types) {}

  /** The members of an OpenAPI path item that are operations; the others (servers, parameters) are not. */
  public static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  public static Page of(String base, JsonNode doc, List<Link> links) {
    List<Operation> operations = new ArrayList<>();
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (!METHODS.contains(op.getKey())) {
        // A path's own servers, summary or parameters: not an operation.
        return;
      }
      JsonNode o = op.getValue();
      List<Parameter> parameters = new ArrayList<>();
      o.path("parameters").forEach(p -> parameters.add(parameter(resolve(doc, p))));
      List<Response> responses = new ArrayList<>();
      o.path("responses").fields().forEachRemaining(r -> {
        JsonNode resp = resolve(doc, r.getValue());
        List<String> types = new ArrayList<>();
        resp.path("content").fieldNames().forEachRemaining(types::add);
        responses.add(new Response(r.getKey(), resp.path("description").asText(), String.join(", ", types)));
      });
      operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), o.path("operationId").asText(path.getKey()),
          o.path("summary").asText(null), o.path("description").asText(null), parameters, responses));
    }));
    List<String> servers = new ArrayList<>();
    doc.path("servers").forEach(s -> servers.add(s.path("url").asText()));
    JsonNode info = doc.path("info");
    String title = "API definition";
    Frame frame = new Frame(title, Trail.from(base).api().here("API definition"), links, false);
    return new Page("openapi", new Model(frame, title, info.path("version").asText(null), info.path("description").asText(null),
        servers, operations, Layers.href(links, "alternate", Formats.OPENAPI)));
  }

  /** The object a {@code $ref} points to within the document; only internal references are used. */
  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    String ref = node.path("$ref").asText("");
    return ref.startsWith("#/") ? doc.at(ref.substring(1)) : node;
  }

  private static Parameter parameter(JsonNode p) {
    return new Parameter(p.path("name").asText(), p.path("in").asText(), p.path("required").asBoolean(false) ? "required" : "optional",
        schema(p.path("schema")), p.path("description").asText(null));
  }

  /** A schema in a few words: type, allowed values, range and default. */
  static String schema(JsonNode s) {
    if (s.isMissingNode()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.path("type").asText("any"));
    if (s.has("items")) {
      sb.append(" of ").append(schema(s.get("items")));
    }
    if (s.has("enum")) {
      List<String> values = new ArrayList<>();
      s.get("enum").forEach(v -> values.add(v.asText()));
      sb.append(", one of ").append(String.join(" | ", values));
    }
    if (s.has("minimum")) {
      sb.append(", at least ").append(s.get("minimum").asText());
    }
    if (s.has("maximum")) {
      sb.append(", at most ").append(s.get("maximum").asText());
    }
    if (s.has("default")) {
      sb.append(", default ").append(s.get("default").asText());
    }
    return sb.toString();
  }
}
