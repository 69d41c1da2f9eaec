package org.incidentatlas.api;

import static org.incidentatlas.api.HtmlRepresentationTest.escaped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.HostileRecord;
import org.incidentatlas.TestAtlas;
import org.incidentatlas.config.AtlasConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages showing a record whose notes and source publisher carry markup and script: the text
 * appears escaped, and the only elements on the page are the page's own.
 */
class HtmlEscapingTest {
  private static final Pattern SCRIPT = Pattern.compile("<script[^>]*>");
  private static final List<String> OUR_SCRIPTS = List.of(
      "<script src=\"/webjars/leaflet/1.9.4/dist/leaflet.js\">", "<script type=\"module\" src=\"/js/minimap.js\">");
  private static Path dir;
  private static TestAtlas atlas;

  @BeforeAll
  static void buildAtlasWithHostileRecord() throws Exception {
    dir = Files.createTempDirectory("atlas-html-escaping");
    atlas = TestAtlas.of(HostileRecord.geodata(dir.resolve("geodata")), dir.resolve("data"),
        new AtlasConfig.Tiles("/favicon.svg?tile={z}/{x}/{y}", "Test tiles"));
  }

  @AfterAll
  static void stop() {
    if (atlas != null) {
      atlas.app.stop();
    }
    TestAtlas.deleteTree(dir);
  }

  private static String page(String path) {
    HttpResponse<String> r = atlas.get(path);
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return r.body();
  }

  /** Nothing but the page's own markup: no element or link that came from data. */
  private static void noLiveMarkup(String html, String path) {
    for (String tag : List.of("<img", "<b>", "<a href=\"javascript", "href=\"javascript")) {
      assertFalse(html.contains(tag), path + " contains " + tag);
    }
    Matcher m = SCRIPT.matcher(html);
    List<String> scripts = new ArrayList<>();
    while (m.find()) {
      scripts.add(m.group());
    }
    assertTrue(OUR_SCRIPTS.containsAll(scripts), path + " has scripts " + scripts);
  }

  @Test
  void theFeaturePageShowsTheNotesAndPublisherAsText() {
    String path = "/api/collections/incidents/items/" + HostileRecord.ID + "?f=html";
    String html = page(path);
    assertTrue(html.contains("<td>" + escaped(HostileRecord.NOTES) + "</td>"), "notes not shown escaped");
    assertTrue(html.contains("<td>" + escaped(HostileRecord.PUBLISHER) + "</td>"), "publisher not shown escaped");
    noLiveMarkup(html, path);
  }

  @Test
  void aTableOfFeaturesWithTheNotesShowsThemAsText() {
    String path = "/api/collections/incidents/items?f=html&limit=10000&properties=notes,sources";
    String html = page(path);
    assertTrue(html.contains("<td>" + escaped(HostileRecord.NOTES) + "</td>"));
    assertTrue(html.contains("<td>" + escaped(HostileRecord.PUBLISHER) + "</td>"));
    noLiveMarkup(html, path);
  }

  @Test
  void theSummaryShowsThePublisherAsText() {
    String path = "/api/collections/incidents/summary?f=html";
    String html = page(path);
    assertTrue(html.contains(escaped(HostileRecord.PUBLISHER)), "publisher not shown escaped");
    noLiveMarkup(html, path);
  }

  @Test
  void queryValuesEchoedOnAPageAreText() {
    String path = "/api/collections/incidents/items?f=html&actor=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E%22%3E%3Cimg";
    String html = page(path);
    assertTrue(html.contains("<td>" + escaped("<script>window.__pwned=1</script>\"><img") + "</td>"), html);
    assertTrue(html.contains("No feature matches."));
    noLiveMarkup(html, path);
  }
}
