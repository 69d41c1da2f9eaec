package org.incidentatlas.api;

import static org.incidentatlas.ApiClient.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.incidentatlas.ApiClient;
import org.incidentatlas.BorderSettlements;
import org.incidentatlas.Reply;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.TestRecords;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * {@code /feeds/incidents.atom}: valid Atom by RFC 4287's own RELAX NG schema, checked by Jing;
 * an incident published through the API comes first, with its claims and sources; the filters
 * select what the incidents' items select; bad parameters get the API's JSON errors.
 */
class AtomFeedTest {
  private static final String FEED = "/feeds/incidents.atom";
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";
  private static TestAtlas atlas;
  private static ApiClient api;
  private static String editor;
  private static String reviewer;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.temporary("atlas-feed");
    api = atlas.api();
    editor = atlas.addUser("erin", Role.EDITOR);
    reviewer = atlas.addUser("rita", Role.REVIEWER);
  }

  @AfterAll
  static void stop() {
    atlas.close();
  }

  /** What RFC 4287's schema finds wrong with {@code xml}; empty when it is a valid Atom document. */
  static List<String> atomErrors(String xml) throws Exception {
    List<String> errors = new ArrayList<>();
    PropertyMapBuilder properties = new PropertyMapBuilder();
    properties.put(ValidateProperty.ERROR_HANDLER, new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) {
        errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
      }

      @Override
      public void fatalError(SAXParseException e) {
        error(e);
      }
    });
    ValidationDriver jing = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
    InputSource schema = new InputSource(AtomFeedTest.class.getResource("/atom/atom.rnc").toString());
    assertTrue(jing.loadSchema(schema), "the schema loads: " + errors);
    boolean valid = jing.validate(new InputSource(new StringReader(xml)));
    assertEquals(valid, errors.isEmpty(), errors.toString());
    return errors;
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static List<Element> children(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String child(Element parent, String name) {
    List<Element> found = children(parent, ATOM, name);
    return found.isEmpty() ? null : found.get(0).getTextContent();
  }

  private static List<Element> entries(String query) throws Exception {
    HttpResponse<String> r = atlas.get(FEED + query);
    assertEquals(200, r.statusCode(), r.body());
    return children(parse(r.body()).getDocumentElement(), ATOM, "entry");
  }

  /** The incident id of an entry: the last segment of its id, the address of its item. */
  private static String incidentId(Element entry) {
    String id = child(entry, "id");
    assertTrue(id.startsWith(atlas.url(ITEMS + "/")), id);
    return id.substring(atlas.url(ITEMS + "/").length());
  }

  private static Element link(Element entry, String rel, String type) {
    return children(entry, ATOM, "link").stream()
        .filter(l -> l.getAttribute("rel").equals(rel) && l.getAttribute("type").equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no link " + rel + " " + type));
  }

  @Test
  void theFeedIsValidAtomByTheSchemaOfRfc4287() throws Exception {
    HttpResponse<String> r = atlas.get(FEED);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/atom+xml;charset=UTF-8", r.headers().firstValue("Content-Type").orElse(null));
    assertEquals(List.of(), atomErrors(r.body()));
    Element feed = parse(r.body()).getDocumentElement();
    assertEquals(atlas.url(FEED), link(feed, "self", "application/atom+xml").getAttribute("href"));
    assertEquals(atlas.url("/"), link(feed, "alternate", "text/html").getAttribute("href"));
    long served = atlas.json(ITEMS + "?limit=1").get("numberMatched").asLong();
    assertEquals(Math.min(IncidentFeed.DEFAULT_LIMIT, served), children(feed, ATOM, "entry").size());
  }

  @Test
  void theSchemaRefusesABrokenFeed() throws Exception {
    String feed = atlas.get(FEED + "?limit=2").body();
    // An entry without its updated, and a feed without its id: both required by RFC 4287.
    String noUpdated = feed.replaceFirst("(<entry>.*?)<updated>[^<]*</updated>", "$1");
    assertFalse(noUpdated.equals(feed));
    assertFalse(atomErrors(noUpdated).isEmpty());
    String noId = feed.replaceFirst("<id>[^<]*</id>", "");
    assertFalse(atomErrors(noId).isEmpty());
  }

  @Test
  void anIncidentPublishedComesFirstWithItsClaimsAndSources() throws Exception {
    JsonNode village = BorderSettlements.free(atlas).stream()
        .filter(s -> s.at("/properties/country").asText().equals("AZ")).findFirst().orElseThrow();
    ObjectNode record = TestRecords.shelling(village, "2020-07-16");
    ((ObjectNode) record.at("/properties/fatalities/0")).put("low", 1).put("high", 3).put("made_at", "2020-07-16");
    ((ObjectNode) record.get("properties")).putArray("claims").addObject().put("about", "responsibility")
        .put("value", "Armed Forces <of> \"the other side\" & co").put("claimed_by", "Ministry of Defence").put("source", "S1");
    Instant before = Instant.now();
    Reply created = api.post(ITEMS, editor, record);
    assertEquals(201, created.status(), created.raw().body());
    String id = created.body().get("id").asText();
    Reply review = api.status(id, editor, created.etag(), "in_review", null);
    Reply published = api.status(id, reviewer, review.etag(), "published", null);
    assertEquals(200, published.status(), published.raw().body());

    HttpResponse<String> r = atlas.get(FEED);
    assertEquals(List.of(), atomErrors(r.body()));
    Element first = children(parse(r.body()).getDocumentElement(), ATOM, "entry").get(0);
    assertEquals(id, incidentId(first));
    JsonNode item = atlas.json(ITEMS + "/" + id);
    Instant updated = Instant.parse(child(first, "updated"));
    assertEquals(Instant.parse(item.at("/properties/updated").asText()), updated);
    assertFalse(updated.isBefore(before.truncatedTo(ChronoUnit.MILLIS)), updated + " before " + before);
    assertNotNull(child(first, "published"), "a record published in the atlas says when");
    assertFalse(Instant.parse(child(first, "published")).isAfter(updated));
    assertTrue(child(first, "title").startsWith("Shelling at " + item.at("/properties/place_name").asText()), child(first, "title"));
    assertTrue(child(first, "title").endsWith("16 July 2020"), child(first, "title"));
    assertEquals(atlas.url("/#selected=incidents/" + id), link(first, "alternate", "text/html").getAttribute("href"));
    assertEquals(atlas.url(ITEMS + "/" + id), link(first, "alternate", "application/geo+json").getAttribute("href"));
    Element category = children(first, ATOM, "category").get(0);
    assertEquals("shelling", category.getAttribute("term"));
    assertEquals("Shelling", category.getAttribute("label"));

    Element content = children(first, ATOM, "content").get(0);
    assertEquals("xhtml", content.getAttribute("type"));
    Element div = (Element) content.getElementsByTagNameNS(XHTML, "div").item(0);
    String text = div.getTextContent();
    assertTrue(text.contains("Ministry of Defence: 1 (1–3) civilian of Azerbaijan killed, said on 2020-07-16 [S1]"), text);
    assertTrue(text.contains("Ministry of Defence — responsible: Armed Forces <of> \"the other side\" & co [S1]"), text);
    assertTrue(text.contains("S1: Example Agency, 2020-07-16 (en): “The village came under artillery fire.”"), text);
    NodeList anchors = div.getElementsByTagNameNS(XHTML, "a");
    assertEquals("https://example.org/report", ((Element) anchors.item(0)).getAttribute("href"));
    assertEquals("Example Agency", anchors.item(0).getTextContent());
  }

  @Test
  void aFeedThatSelectsNothingIsValidAtomWithoutEntries() throws Exception {
    HttpResponse<String> r = atlas.get(FEED + "?datetime=1999-01-01");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(List.of(), atomErrors(r.body()));
    Element feed = parse(r.body()).getDocumentElement();
    assertEquals(List.of(), children(feed, ATOM, "entry"));
    assertNotNull(Instant.parse(child(feed, "updated")));
  }

  @Test
  void theEntriesAreNewestChangeFirst() throws Exception {
    List<Instant> times = new ArrayList<>();
    for (Element e : entries("?limit=" + IncidentFeed.MAX_LIMIT)) {
      times.add(Instant.parse(child(e, "updated")));
    }
    for (int i = 1; i < times.size(); i++) {
      assertFalse(times.get(i).isAfter(times.get(i - 1)), times.toString());
    }
  }

  @Test
  void theEventTypeFilterSelectsWhatItemsSelect() throws Exception {
    for (String type : List.of("shelling", "armed_clash", "shelling,drone_strike")) {
      JsonNode items = atlas.json(ITEMS + "?limit=10000&event_type=" + type);
      assertTrue(items.get("numberMatched").asLong() <= IncidentFeed.MAX_LIMIT, "the feed can hold them all");
      Set<String> expected = new LinkedHashSet<>();
      items.get("features").forEach(f -> expected.add(f.get("id").asText()));
      Set<String> fed = new LinkedHashSet<>();
      for (Element e : entries("?limit=" + IncidentFeed.MAX_LIMIT + "&event_type=" + type)) {
        fed.add(incidentId(e));
      }
      assertFalse(expected.isEmpty(), type);
      assertEquals(new TreeSet<>(expected), new TreeSet<>(fed), type);
    }
    assertEquals(2, entries("?limit=2&event_type=shelling").size());
  }

  @Test
  void badParametersGetTheJsonErrorsOfItems() throws Exception {
    for (String query : List.of("?filter=event_type%20%3D", "?event_typo=shelling", "?limit=0", "?bbox=1,2,3",
        "?datetime=yesterday", "?filter-lang=sql")) {
      HttpResponse<String> feed = atlas.get(FEED + query);
      HttpResponse<String> items = atlas.get(ITEMS + query);
      assertEquals(400, feed.statusCode(), query + ": " + feed.body());
      assertTrue(feed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), query);
      JsonNode error = TestAtlas.JSON.readTree(feed.body());
      assertEquals(TestAtlas.JSON.readTree(items.body()).get("code"), error.get("code"), query);
      assertFalse(error.get("description").asText().isBlank(), query);
    }
  }

  @Test
  void theApiDefinitionDeclaresTheFeedWithTheParametersOfTheIncidents() {
    JsonNode doc = atlas.json("/api/openapi");
    JsonNode get = doc.at("/paths/~1feeds~1incidents.atom/get");
    assertTrue(get.isObject(), "the feed is declared");
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode p : get.get("parameters")) {
      names.add((p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p).get("name").asText());
    }
    JsonNode items = doc.at("/paths/~1collections~1incidents~1items/get/parameters");
    for (JsonNode p : items) {
      String name = (p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p).get("name").asText();
      boolean paging = List.of("offset", "properties", "f", "sortby", "crs").contains(name);
      assertEquals(!paging, names.contains(name), name);
    }
    assertEquals(IncidentFeed.MAX_LIMIT, doc.at("/paths/~1feeds~1incidents.atom/get/parameters").findValues("maximum").get(0).asInt());
    assertTrue(get.at("/responses/200/content").has("application/atom+xml"));
  }

  @Test
  void theMapPageNamesTheFeedForBrowsersAndReaders() throws Exception {
    String page = atlas.get("/").body();
    Matcher link = Pattern.compile("<link rel=\"alternate\" type=\"application/atom\\+xml\" href=\"([^\"]+)\"").matcher(page);
    assertTrue(link.find(), "the map page's head links the feed");
    HttpResponse<String> feed = atlas.get(link.group(1));
    assertEquals(200, feed.statusCode());
    assertEquals(List.of(), atomErrors(feed.body()));
  }

  @Test
  void headOptionsAndOtherMethodsAnswerAsForEveryRoute() throws Exception {
    HttpResponse<String> head = atlas.head(FEED);
    assertEquals(200, head.statusCode());
    assertEquals("application/atom+xml;charset=UTF-8", head.headers().firstValue("Content-Type").orElse(null));
    assertEquals("", head.body());
    HttpResponse<String> options = atlas.send(atlas.request(FEED).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals("GET, HEAD, OPTIONS", options.headers().firstValue("Allow").orElse(null));
    HttpResponse<String> post = atlas.send(atlas.request(FEED).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(405, post.statusCode());
    assertEquals("MethodNotAllowed", TestAtlas.JSON.readTree(post.body()).get("code").asText());
  }

  @Test
  void aReaderThatHasTheFeedIsToldItIsUnchanged() throws Exception {
    HttpResponse<String> first = atlas.get(FEED);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = atlas.send(atlas.request(FEED).header("If-None-Match", etag));
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    HttpResponse<String> other = atlas.send(atlas.request(FEED).header("If-None-Match", "\"something-else\""));
    assertEquals(200, other.statusCode());
  }
}
