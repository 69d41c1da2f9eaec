package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.store.LayerInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OGC API Features Part 1 against the real server on a temporary H2 file. */
class OgcApiTest {
  static TestAtlas atlas;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
  }

  private static JsonNode link(JsonNode doc, String rel) {
    for (JsonNode l : doc.get("links")) {
      if (l.get("rel").asText().equals(rel)) {
        return l;
      }
    }
    throw new AssertionError("no link rel=" + rel + " in " + doc.get("links"));
  }

  private static String path(String absolute) {
    return absolute.substring(atlas.url("").length());
  }

  /** The whole layer, read through the download that streams it. */
  private static List<JsonNode> everything(String layer) {
    List<JsonNode> out = new ArrayList<>();
    atlas.json("/download/" + layer + ".geojson").get("features").forEach(out::add);
    return out;
  }

  @Test
  void landingPageLinksToDefinitionConformanceAndData() {
    JsonNode landing = atlas.json("/api");
    assertEquals(Formats.OPENAPI, link(landing, "service-desc").get("type").asText());
    assertEquals(atlas.url("/api/conformance"), link(landing, "conformance").get("href").asText());
    assertEquals(atlas.url("/api/collections"), link(landing, "data").get("href").asText());
    JsonNode conformance = atlas.json("/api/conformance");
    List<String> classes = new ArrayList<>();
    conformance.get("conformsTo").forEach(c -> classes.add(c.asText()));
    assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
    assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"));
  }

  @Test
  void everyCollectionDescribesItsExtentAndCountMatchesItsItems() {
    JsonNode collections = atlas.json("/api/collections").get("collections");
    Set<String> ids = new HashSet<>();
    for (JsonNode c : collections) {
      String id = c.get("id").asText();
      ids.add(id);
      JsonNode bbox = c.at("/extent/spatial/bbox/0");
      assertEquals(4, bbox.size(), id);
      assertTrue(bbox.get(0).asDouble() <= bbox.get(2).asDouble());
      JsonNode items = atlas.json("/api/collections/" + id + "/items?limit=1");
      assertEquals(c.get("featureCount").asLong(), items.get("numberMatched").asLong(), id);
      assertEquals(c, atlas.json("/api/collections/" + id));
    }
    assertEquals(Set.of("incidents", "border_clashes", "shelled_villages", "border", "settlements", "exposure_zones", "countries", "control_areas"), ids);
    JsonNode interval = atlas.json("/api/collections/incidents").at("/extent/temporal/interval/0");
    assertTrue(interval.get(0).asText().startsWith("2020-07-1"), interval.toString());
  }

  @Test
  void itemsAreRfc7946GeoJsonWithLongitudeFirst() {
    HttpResponse<String> r = atlas.get("/api/collections/shelled_villages/items");
    assertEquals(200, r.statusCode());
    assertEquals("application/geo+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode fc = atlas.json("/api/collections/shelled_villages/items");
    assertFalse(fc.has("crs"));
    assertEquals("FeatureCollection", fc.get("type").asText());
    for (JsonNode f : fc.get("features")) {
      JsonNode c = f.at("/geometry/coordinates");
      assertTrue(c.get(0).asDouble() > 43 && c.get(0).asDouble() < 51, "longitude first: " + c);
      assertTrue(c.get(1).asDouble() > 38 && c.get(1).asDouble() < 42, "then latitude: " + c);
      assertFalse(f.has("crs"));
    }
    assertTrue(fc.has("timeStamp"));
    assertEquals(fc.get("features").size(), fc.get("numberReturned").asInt());
  }

  @Test
  void pagingWithNextLinksVisitsEveryFeatureOnce() {
    int total = everything("settlements").size();
    Set<String> seen = new HashSet<>();
    String next = "/api/collections/settlements/items";
    int pages = 0;
    while (next != null) {
      JsonNode page = atlas.json(next);
      assertEquals(total, page.get("numberMatched").asInt());
      for (JsonNode f : page.get("features")) {
        assertTrue(seen.add(f.get("id").asText()), "repeated " + f.get("id"));
      }
      pages++;
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.get("rel").asText().equals("next")) {
          next = path(l.get("href").asText());
        }
      }
    }
    assertEquals(total, seen.size());
    assertEquals((total + ItemsRequest.DEFAULT_LIMIT - 1) / ItemsRequest.DEFAULT_LIMIT, pages);
    JsonNode second = atlas.json("/api/collections/settlements/items?limit=50&offset=50");
    assertEquals(atlas.url("/api/collections/settlements/items?limit=50&offset=0"), link(second, "prev").get("href").asText());
  }

  @Test
  void aPageIsTheSliceOfTheWholeLayerAtItsOffsetWithOrWithoutAFilter() {
    List<String> all = everything("settlements").stream().map(f -> f.get("id").asText()).toList();
    assertEquals(all.subList(100, 137), FilterTest.ids(atlas.json("/api/collections/settlements/items?limit=37&offset=100")));
    assertEquals(all.subList(all.size() - 3, all.size()),
        FilterTest.ids(atlas.json("/api/collections/settlements/items?limit=37&offset=" + (all.size() - 3))));

    List<String> inBox = everything("settlements").stream().filter(f -> f.at("/geometry/coordinates/0").asDouble() >= 45)
        .map(f -> f.get("id").asText()).toList();
    assertTrue(inBox.size() > 20 && inBox.size() < all.size(), "east of 45°E: " + inBox.size());
    assertEquals(inBox.subList(10, 20), FilterTest.ids(atlas.json("/api/collections/settlements/items?limit=10&offset=10&bbox=45,-90,180,90")));
  }

  /**
   * A filtered page that follows one served before starts where that one ended instead of
   * counting the rows before it: whether or not the earlier page was served, and in whatever
   * order, each page must be the slice of the whole answer at its offset.
   */
  @ParameterizedTest
  @ValueSource(strings = {"filter=population >= 100", "filter=country = 'AZ'", "filter=population IS NULL OR name LIKE 'A%'",
      "bbox=45,-90,180,90&filter=population >= 0", "filter=name = 'Tovuz'"})
  void pagesOfAFilterFollowedByNextLinksAreTheSlicesOfTheWholeAnswer(String query) {
    String base = "/api/collections/settlements/items?" + query.replace("%", "%25").replace(" ", "%20").replace("'", "%27").replace(">", "%3E");
    JsonNode whole = atlas.json(base + "&limit=10000");
    List<String> all = FilterTest.ids(whole);
    assertTrue(!all.isEmpty(), query);
    int limit = 7;
    // Out of order first: the third page before any other, then the second and again the third.
    assertEquals(all.subList(Math.min(14, all.size()), Math.min(21, all.size())),
        FilterTest.ids(atlas.json(base + "&limit=" + limit + "&offset=14")), query);
    assertEquals(all.subList(Math.min(7, all.size()), Math.min(14, all.size())),
        FilterTest.ids(atlas.json(base + "&limit=" + limit + "&offset=7")), query);
    assertEquals(all.subList(Math.min(14, all.size()), Math.min(21, all.size())),
        FilterTest.ids(atlas.json(base + "&limit=" + limit + "&offset=14")), query);
    List<String> paged = new ArrayList<>();
    String next = base + "&limit=" + limit;
    while (next != null) {
      JsonNode page = atlas.json(next);
      assertEquals(all.size(), page.get("numberMatched").asInt(), query);
      paged.addAll(FilterTest.ids(page));
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.get("rel").asText().equals("next")) {
          next = path(l.get("href").asText());
        }
      }
    }
    assertEquals(all, paged, query);
  }

  /** A stray & (a URL put together by hand or by a script) is nothing, not an unknown parameter. */
  @Test
  void anEmptyPairInTheQueryIsIgnored() {
    JsonNode plain = atlas.json("/api/collections/incidents/items?limit=2&offset=1");
    for (String query : List.of("limit=2&offset=1&", "&limit=2&offset=1", "limit=2&&offset=1")) {
      JsonNode page = atlas.json("/api/collections/incidents/items?" + query);
      assertEquals(FilterTest.ids(plain), FilterTest.ids(page), query);
      assertEquals(link(plain, "next").get("href"), link(page, "next").get("href"), query);
    }
    for (String path : List.of("/download/incidents.geojson?event_type=shelling&", "/api?f=json&", "/api/collections?&",
        "/api/collections/incidents?&", "/api/collections/incidents/schema?&", "/api/search?q=Tovuz&", "/api/period-claims?&",
        "/api/collections/incidents/items/TT2020-0001?&", "/api/conformance?&&")) {
      assertEquals(200, atlas.get(path).statusCode(), path);
    }
    assertEquals(400, atlas.get("/api/collections/incidents/items?=2").statusCode());
  }

  @Test
  void bboxSelectsExactlyThePointsInsideIt() {
    double[] box = {45.45, 40.85, 45.65, 40.98};
    long expected = everything("incidents").stream().filter(f -> {
      double x = f.at("/geometry/coordinates/0").asDouble();
      double y = f.at("/geometry/coordinates/1").asDouble();
      return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
    }).count();
    assertTrue(expected > 0);
    JsonNode fc = atlas.json("/api/collections/incidents/items?bbox=45.45,40.85,45.65,40.98");
    assertEquals(expected, fc.get("numberMatched").asLong());
    assertEquals(expected, atlas.json("/api/collections/incidents/items?bbox=45.45,40.85,-1000,45.65,40.98,1000").get("numberMatched").asLong());
  }

  /**
   * A box alone is answered from the in-memory point index, a box inside a CQL2 filter by SQL:
   * both must give the same count and the same pages.
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "44.8,40.6,45.4,41.2; 0", "44.8,40.6,45.4,41.2; 7", "45.0,40.9,45.3,41.0; 3", "43,38,47,42; 40",
      "45.2,-90,44.9,90; 2", "0,0,1,1; 0"})
  void aBoxAloneAndTheSameBoxAsAFilterGiveTheSamePages(String box, int offset) {
    String[] c = box.split(",");
    String filter = Hrefs.encode("S_INTERSECTS(geometry, BBOX(" + String.join(",", c) + "))");
    for (String layer : List.of("settlements", "incidents")) {
      String page = "/api/collections/" + layer + "/items?limit=5&offset=" + offset;
      JsonNode indexed = atlas.json(page + "&bbox=" + box);
      JsonNode filtered = atlas.json(page + "&filter=" + filter);
      assertEquals(filtered.get("numberMatched"), indexed.get("numberMatched"), layer + " " + box);
      assertEquals(FilterTest.ids(filtered), FilterTest.ids(indexed), layer + " " + box + " from " + offset);
    }
  }

  @Test
  void headOnItemsAnswersWithTheHeadersOfGetAndNoBody() {
    HttpResponse<String> get = atlas.get("/api/collections/incidents/items?limit=3&crs=http://www.opengis.net/def/crs/EPSG/0/3857");
    HttpResponse<String> head = atlas.head("/api/collections/incidents/items?limit=3&crs=http://www.opengis.net/def/crs/EPSG/0/3857");
    assertEquals(200, head.statusCode());
    assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
    assertEquals(get.headers().firstValue("Content-Crs"), head.headers().firstValue("Content-Crs"));
    assertTrue(head.body().isEmpty());
    assertEquals(400, atlas.head("/api/collections/incidents/items?limit=0").statusCode());
  }

  @Test
  void bboxOnPolygonsTestsTheGeometryNotItsEnvelope() {
    // A box inside Georgia overlaps Azerbaijan's envelope but not its polygon.
    JsonNode fc = atlas.json("/api/collections/countries/items?bbox=43.5,42.5,43.6,42.6");
    List<String> names = new ArrayList<>();
    fc.get("features").forEach(f -> names.add(f.at("/properties/iso_a2").asText()));
    assertTrue(names.contains("GE"), names.toString());
    assertFalse(names.contains("AZ"), names.toString());
    assertEquals(names.size(), fc.get("numberMatched").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2020-07-14", "2020-07-12/2020-07-13", "../2020-07-13", "2020-07-15/..", "2020-07-14T10:00:00Z"})
  void datetimeSelectsTheIncidentsWhoseDaysOverlap(String datetime) {
    String[] parts = datetime.contains("/") ? datetime.split("/") : new String[] {datetime.substring(0, 10), datetime.substring(0, 10)};
    LocalDate from = parts[0].equals("..") ? LocalDate.MIN : LocalDate.parse(parts[0]);
    LocalDate to = parts[1].equals("..") ? LocalDate.MAX : LocalDate.parse(parts[1]);
    Predicate<JsonNode> overlaps = f -> !LocalDate.parse(f.at("/properties/date").asText()).isAfter(to)
        && !LocalDate.parse(f.at("/properties/date_end").asText()).isBefore(from);
    long expected = everything("incidents").stream().filter(overlaps).count();
    JsonNode fc = atlas.json("/api/collections/incidents/items?datetime=" + URLEncoder.encode(datetime, StandardCharsets.UTF_8));
    assertEquals(expected, fc.get("numberMatched").asLong(), datetime);
    fc.get("features").forEach(f -> assertTrue(overlaps.test(f)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"?color=red", "?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=45,41,46,40", "?bbox=45,40,46,91",
      "?datetime=yesterday", "?datetime=2020-07-14/2020-07-12", "?datetime=2020-13-01", "?limit=0", "?limit=-5",
      "?limit=ten", "?offset=-1", "?f=xml", "?limit=1&limit=2"})
  void malformedParametersAreA400WithAJsonMessage(String query) throws Exception {
    HttpResponse<String> r = atlas.get("/api/collections/incidents/items" + query);
    assertEquals(400, r.statusCode(), query + " -> " + r.body());
    JsonNode error = TestAtlas.JSON.readTree(r.body());
    assertEquals("InvalidParameterValue", error.get("code").asText());
    assertFalse(error.get("description").asText().isBlank());
  }

  @Test
  void aLimitAboveTheMaximumIsServedAsTheMaximum() throws Exception {
    for (String limit : List.of("10001", "50000", "99999999999999999999")) {
      HttpResponse<String> r = atlas.get("/api/collections/settlements/items?limit=" + limit);
      assertEquals(200, r.statusCode(), limit + ": " + r.body());
      JsonNode page = TestAtlas.JSON.readTree(r.body());
      assertEquals(Math.min(ItemsRequest.MAX_LIMIT, page.get("numberMatched").asLong()), page.get("numberReturned").asLong());
      assertTrue(link(page, "self").get("href").asText().contains("limit=" + ItemsRequest.MAX_LIMIT), limit);
    }
    // The pages after keep the limit asked for where it is within the maximum.
    JsonNode page = atlas.json("/api/collections/settlements/items?limit=2");
    assertTrue(link(page, "next").get("href").asText().contains("limit=2&offset=2"), page.get("links").toString());
  }

  @Test
  void datetimeOnATimelessLayerIsA400() {
    assertEquals(400, atlas.get("/api/collections/border/items?datetime=2020-07-14").statusCode());
  }

  @Test
  void unknownCollectionsFeaturesAndPathsAreJson404s() throws Exception {
    for (String p : List.of("/api/collections/nope", "/api/collections/nope/items", "/api/collections/incidents/items/nope",
        "/api/nothing-here", "/download/nope.geojson")) {
      HttpResponse<String> r = atlas.get(p);
      assertEquals(404, r.statusCode(), p);
      assertEquals("NotFound", TestAtlas.JSON.readTree(r.body()).get("code").asText(), p);
    }
  }

  @Test
  void aSingleFeatureLinksToItselfAndItsCollection() {
    JsonNode first = atlas.json("/api/collections/incidents/items?limit=1").get("features").get(0);
    String id = first.get("id").asText();
    JsonNode f = atlas.json("/api/collections/incidents/items/" + id);
    assertEquals(first.get("properties"), f.get("properties"));
    assertEquals(atlas.url("/api/collections/incidents"), link(f, "collection").get("href").asText());
    assertEquals(atlas.url("/api/collections/incidents/items/" + id), link(f, "self").get("href").asText());
  }

  @Test
  void theWholeLayerDownloadsAsAnAttachment() {
    HttpResponse<String> r = atlas.get("/download/incidents.geojson");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"incident-atlas_incidents"));
    assertEquals(atlas.json("/api/collections/incidents").get("featureCount").asInt(), everything("incidents").size());
    assertEquals(400, atlas.get("/download/incidents.geojson?limit=5").statusCode());
  }

  @Test
  void headAnswersWithTheHeadersOfGet() throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var head = java.net.http.HttpRequest.newBuilder(java.net.URI.create(atlas.url("/download/incidents.geojson")))
        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = client.send(head, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(Formats.GEOJSON, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    var missing = java.net.http.HttpRequest.newBuilder(java.net.URI.create(atlas.url("/download/nope.geojson")))
        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
    assertEquals(404, client.send(missing, HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void theOpenApiDocumentHasOnlyInternalReferencesThatResolve() {
    HttpResponse<String> r = atlas.get("/api/openapi");
    assertEquals(Formats.OPENAPI, r.headers().firstValue("Content-Type").orElse(""));
    JsonNode doc = atlas.json("/api/openapi");
    assertTrue(doc.get("openapi").asText().startsWith("3.0"));
    assertEquals(atlas.url("/api"), doc.at("/servers/0/url").asText());
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertFalse(refs.isEmpty());
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/"), ref);
      assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
    }
    JsonNode limit = doc.at("/components/parameters/limit/schema");
    assertEquals(ItemsRequest.MAX_LIMIT, limit.get("maximum").asInt());
    assertEquals(ItemsRequest.DEFAULT_LIMIT, limit.get("default").asInt());
  }

  /**
   * The API definition names, for each collection, every query parameter its items and its file
   * accept and no other; the generic paths name those every collection accepts.
   */
  @Test
  void theApiDefinitionDeclaresExactlyTheQueryParametersEachCollectionTakes() {
    JsonNode doc = atlas.json("/api/openapi");
    assertEquals(new TreeSet<>(ItemsRequest.ITEMS_PARAMETERS), queryParameters(doc, "/collections/{collectionId}/items"));
    assertEquals(new TreeSet<>(ItemsRequest.DOWNLOAD_PARAMETERS), queryParameters(doc, "/download/{file}"));
    for (LayerInfo layer : atlas.store.layers()) {
      Set<String> own = new TreeSet<>();
      layer.attributes().forEach(a -> {
        own.add(a.property());
        if (a.param() != null) {
          own.add(a.param());
        }
      });
      Set<String> items = new TreeSet<>(ItemsRequest.ITEMS_PARAMETERS);
      items.addAll(own);
      assertEquals(items, queryParameters(doc, "/collections/" + layer.id() + "/items"), layer.id());
      Set<String> download = new TreeSet<>(ItemsRequest.DOWNLOAD_PARAMETERS);
      download.addAll(own);
      assertEquals(download, queryParameters(doc, "/download/" + layer.id() + ".{format}"), layer.id());
      // What is declared is taken (a value may be refused, the parameter never as unknown) ...
      for (String name : items) {
        HttpResponse<String> r = atlas.get("/api/collections/" + layer.id() + "/items?limit=1&" + name + "=x");
        assertFalse(r.body().contains("unknown parameter"), layer.id() + " " + name + ": " + r.body());
      }
      // ... and what another collection declares and this one does not is refused.
      for (LayerInfo other : atlas.store.layers()) {
        for (String name : queryParameters(doc, "/collections/" + other.id() + "/items")) {
          if (!items.contains(name)) {
            HttpResponse<String> r = atlas.get("/api/collections/" + layer.id() + "/items?" + name + "=x");
            assertTrue(r.statusCode() == 400 && r.body().contains("unknown parameter"), layer.id() + " " + name + ": " + r.body());
          }
        }
      }
    }
    // Reads need no token, and the definition says so; writes name theirs.
    assertEquals(0, doc.at("/paths/~1collections~1incidents~1items/get/security").size());
    assertTrue(doc.at("/paths/~1collections~1{collectionId}~1items/post/security/0").has("bearerToken"));
    assertEquals(0, doc.at("/paths/~1download~1{file}/get/security").size());
  }

  private static Set<String> queryParameters(JsonNode doc, String path) {
    Set<String> names = new TreeSet<>();
    for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters")) {
      JsonNode parameter = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
      if (parameter.get("in").asText().equals("query")) {
        names.add(parameter.get("name").asText());
      }
    }
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }

  @Test
  void behindAProxyThatEndsTlsLinksNameThePublicAddress() throws Exception {
    var r = atlas.send(atlas.request("/api/collections/incidents/items?limit=1")
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "atlas.example.org"));
    assertEquals(200, r.statusCode());
    String self = link(TestAtlas.JSON.readTree(r.body()), "self").get("href").asText();
    assertTrue(self.startsWith("https://atlas.example.org/api/collections/incidents/items"), self);
  }
}
