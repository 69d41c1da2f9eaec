package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.incidentatlas.api.html.DocumentPage;
import org.incidentatlas.api.html.HtmlPages;
import org.incidentatlas.api.html.Page;

/**
 * The web pages of the API's answers. Every resource with JSON has a page too: the OGC API
 * resources their own ({@code api/html/}), the others their JSON document as nested tables.
 */
final class Pages {
  private static final HtmlPages HTML = new HtmlPages();

  private Pages() {}

  static void send(Context ctx, Page page) {
    ctx.contentType(HtmlPages.CONTENT_TYPE).result(HTML.render(page));
  }

  /** What {@code ctx.json} would send of {@code body}, as a tree to show. */
  static JsonNode tree(Context ctx, Object body) {
    try {
      return TREES.readTree(ctx.jsonMapper().toJsonString(body, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper TREES = new ObjectMapper();

  /** {@code document}, the JSON answer of this request, as a page titled {@code title}. */
  static void document(Context ctx, String title, JsonNode document, String jsonType) {
    String url = OgcApi.base(ctx) + ctx.path();
    send(ctx, DocumentPage.of(OgcApi.base(ctx), title, document,
        Hrefs.selfAndAlternate(url, ctx.queryParamMap(), Representation.HTML, jsonType, title)));
  }
}
