package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;

/**
 * OGC API Features Part 1 over the store, rooted at {@code /api}. Handlers parse the request,
 * ask the store, and write the answer.
 */
final class OgcApi {
  static final List<String> CONFORMANCE = List.of(
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
      "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
      "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ONLY_F = Set.of("f");

  private final AtlasStore store;
  private final ObjectNode openApiTemplate;

  OgcApi(AtlasStore store) {
    this.store = store;
    try (InputStream in = OgcApi.class.getResourceAsStream("/openapi.json")) {
      this.openApiTemplate = (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.json missing from the classpath", e);
    }
  }

  void landing(Context ctx) {
    plainJsonRequest(ctx);
    String api = base(ctx) + "/api";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", "Incident Atlas");
    body.put("description", "Sourced incident layers of the July 2020 fighting on the Armenia–Azerbaijan border"
        + " (Tovuz district / Tavush province) as OGC API Features. Every figure is a claim with its claimant and source.");
    body.put("links", List.of(
        new Link(api, "self", Formats.JSON, "This document"),
        new Link(api + "/openapi", "service-desc", Formats.OPENAPI, "API definition (OpenAPI 3.0)"),
        new Link(base(ctx) + "/", "service-doc", Formats.HTML, "The map"),
        new Link(api + "/conformance", "conformance", Formats.JSON, "Conformance classes"),
        new Link(api + "/collections", "data", Formats.JSON, "The layers")));
    ctx.json(body);
  }

  void conformance(Context ctx) {
    plainJsonRequest(ctx);
    ctx.json(Map.of("conformsTo", CONFORMANCE));
  }

  void collections(Context ctx) {
    plainJsonRequest(ctx);
    String base = base(ctx);
    List<Object> all = new ArrayList<>();
    for (LayerInfo layer : store.layers()) {
      all.add(CollectionDescription.describe(layer, base));
    }
    ctx.json(Map.of(
        "links", List.of(new Link(base + "/api/collections", "self", Formats.JSON, "The layers")),
        "collections", all));
  }

  void collection(Context ctx) {
    plainJsonRequest(ctx);
    ctx.json(CollectionDescription.describe(layer(ctx), base(ctx)));
  }

  void items(Context ctx) throws IOException {
    LayerInfo layer = layer(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    FeatureQuery q = ItemsRequest.items(layer, params);
    Set<String> properties = ItemsRequest.properties(params);
    long matched = store.count(layer, q);
    String itemsUrl = base(ctx) + "/api/collections/" + layer.id() + "/items";
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("timeStamp", Instant.now().toString());
    head.put("numberMatched", matched);
    ctx.contentType(Formats.GEOJSON);
    try (FeatureCollectionWriter out = new FeatureCollectionWriter(ctx.outputStream(), properties)) {
      out.begin(head);
      store.stream(layer, q, out::feature);
      List<Link> links = new ArrayList<>();
      links.add(new Link(pageUrl(itemsUrl, params, q.offset()), "self", Formats.GEOJSON, "This page"));
      if (q.offset() + out.written() < matched) {
        links.add(new Link(pageUrl(itemsUrl, params, q.offset() + q.limit()), "next", Formats.GEOJSON, "Next page"));
      }
      if (q.offset() > 0) {
        links.add(new Link(pageUrl(itemsUrl, params, Math.max(0, q.offset() - q.limit())), "prev", Formats.GEOJSON, "Previous page"));
      }
      links.add(new Link(base(ctx) + "/api/collections/" + layer.id(), "collection", Formats.JSON, layer.title()));
      Map<String, Object> tail = new LinkedHashMap<>();
      tail.put("numberReturned", out.written());
      tail.put("links", links);
      out.end(tail);
    }
  }

  void item(Context ctx) throws IOException {
    LayerInfo layer = layer(ctx);
    plainJsonRequest(ctx);
    String id = ctx.pathParam("featureId");
    StoredFeature f = store.feature(layer, id)
        .orElseThrow(() -> ApiException.notFound("no feature '" + id + "' in collection '" + layer.id() + "'"));
    String collection = base(ctx) + "/api/collections/" + layer.id();
    List<Link> links = List.of(
        new Link(collection + "/items/" + encode(id), "self", Formats.GEOJSON, "This feature"),
        new Link(collection, "collection", Formats.JSON, layer.title()));
    ctx.contentType(Formats.GEOJSON);
    try (JsonGenerator json = FeatureCollectionWriter.generator(ctx.outputStream())) {
      FeatureCollectionWriter.writeFeature(json, f, null, links);
    }
  }

  /** The API definition, with this server's address and the current collection ids filled in. */
  void openApi(Context ctx) {
    plainJsonRequest(ctx);
    ObjectNode doc = openApiTemplate.deepCopy();
    ArrayNode servers = doc.putArray("servers");
    servers.addObject().put("url", base(ctx) + "/api");
    ArrayNode ids = ((ObjectNode) doc.at("/components/parameters/collectionId/schema")).putArray("enum");
    store.layers().forEach(l -> ids.add(l.id()));
    ctx.contentType(Formats.OPENAPI).result(doc.toString());
  }

  LayerInfo layer(Context ctx) {
    String id = ctx.pathParam("collectionId");
    return store.layer(id).orElseThrow(() -> ApiException.notFound("no collection '" + id + "'"));
  }

  private static void plainJsonRequest(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), ONLY_F);
    Formats.checkJson(ctx.queryParamMap());
  }

  /** Scheme and authority the client used, so links work behind any host name or port. */
  static String base(Context ctx) {
    String host = ctx.header("Host");
    return ctx.scheme() + "://" + (host == null ? "localhost" : host);
  }

  private static String pageUrl(String url, Map<String, List<String>> params, long offset) {
    StringBuilder sb = new StringBuilder(url);
    char sep = '?';
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      if (p.getKey().equals("offset")) {
        continue;
      }
      for (String v : p.getValue()) {
        sb.append(sep).append(encode(p.getKey())).append('=').append(encode(v));
        sep = '&';
      }
    }
    return sb.append(sep).append("offset=").append(offset).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
