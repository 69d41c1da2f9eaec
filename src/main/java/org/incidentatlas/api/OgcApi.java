package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.incidentatlas.api.html.ApiDefinitionPage;
import org.incidentatlas.api.html.CollectionPage;
import org.incidentatlas.api.html.CollectionsPage;
import org.incidentatlas.api.html.ConformancePage;
import org.incidentatlas.api.html.FeaturePage;
import org.incidentatlas.api.html.ItemsPage;
import org.incidentatlas.api.html.LandingPage;
import org.incidentatlas.api.html.Page;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.export.FeatureCollectionWriter;
import org.incidentatlas.export.GeometryOutput;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.StoredFeature;

/**
 * OGC API Features Part 1 over the store, rooted at {@code /api}. Handlers parse the request,
 * ask the store, and write the answer as JSON or, for people, as an HTML page ({@code api.html}).
 */
final class OgcApi {
  static final List<String> CONFORMANCE = List.of(
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
      "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
      "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
      "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
      // Part 4 (draft): writes, on the incidents collection only.
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
      // Part 5: each collection's schema. Not returnables-and-receivables: that class wants a write
      // carrying a read-only property refused, and a record sent back as it was read carries them.
      "http://www.opengis.net/spec/ogcapi-common-3/1.0/conf/schemas",
      "http://www.opengis.net/spec/ogcapi-common-3/1.0/conf/advanced-property-roles");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ONLY_F = Set.of("f");
  private static final Set<String> F_AND_CRS = Set.of("f", "crs");
  /** OGC API Features Part 2: the system of the coordinates in a response, as a URI in angle brackets. */
  static final String CONTENT_CRS = "Content-Crs";

  private static final String TITLE = "Incident Atlas";
  private static final String DESCRIPTION = "Sourced incident layers of the July 2020 fighting on the Armenia–Azerbaijan border"
      + " (Tovuz district / Tavush province) as OGC API Features. Every figure is a claim with its claimant and source.";

  private final AtlasStore store;
  private final ObjectNode openApiTemplate;

  OgcApi(AtlasStore store) {
    this.store = store;
    try (InputStream in = OgcApi.class.getResourceAsStream("/openapi.json")) {
      this.openApiTemplate = (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.json missing from the classpath", e);
    }
    for (String parameter : List.of("crs", "bbox-crs", "filter-crs")) {
      servedCrsSchema((ObjectNode) openApiTemplate.at("/components/parameters/" + parameter + "/schema"));
    }
  }

  /** The systems {@link ServedCrs} offers as the values of a parameter, CRS84 the default. */
  private static void servedCrsSchema(ObjectNode schema) {
    ArrayNode uris = schema.putArray("enum");
    ServedCrs.uris().forEach(uris::add);
    schema.put("default", ServedCrs.CRS84.uri());
  }

  void landing(Context ctx) {
    Representation r = plainRequest(ctx);
    String api = base(ctx) + "/api";
    List<Link> links = new ArrayList<>(Hrefs.selfAndAlternate(api, Map.of(), r, Formats.JSON, "This document"));
    links.add(new Link(api + "/openapi", "service-desc", Formats.OPENAPI, "API definition (OpenAPI 3.0)"));
    links.add(new Link(Hrefs.of(api + "/openapi", Representation.HTML, r), "service-doc", Formats.HTML, "API definition as a web page"));
    links.addAll(Hrefs.both(api + "/conformance", "conformance", r, Formats.JSON, "Conformance classes"));
    links.addAll(Hrefs.both(api + "/collections", "data", r, Formats.JSON, "The layers"));
    links.add(new Link(base(ctx) + "/", "related", Formats.HTML, "The map"));
    if (r == Representation.HTML) {
      html(ctx, LandingPage.of(base(ctx), TITLE, DESCRIPTION, links));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", TITLE);
    body.put("description", DESCRIPTION);
    body.put("links", links);
    ctx.json(body);
  }

  void conformance(Context ctx) {
    Representation r = plainRequest(ctx);
    List<Link> links = Hrefs.selfAndAlternate(base(ctx) + "/api/conformance", Map.of(), r, Formats.JSON, "Conformance classes");
    if (r == Representation.HTML) {
      html(ctx, ConformancePage.of(base(ctx), CONFORMANCE, links));
      return;
    }
    ctx.json(Map.of("conformsTo", CONFORMANCE, "links", links));
  }

  void collections(Context ctx) {
    Representation r = plainRequest(ctx);
    String base = base(ctx);
    List<Link> links = Hrefs.selfAndAlternate(base + "/api/collections", Map.of(), r, Formats.JSON, "The layers");
    if (r == Representation.HTML) {
      html(ctx, CollectionsPage.of(base, store.layers(), l -> CollectionDescription.links(l, base, r), links));
      return;
    }
    List<Object> all = new ArrayList<>();
    for (LayerInfo layer : store.layers()) {
      all.add(CollectionDescription.describe(layer, base));
    }
    ctx.json(Map.of("links", links, "collections", all));
  }

  void collection(Context ctx) {
    Representation r = plainRequest(ctx);
    LayerInfo layer = layer(ctx);
    if (r == Representation.HTML) {
      html(ctx, CollectionPage.of(base(ctx), layer, CollectionDescription.links(layer, base(ctx), r)));
      return;
    }
    ctx.json(CollectionDescription.describe(layer, base(ctx)));
  }

  void items(Context ctx) throws IOException {
    LayerInfo layer = layer(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    FeatureQuery q = ItemsRequest.items(layer, params);
    Representation r = Representation.of(ctx);
    Set<String> properties = ItemsRequest.properties(params);
    ServedCrs crs = ItemsRequest.crs(params);
    if (r != Representation.HTML && ctx.method() == HandlerType.HEAD) {
      ctx.contentType(Formats.GEOJSON);
      contentCrs(ctx, crs);
      ResponseBody.headersOnly(ctx);
      return;
    }
    String collectionUrl = Hrefs.collection(base(ctx), layer);
    // The count is read with the page, from the same snapshot of the layer.
    long[] matched = new long[1];
    if (r == Representation.HTML) {
      List<StoredFeature> page = new ArrayList<>();
      store.page(layer, q, n -> matched[0] = n, page::add);
      html(ctx, ItemsPage.of(base(ctx), layer, page, matched[0], q.offset(), params, properties,
          id -> Hrefs.of(collectionUrl + "/items/" + Hrefs.encode(id), Representation.HTML, r),
          itemsLinks(collectionUrl, layer, params, q, page.size(), matched[0], r)));
      return;
    }
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("timeStamp", Instant.now().toString());
    ctx.contentType(Formats.GEOJSON);
    contentCrs(ctx, crs);
    try (FeatureCollectionWriter out = new FeatureCollectionWriter(ResponseBody.of(ctx), properties, crs)) {
      store.page(layer, q, n -> {
        matched[0] = n;
        head.put("numberMatched", n);
        out.begin(head);
      }, out);
      Map<String, Object> tail = new LinkedHashMap<>();
      tail.put("numberReturned", out.written());
      tail.put("links", itemsLinks(collectionUrl, layer, params, q, out.written(), matched[0], r));
      out.end(tail);
    }
  }

  /** A page's own links, the pages before and after it, and its collection. */
  private static List<Link> itemsLinks(String collectionUrl, LayerInfo layer, Map<String, List<String>> params,
      FeatureQuery q, long returned, long matched, Representation r) {
    String itemsUrl = collectionUrl + "/items";
    List<Link> links = new ArrayList<>(Hrefs.selfAndAlternate(itemsUrl, atOffset(params, q.offset(), q.limit()), r, Formats.GEOJSON, "This page"));
    if (q.offset() + returned < matched) {
      links.add(Hrefs.link(itemsUrl, atOffset(params, q.offset() + q.limit(), q.limit()), "next", r, r, Formats.GEOJSON, "Next page"));
    }
    if (q.offset() > 0) {
      links.add(Hrefs.link(itemsUrl, atOffset(params, Math.max(0, q.offset() - q.limit()), q.limit()), "prev", r, r, Formats.GEOJSON,
          "Previous page"));
    }
    links.add(Hrefs.link(collectionUrl, Map.of(), "collection", r, r, Formats.JSON, layer.title()));
    return links;
  }

  /** What a collection adds to the answer for one of its features, and says of one it does not serve. */
  interface ItemAnswer {
    /** Headers for a served feature (e.g. its ETag). */
    void served(Context ctx, StoredFeature feature);

    /** The answer when the layer has no feature {@code id}: by default a 404. */
    void absent(Context ctx, String id) throws IOException;
  }

  void item(Context ctx) throws IOException {
    item(ctx, null);
  }

  void item(Context ctx, ItemAnswer answer) throws IOException {
    LayerInfo layer = layer(ctx);
    QueryParams.checkKnown(ctx.queryParamMap(), F_AND_CRS);
    Representation r = Representation.of(ctx);
    ServedCrs crs = ItemsRequest.crs(ctx.queryParamMap());
    String id = ctx.pathParam("featureId");
    Optional<StoredFeature> found = store.feature(layer, id);
    if (found.isEmpty()) {
      if (answer == null) {
        throw ApiException.notFound(MessageKey.NO_FEATURE.with("id", id, "collection", layer.id()));
      }
      answer.absent(ctx, id);
      return;
    }
    StoredFeature f = found.get();
    if (answer != null) {
      answer.served(ctx, f);
    }
    String collection = Hrefs.collection(base(ctx), layer);
    List<Link> links = new ArrayList<>(Hrefs.selfAndAlternate(collection + "/items/" + Hrefs.encode(id), Map.of(), r,
        Formats.GEOJSON, "This feature"));
    links.add(Hrefs.link(collection, Map.of(), "collection", r, r, Formats.JSON, layer.title()));
    if (r == Representation.HTML) {
      html(ctx, FeaturePage.of(base(ctx), layer, f, links));
      return;
    }
    ctx.contentType(Formats.GEOJSON);
    contentCrs(ctx, crs);
    try (JsonGenerator json = FeatureCollectionWriter.generator(ctx.outputStream())) {
      FeatureCollectionWriter.writeFeature(json, f, null, new GeometryOutput(crs), links);
    }
  }

  /**
   * The API definition, with this server's address and the current collection ids filled in (the
   * offered coordinate reference systems are filled in once, when the template is read).
   */
  void openApi(Context ctx) {
    Representation r = plainRequest(ctx);
    ObjectNode doc = ApiDefinition.of(openApiTemplate, base(ctx), store.layers());
    if (r == Representation.HTML) {
      html(ctx, ApiDefinitionPage.of(base(ctx), doc,
          Hrefs.selfAndAlternate(base(ctx) + "/api/openapi", Map.of(), r, Formats.OPENAPI, "API definition")));
      return;
    }
    ctx.contentType(Formats.OPENAPI).result(doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  LayerInfo layer(Context ctx) {
    return layer(store, ctx);
  }

  /** The collection the path names, or a 404. */
  static LayerInfo layer(AtlasStore store, Context ctx) {
    String id = ctx.pathParam("collectionId");
    return store.layer(id).orElseThrow(() -> ApiException.notFound(MessageKey.NO_COLLECTION.with("id", id)));
  }

  /** A resource that takes no parameter but {@code f}. */
  private static Representation plainRequest(Context ctx) {
    QueryParams.checkKnown(ctx.queryParamMap(), ONLY_F);
    return Representation.of(ctx);
  }

  /** Names the system of the response's coordinates in its {@code Content-Crs} header. */
  private static void contentCrs(Context ctx, ServedCrs crs) {
    ctx.header(CONTENT_CRS, "<" + crs.uri() + ">");
  }

  private static void html(Context ctx, Page page) {
    Pages.send(ctx, page);
  }

  /**
   * Scheme and authority the client used, so links work behind any host name or port, and behind
   * a proxy that says what the client used in {@code Forwarded} or {@code X-Forwarded-*}.
   */
  static String base(Context ctx) {
    String scheme = ctx.req().getScheme();
    int port = ctx.req().getServerPort();
    boolean usual = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + ctx.req().getServerName() + (usual ? "" : ":" + port);
  }

  /** The parameters of the page at {@code offset}, with the limit it was served with where one was asked for. */
  private static Map<String, List<String>> atOffset(Map<String, List<String>> params, long offset, long limit) {
    Map<String, List<String>> out = new LinkedHashMap<>(params);
    if (out.containsKey("limit")) {
      out.put("limit", List.of(String.valueOf(limit)));
    }
    out.remove("offset");
    out.put("offset", List.of(String.valueOf(offset)));
    return out;
  }
}
