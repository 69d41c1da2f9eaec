package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.api.html.HtmlPages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every resource of the API as a page for people, asked for with {@code f=html} or by a browser's
 * Accept header, and the links that join each resource's representations. What a page must show
 * is read from the same resource as JSON.
 */
class HtmlRepresentationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String HTML_UTF8 = HtmlPages.CONTENT_TYPE.replace(" ", "");
  private static final Pattern LINK_ELEMENT = Pattern.compile("<link rel=\"([^\"]*)\" type=\"([^\"]*)\" href=\"([^\"]*)\"");
  private static final Pattern ROW_ID = Pattern.compile("<tr><th scope=\"row\"><a href=\"[^\"]*\">([^<]*)</a></th>");
  private static TestAtlas atlas;
  private static List<String> resources;
  private static String incidentId;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
    incidentId = atlas.json("/api/collections/incidents/items?limit=1").at("/features/0/id").asText();
    resources = List.of("/api", "/api/conformance", "/api/collections", "/api/collections/incidents",
        "/api/collections/incidents/items", "/api/collections/incidents/items/" + incidentId, "/api/openapi");
  }

  private static HttpResponse<String> get(String pathAndQuery, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(atlas.url(pathAndQuery))).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
    }
  }

  private static String page(String path) {
    HttpResponse<String> r = get(path + (path.contains("?") ? "&" : "?") + "f=html", null);
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    assertEquals(HTML_UTF8, type(r), path);
    return r.body();
  }

  /**
   * The Content-Type without spaces: {@code text/html; charset=utf-8} as the server sets it
   * reaches the client as Jetty writes it, {@code text/html;charset=utf-8}.
   */
  private static String type(HttpResponse<String> r) {
    return r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** Text as the pages write it: escaped. */
  static String escaped(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String unescaped(String s) {
    return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String path(String absolute) {
    assertTrue(absolute.startsWith(atlas.url("")), "not a link to this server: " + absolute);
    return absolute.substring(atlas.url("").length());
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The {@code <link>} elements of a page's head as (rel, type, href). */
  private static List<String[]> headLinks(String html) {
    List<String[]> links = new ArrayList<>();
    Matcher m = LINK_ELEMENT.matcher(html.substring(0, html.indexOf("</head>")));
    while (m.find()) {
      links.add(new String[] {m.group(1), unescaped(m.group(2)), unescaped(m.group(3))});
    }
    return links;
  }

  private static JsonNode link(JsonNode doc, String rel, String type) {
    for (JsonNode l : doc.get("links")) {
      if (l.get("rel").asText().equals(rel) && l.get("type").asText().equals(type)) {
        return l;
      }
    }
    throw new AssertionError("no link rel=" + rel + " type=" + type + " in " + doc.get("links"));
  }

  /** Follows a link and checks that the answer has the type the link announced. */
  private static void follows(String href, String type) {
    HttpResponse<String> r = get(path(href), null);
    assertEquals(200, r.statusCode(), href);
    String answered = type(r);
    assertEquals(type.replace(" ", ""), type.equals(Formats.HTML) ? answered.split(";")[0] : answered, href);
  }

  @Test
  void everyOtherResourceWithJsonIsAPageToo() {
    String claim = atlas.json("/api/period-claims").at("/period_claims/0/id").asText();
    for (String path : List.of("/api/collections/incidents/queryables", "/api/collections/settlements/queryables",
        "/api/collections/incidents/schema", "/api/collections/border/schema", "/api/search?q=Tovuz", "/api/period-claims", "/api/period-claims/" + Hrefs.encode(claim), "/api/me")) {
      String html = page(path);
      assertTrue(html.contains("<h1>"), path);
      List<String> alternates = new ArrayList<>();
      Matcher m = LINK_ELEMENT.matcher(html);
      while (m.find()) {
        if (m.group(1).equals("alternate")) {
          alternates.add(m.group(3).replace("&amp;", "&"));
        }
      }
      assertEquals(1, alternates.size(), path + ": " + alternates);
      assertTrue(alternates.get(0).endsWith("f=json"), alternates.get(0));
      HttpResponse<String> json = get(alternates.get(0).substring(atlas.url("").length()), RepresentationTest.CHROMIUM);
      assertEquals(200, json.statusCode(), alternates.get(0));
      assertTrue(type(json).startsWith("application/"), alternates.get(0) + ": " + type(json));
      assertEquals(HTML_UTF8, type(get(path, RepresentationTest.CHROMIUM)), path + " from a browser");
      assertTrue(type(get(path, null)).startsWith("application/"), path + " without Accept");
    }
    // The queryables as a page name each property, its type and its values.
    String queryables = page("/api/collections/incidents/queryables");
    for (String text : List.of("event_type", "shelling", "fatalities_best", "integer")) {
      assertTrue(queryables.contains(text), text);
    }
  }

  @Test
  void anErrorAskedForAsAPageIsAPageAndOtherwiseJson() throws Exception {
    HttpResponse<String> missing = get("/api/collections/nope?f=html", null);
    assertEquals(404, missing.statusCode());
    assertEquals(HTML_UTF8, type(missing));
    assertTrue(missing.body().contains("<h1>Not Found</h1>") && missing.body().contains("no collection"), missing.body());
    HttpResponse<String> bad = get("/api/collections/incidents/items?limit=abc", RepresentationTest.CHROMIUM);
    assertEquals(400, bad.statusCode());
    assertEquals(HTML_UTF8, type(bad));
    assertTrue(bad.body().contains("limit") && bad.body().contains("InvalidParameterValue"), bad.body());
    HttpResponse<String> json = get("/api/collections/nope", null);
    assertEquals(404, json.statusCode());
    assertEquals("NotFound", TestAtlas.JSON.readTree(json.body()).get("code").asText());
    // A client that takes neither JSON nor HTML is told so, in JSON.
    for (String path : List.of("/api/collections", "/api/collections/incidents/items", "/api/collections/incidents/queryables",
        "/api/collections/incidents/schema", "/api/search?q=Tovuz")) {
      HttpResponse<String> refused = get(path, "application/xml");
      assertEquals(406, refused.statusCode(), path);
      assertEquals("NotAcceptable", TestAtlas.JSON.readTree(refused.body()).get("code").asText(), path);
    }
  }

  @Test
  void everyResourceIsAPageWithFHtmlAndTheSamePageForABrowser() {
    for (String path : resources) {
      String html = page(path);
      assertTrue(html.startsWith("<!doctype html>\n<html lang=\"en\">"), path);
      assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), path);
      assertTrue(html.matches("(?s).*<title>[^<]+ · Incident Atlas API</title>.*"), path);
      assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/css/api.css\">"), path);
      assertTrue(html.contains("<nav aria-label=\"Breadcrumbs\">") && html.contains("<h1>"), path);

      HttpResponse<String> browser = get(path, RepresentationTest.CHROMIUM);
      assertEquals(200, browser.statusCode(), path);
      assertEquals(HTML_UTF8, type(browser), path);
      assertEquals(html, browser.body(), path);
      assertEquals("Accept", browser.headers().firstValue("Vary").orElse(""), path);
    }
  }

  @Test
  void jsonStaysTheDefaultForEveryOtherClientAndWhenAskedFor() {
    for (String path : resources) {
      for (String accept : new String[] {null, "*/*", "application/json", "application/geo+json"}) {
        HttpResponse<String> r = get(path, accept);
        assertEquals(200, r.statusCode(), path);
        assertTrue(type(r).startsWith("application/"), path + " with Accept " + accept + ": " + type(r));
      }
      HttpResponse<String> forced = get(path + "?f=json", RepresentationTest.CHROMIUM);
      assertTrue(type(forced).startsWith("application/"), path + "?f=json from a browser: " + type(forced));
    }
    assertEquals(Formats.GEOJSON, type(get("/api/collections/incidents/items?f=geojson", RepresentationTest.CHROMIUM)));
  }

  @Test
  void anFThatIsNotOfferedIsA400OnEveryResource() throws Exception {
    for (String path : resources) {
      HttpResponse<String> r = get(path + "?f=xml", RepresentationTest.CHROMIUM);
      assertEquals(400, r.statusCode(), path);
      assertEquals("InvalidParameterValue", TestAtlas.JSON.readTree(r.body()).get("code").asText(), path);
    }
  }

  @Test
  void theLandingPageShowsWhatTheAtlasIsAndLinksWhereTheJsonDoes() {
    JsonNode landing = atlas.json("/api");
    String html = page("/api");
    assertTrue(html.contains("<h1>" + escaped(landing.get("title").asText()) + "</h1>"));
    assertTrue(html.contains(escaped(landing.get("description").asText())));
    for (String rel : List.of("service-desc", "service-doc", "conformance", "data")) {
      assertTrue(headLinks(html).stream().anyMatch(l -> l[0].equals(rel)), rel);
      assertTrue(html.contains("<code>" + rel + "</code>"), rel);
    }
  }

  @Test
  void theConformancePageListsEveryClassDeclared() {
    String html = page("/api/conformance");
    JsonNode classes = atlas.json("/api/conformance").get("conformsTo");
    assertTrue(classes.toString().contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"));
    for (JsonNode c : classes) {
      assertTrue(html.contains("<a href=\"" + c.asText() + "\">" + c.asText() + "</a>"), c.asText());
    }
  }

  @Test
  void theCollectionsPageListsEveryLayerWithItsCountAndPages() {
    String html = page("/api/collections");
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String items = escaped(link(c, "items", Formats.HTML).get("href").asText());
      assertTrue(html.contains("<a href=\"" + escaped(link(c, "alternate", Formats.HTML).get("href").asText()) + "\">"
          + escaped(c.get("title").asText()) + "</a>"), c.get("id").asText());
      assertTrue(html.contains("<td class=\"number\">" + count(c.get("featureCount").asLong()) + "</td>"), c.get("id").asText());
      assertTrue(html.contains("<a href=\"" + items + "\">Features</a>"), c.get("id").asText());
    }
  }

  @Test
  void aCollectionPageDescribesTheLayerAndMapsItsFeatures() {
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String id = c.get("id").asText();
      String html = page("/api/collections/" + id);
      assertTrue(html.contains("<h1>" + escaped(c.get("title").asText()) + "</h1>"), id);
      assertTrue(html.contains(escaped(c.get("description").asText())), id);
      assertTrue(html.contains("<th scope=\"row\">Features</th><td>" + count(c.get("featureCount").asLong()) + "</td>"), id);
      assertTrue(html.contains("data-geojson=\"" + escaped(link(c, "alternate", Formats.HTML).get("href").asText()
          .replace("?f=html", "/items?f=json&limit=" + ItemsRequest.MAX_LIMIT)) + "\""), id);
      assertTrue(html.contains("/webjars/leaflet/1.9.4/dist/leaflet.js"), id);
      for (JsonNode source : c.get("sources")) {
        assertTrue(html.contains(source.get("sha256").asText()), id + " source " + source);
      }
    }
  }

  @Test
  void anItemsPageListsItsFeaturesEachLinkedToItsPage() {
    JsonNode json = atlas.json("/api/collections/incidents/items?limit=10");
    String html = page("/api/collections/incidents/items?limit=10");
    assertTrue(html.contains("Features 1–10 of " + json.get("numberMatched").asLong() + "."), html);
    List<String> ids = new ArrayList<>();
    for (JsonNode f : json.get("features")) {
      String id = f.get("id").asText();
      ids.add(id);
      assertTrue(html.contains("<a href=\"" + escaped(atlas.url("/api/collections/incidents/items/" + id + "?f=html")) + "\">" + id + "</a>"), id);
      assertTrue(html.contains("<td>" + escaped(f.at("/properties/place_name").asText()) + "</td>"), id);
    }
    assertEquals(ids, rowIds(html));
    assertTrue(html.contains("<th scope=\"col\">event_type</th>"), "key properties as columns");
  }

  private static List<String> rowIds(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = ROW_ID.matcher(html);
    while (m.find()) {
      ids.add(unescaped(m.group(1)));
    }
    return ids;
  }

  @Test
  void htmlPagingLinksVisitEveryFeatureOnceAndKeepTheQuery() {
    String query = "bbox=45,40,46,42&limit=30";
    Set<String> expected = new TreeSet<>();
    atlas.json("/api/collections/settlements/items?bbox=45,40,46,42&limit=10000").get("features")
        .forEach(f -> expected.add(f.get("id").asText()));
    assertTrue(expected.size() > 60, "too few settlements in the box for three pages: " + expected.size());
    Set<String> seen = new LinkedHashSet<>();
    String next = "/api/collections/settlements/items?" + query + "&f=html";
    String previous = null;
    int pages = 0;
    while (next != null) {
      HttpResponse<String> r = get(next, null);
      assertEquals(200, r.statusCode(), next);
      String html = r.body();
      for (String id : rowIds(html)) {
        assertTrue(seen.add(id), "repeated " + id);
      }
      String prev = href(html, "prev");
      assertEquals(previous, prev, "prev of page " + (pages + 1));
      previous = href(html, "self");
      pages++;
      String nextHref = href(html, "next");
      if (nextHref != null) {
        assertTrue(nextHref.contains("bbox=45%2C40%2C46%2C42") && nextHref.contains("limit=30") && nextHref.endsWith("&f=html"), nextHref);
        assertTrue(html.contains("<a rel=\"next\" href=\"" + escaped(nextHref) + "\">"), "no visible next link");
      }
      next = nextHref == null ? null : path(nextHref);
    }
    assertEquals(expected, new TreeSet<>(seen));
    assertEquals((expected.size() + 29) / 30, pages);
  }

  /** The page's own link of one relation, from its head. */
  private static String href(String html, String rel) {
    return headLinks(html).stream().filter(l -> l[0].equals(rel)).map(l -> l[2]).findFirst().orElse(null);
  }

  @Test
  void aFeaturePageShowsEveryClaimWithItsClaimantAndEverySource() {
    for (JsonNode f : atlas.json("/api/collections/incidents/items?limit=10000").get("features")) {
      String id = f.get("id").asText();
      String html = page("/api/collections/incidents/items/" + id);
      JsonNode p = f.get("properties");
      assertTrue(html.contains("<h1>" + escaped(p.get("place_name").asText()) + ", " + p.get("date").asText() + " (" + id + ")</h1>"), id);
      for (String claims : List.of("fatalities", "injuries")) {
        for (JsonNode claim : p.get(claims)) {
          assertTrue(html.contains("<td>" + escaped(claim.get("claimed_by").asText()) + "</td>"), id + " claimant " + claim);
          assertTrue(html.contains("<td>" + claim.get("count").asText() + "</td>"), id + " figure " + claim);
        }
      }
      for (JsonNode source : p.get("sources")) {
        assertTrue(html.contains("<td>" + escaped(source.get("publisher").asText()) + "</td>"), id + " publisher " + source);
        assertTrue(html.contains("<td>" + escaped(source.get("quote").asText()) + "</td>"), id + " quote " + source);
        assertTrue(html.contains("<td>" + escaped(source.get("date").asText()) + "</td>"), id + " date " + source);
        if (!source.get("url").isNull()) {
          String url = escaped(source.get("url").asText());
          assertTrue(html.contains("<a href=\"" + url + "\" rel=\"noopener noreferrer\">" + url + "</a>"), id + " link " + source);
        }
      }
      assertFalse(html.contains("{\""), id + ": a nested value is shown as JSON");
      assertTrue(html.contains("longitude " + String.format(Locale.ROOT, "%.5f", f.at("/geometry/coordinates/0").asDouble())), id);
    }
  }

  @Test
  void theApiDefinitionPageListsEveryOperationAndParameter() {
    JsonNode doc = atlas.json("/api/openapi");
    String html = page("/api/openapi");
    Set<String> methods = Set.of("get", "put", "post", "delete", "patch");
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(key -> {
      // A path's other members (its servers) are no operation and are not shown as one.
      String shown = "<code>" + key.toUpperCase(Locale.ROOT) + " " + escaped(p.getKey()) + "</code>";
      assertEquals(methods.contains(key), html.contains(shown), p.getKey() + " " + key);
    }));
    doc.at("/components/parameters").forEach(p ->
        assertTrue(html.contains("<th scope=\"row\"><code>" + p.get("name").asText() + "</code></th>"), p.get("name").asText()));
  }

  @Test
  void everyJsonResourceLinksToItselfAndItsPageAndEveryLinkAnswersWithItsType() {
    for (String path : resources) {
      JsonNode doc = atlas.json(path);
      String jsonType = path.contains("/items") ? Formats.GEOJSON : path.endsWith("/openapi") ? Formats.OPENAPI : Formats.JSON;
      if (path.endsWith("/openapi")) {
        continue; // an OpenAPI document has no links member; the landing page links to it
      }
      // The self link of a page of items always names its offset.
      String offset = path.endsWith("/items") ? "?offset=0" : "";
      assertEquals(atlas.url(path + offset), link(doc, "self", jsonType).get("href").asText(), path);
      assertEquals(atlas.url(path + (offset.isEmpty() ? "?" : offset + "&") + "f=html"), link(doc, "alternate", Formats.HTML).get("href").asText(), path);
      for (JsonNode l : doc.get("links")) {
        follows(l.get("href").asText(), l.get("type").asText());
      }
    }
    JsonNode landing = atlas.json("/api");
    assertEquals(atlas.url("/api/openapi"), link(landing, "service-desc", Formats.OPENAPI).get("href").asText());
    assertEquals(atlas.url("/api/openapi?f=html"), link(landing, "service-doc", Formats.HTML).get("href").asText());
    for (String rel : List.of("conformance", "data")) {
      assertNotNull(link(landing, rel, Formats.JSON));
      assertNotNull(link(landing, rel, Formats.HTML));
    }
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      String self = atlas.url("/api/collections/" + c.get("id").asText());
      assertEquals(self + "/items", link(c, "items", Formats.GEOJSON).get("href").asText());
      assertEquals(self + "/items?f=html", link(c, "items", Formats.HTML).get("href").asText());
      assertEquals(self + "?f=html", link(c, "alternate", Formats.HTML).get("href").asText());
    }
    JsonNode items = atlas.json("/api/collections/incidents/items?limit=5");
    assertEquals(atlas.url("/api/collections/incidents/items?limit=5&offset=5"), link(items, "next", Formats.GEOJSON).get("href").asText());
    assertEquals(atlas.url("/api/collections/incidents"), link(items, "collection", Formats.JSON).get("href").asText());
    JsonNode feature = atlas.json("/api/collections/incidents/items/" + incidentId);
    assertEquals(atlas.url("/api/collections/incidents"), link(feature, "collection", Formats.JSON).get("href").asText());
  }

  @Test
  void everyPageLinksToItselfAndToItsJsonWithTheirTypes() {
    for (String path : resources) {
      String html = page(path);
      List<String[]> links = headLinks(html);
      String[] self = links.stream().filter(l -> l[0].equals("self")).findFirst().orElseThrow();
      assertEquals(Formats.HTML, self[1], path);
      assertEquals(atlas.url(path + (path.endsWith("/items") ? "?offset=0&" : "?") + "f=html"), self[2], path);
      List<String[]> alternates = links.stream().filter(l -> l[0].equals("alternate")).toList();
      assertFalse(alternates.isEmpty(), path);
      for (String[] l : links) {
        if (!l[0].equals("related")) {
          follows(l[2], l[1]);
        }
      }
      for (String[] a : alternates) {
        assertTrue(a[2].endsWith("f=json"), "an alternate of a page must ask for JSON whatever the Accept header: " + a[2]);
        HttpResponse<String> r = get(path(a[2]), RepresentationTest.CHROMIUM);
        assertTrue(type(r).startsWith("application/"), a[2] + " from a browser: " + type(r));
      }
    }
    List<String[]> items = headLinks(page("/api/collections/incidents/items?limit=5"));
    assertEquals(atlas.url("/api/collections/incidents/items?limit=5&offset=5&f=html"),
        items.stream().filter(l -> l[0].equals("next")).findFirst().orElseThrow()[2]);
    assertNull(items.stream().filter(l -> l[0].equals("prev")).findFirst().orElse(null));
  }

  @Test
  void theOpenApiDocumentOffersHtmlWhereverTheServerDoes() {
    JsonNode doc = atlas.json("/api/openapi");
    doc.get("paths").fields().forEachRemaining(p -> {
      JsonNode get = p.getValue().get("get");
      if (get == null) {
        return;
      }
      boolean html = get.at("/responses/200/content").has(Formats.HTML);
      List<String> f = new ArrayList<>();
      for (JsonNode param : get.get("parameters")) {
        JsonNode resolved = param.has("$ref") ? doc.at(param.get("$ref").asText().substring(1)) : param;
        if (resolved.get("name").asText().equals("f")) {
          resolved.at("/schema/enum").forEach(v -> f.add(v.asText()));
        }
      }
      // Every resource with JSON is a page too; downloads are files, feeds are for feed readers.
      boolean offered = !p.getKey().startsWith("/download/") && !p.getKey().startsWith("/feeds/");
      assertEquals(offered, html, p.getKey() + " lists text/html");
      assertEquals(offered, f.contains("html"), p.getKey() + " f=" + f);
    });
  }
}
