package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Sharing a view: the share dialog, worked by keyboard, gives the view's link and an
 * {@code <iframe>} snippet; the link opens the same view in the full map, and the snippet, pasted
 * into a page of another origin, shows the same view in the embedded map, which asks nothing of
 * any host but the atlas.
 */
@Tag("browser")
class ShareEmbedTest {
  /** Shelling over five days around Aygepar and Berd. */
  private static final String VIEW = "#map=12/40.9300/45.5200&layers=incidents,border&datetime=2020-07-12/2020-07-16&event_type=shelling";
  private static final Pattern SRC = Pattern.compile("<iframe src=\"([^\"]+)\"");

  private static TestAtlas atlas;
  /** A shelling incident of those days: the one a shared view has open. */
  private static String incident;

  @BeforeAll
  static void start() {
    atlas = TestAtlas.shared();
    incident = atlas.json("/api/collections/incidents/items?limit=1&event_type=shelling&datetime=2020-07-12/2020-07-16&sortby=id")
        .get("features").get(0).get("id").asText();
  }

  private static String selectedView() {
    return VIEW + "&selected=incidents/" + incident;
  }

  private static void waitForPopupOf(Browser browser, String id) {
    browser.waitFor("the popup of " + id, d -> d.findElements(By.cssSelector(".leaflet-popup-content .record-id"))
        .stream().anyMatch(e -> e.getText().contains(id)));
  }

  private static double[] view(Browser browser) {
    List<Number> v = browser.js("const c = window.atlas.map.getCenter(); return [window.atlas.map.getZoom(), c.lat, c.lng];");
    return new double[] {v.get(0).doubleValue(), v.get(1).doubleValue(), v.get(2).doubleValue()};
  }

  private static String activeId(Browser browser) {
    return browser.js("return document.activeElement.id;");
  }

  /** Opens the share dialog from the keyboard and returns its link and its snippet; closes it with Escape. */
  private static String[] share(Browser browser) {
    WebElement opener = browser.driver.findElement(By.id("share-open"));
    browser.js("arguments[0].focus();", opener);
    opener.sendKeys(Keys.ENTER);
    browser.waitFor("the share dialog", d -> Boolean.TRUE.equals(browser.js("return document.getElementById('share').open;")));
    String[] shared = {
        browser.driver.findElement(By.id("share-link")).getDomProperty("value"),
        browser.driver.findElement(By.id("share-embed")).getDomProperty("value"),
    };
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.waitFor("the share dialog to close", d -> Boolean.FALSE.equals(browser.js("return document.getElementById('share').open;")));
    return shared;
  }

  /** The address an iframe snippet shows, as the HTML parser reads its attribute. */
  private static String src(String snippet) {
    Matcher m = SRC.matcher(snippet);
    assertTrue(m.find(), snippet);
    return m.group(1).replace("&amp;", "&").replace("&quot;", "\"");
  }

  @Test
  void theShareDialogWorksByKeyboardAndItsLinkAndSnippetHoldTheView() {
    try (Browser browser = Browser.open(1280, 800)) {
      browser.load(atlas, "/" + selectedView());
      waitForPopupOf(browser, incident);
      browser.waitMapSettled();
      String fragment = URI.create(browser.driver.getCurrentUrl()).getRawFragment();
      assertTrue(fragment.contains("selected=incidents/" + incident), fragment);

      WebElement opener = browser.driver.findElement(By.id("share-open"));
      browser.js("arguments[0].focus();", opener);
      opener.sendKeys(Keys.ENTER);
      WebElement dialog = browser.driver.findElement(By.id("share"));
      assertTrue(dialog.isDisplayed(), "the dialog did not open");
      assertEquals("share-title", dialog.getDomAttribute("aria-labelledby"));
      assertEquals("Share this view", browser.driver.findElement(By.id("share-title")).getText());
      assertEquals(Boolean.TRUE, browser.js("return document.getElementById('share').matches(':modal');"), "not modal");
      // The focus goes into the dialog, to the link, which is selected for copying.
      assertEquals("share-link", activeId(browser));
      String link = browser.driver.findElement(By.id("share-link")).getDomProperty("value");
      assertEquals(atlas.url("/") + "#" + fragment, link);
      String snippet = browser.driver.findElement(By.id("share-embed")).getDomProperty("value");
      assertEquals(atlas.url("/embed") + "#" + fragment, src(snippet));
      assertTrue(snippet.contains("title=\"Incident Atlas map\""), snippet);
      assertEquals(1, browser.driver.findElements(By.cssSelector("#share #share-preview")).size(), "no place for a preview");
      // The preview is the map's picture of the view, at the picture's smaller size, and named.
      List<Object> preview = browser.waitFor("the preview", d -> browser.js("""
          const img = document.querySelector('#share-preview img');
          return img && img.complete && img.naturalWidth ? [img.naturalWidth, img.naturalHeight, img.alt] : null;"""));
      assertEquals(List.of(1200L, 800L), preview.subList(0, 2));
      assertFalse(((String) preview.get(2)).isBlank());
      assertEquals("share-link", activeId(browser), "the preview took the focus");
      // The link and the snippet say the view as it is once the preview is made.
      link = browser.driver.findElement(By.id("share-link")).getDomProperty("value");
      fragment = URI.create(link).getRawFragment();
      snippet = browser.driver.findElement(By.id("share-embed")).getDomProperty("value");
      assertEquals(atlas.url("/embed") + "#" + fragment, src(snippet));

      // Tab goes on to the copy button; Enter copies, and the page says what happened.
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      assertEquals("share-link-copy", activeId(browser));
      browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
      String said = browser.waitFor("the copy to be reported", d -> {
        String text = d.findElement(By.id("share-status")).getText();
        return text.isEmpty() ? null : text;
      });
      assertTrue(Set.of("Link copied.", "Could not copy: the text is selected, copy it with Ctrl+C.").contains(said), said);
      browser.screenshot("share-dialog-1280");

      // Escape closes it and gives the focus back to the button.
      browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
      browser.waitFor("the dialog to close", d -> !d.findElement(By.id("share")).isDisplayed());
      assertEquals("share-open", activeId(browser));
      browser.assertStayedHomeWithoutErrors("/api/collections");

      // The link opens the view it names: place, days, filter and the open incident.
      Matcher named = Pattern.compile("map=([0-9.]+)/([-0-9.]+)/([-0-9.]+)").matcher(fragment);
      assertTrue(named.find(), fragment);
      double[] before = {Double.parseDouble(named.group(1)), Double.parseDouble(named.group(2)), Double.parseDouble(named.group(3))};
      String timeLabel = browser.driver.findElement(By.id("time-label")).getText();
      try (Browser other = Browser.open(1280, 800)) {
        other.driver.get(link);
        other.waitLoaded();
        waitForPopupOf(other, incident);
        other.waitMapSettled();
        double[] after = view(other);
        assertEquals(before[0], after[0], 1e-9, "zoom");
        assertEquals(before[1], after[1], 1e-3, "latitude");
        assertEquals(before[2], after[2], 1e-3, "longitude");
        assertEquals(timeLabel, other.driver.findElement(By.id("time-label")).getText());
        assertTrue(other.driver.findElement(By.cssSelector("#filters input[name=event_type][value=shelling]")).isSelected());
        assertFalse(other.driver.findElement(By.cssSelector("#filters input[name=event_type][value=armed_clash]")).isSelected());
      }
    }
  }

  /** A page of another origin (another port) holding the snippets, as a newsroom's site would. */
  private static HttpServer newsroom(String body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Newsroom</title></head><body>"
        + "<h1>Shelling near Berd</h1>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      if (exchange.getRequestURI().getPath().equals("/")) {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
      } else {
        // The browser's own ask for a favicon: nothing, and no error.
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  void theSnippetShowsTheSameViewInAFrameOfAnotherOriginAskingOnlyTheAtlas() throws Exception {
    String plain;
    String selected;
    String timeLabel;
    double[] shared;
    try (Browser browser = Browser.open(1280, 800)) {
      browser.load(atlas, "/" + VIEW);
      browser.waitMapSettled();
      shared = view(browser);
      timeLabel = browser.driver.findElement(By.id("time-label")).getText();
      plain = share(browser)[1];
      browser.driver.get("about:blank");
      browser.load(atlas, "/" + selectedView());
      waitForPopupOf(browser, incident);
      browser.waitMapSettled();
      selected = share(browser)[1];
    }
    String atlasOrigin = atlas.url("");
    // A request to an outside host on the newsroom's own page proves that the log sees such requests.
    String probe = "http://elsewhere.example/probe.png";
    HttpServer server = newsroom(plain + "\n" + selected + "\n<img src=\"" + probe + "\" alt=\"\">");
    String page = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    try (Browser news = Browser.openRecordingRequests(1280, 1200)) {
      news.driver.get(page);
      List<WebElement> frames = news.driver.findElements(By.tagName("iframe"));
      assertEquals(2, frames.size());

      news.driver.switchTo().frame(frames.get(0));
      news.waitLoaded();
      news.waitMapSettled();
      double[] v = view(news);
      assertEquals(shared[0], v[0], 1e-9, "zoom");
      assertEquals(shared[1], v[1], 1e-4, "latitude");
      assertEquals(shared[2], v[2], 1e-4, "longitude");
      assertEquals(timeLabel, news.driver.findElement(By.id("time-label")).getText());
      // The markers in the frame are exactly the incidents the API selects for its extent, days and filter.
      List<Number> b = news.js("const b = window.atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];");
      Set<String> expected = new TreeSet<>();
      atlas.json("/api/collections/incidents/items?limit=10000&datetime=2020-07-12/2020-07-16&event_type=shelling&bbox="
          + b.get(0) + "," + b.get(1) + "," + b.get(2) + "," + b.get(3)).get("features").forEach(f -> expected.add(f.get("id").asText()));
      assertFalse(expected.isEmpty(), "the view shows no incident");
      assertEquals(expected, new TreeSet<>(news.<List<String>>js("return window.atlas.visibleIds('incidents');")));
      // Only the map, its legend and the timeline.
      assertEquals(0L, news.<Number>js("return document.querySelectorAll('#panel, #search-input, #account, #editor, #events, #share-open').length;")
          .longValue());
      assertTrue(news.driver.findElement(By.cssSelector(".legend")).isDisplayed());
      assertTrue(news.driver.findElement(By.id("timeline")).isDisplayed());
      WebElement open = news.driver.findElement(By.cssSelector(".embed-open a"));
      assertEquals("Open in Incident Atlas", open.getText());
      assertEquals("_blank", open.getDomAttribute("target"));
      assertEquals("noopener", open.getDomAttribute("rel"));
      String openHref = open.getDomProperty("href");
      assertTrue(openHref.startsWith(atlasOrigin + "/#map=12/") && openHref.contains("datetime=2020-07-12/2020-07-16")
          && openHref.contains("event_type=shelling"), openHref);
      // Inside the frame, every resource came from the atlas.
      List<String> resources = news.js("return performance.getEntriesByType('resource').map(e => e.name);");
      assertTrue(resources.stream().anyMatch(u -> u.startsWith(atlasOrigin + "/api/collections")), resources.toString());
      assertEquals(List.of(), resources.stream().filter(u -> !u.startsWith(atlasOrigin + "/")).toList());

      news.driver.switchTo().defaultContent();
      news.driver.switchTo().frame(frames.get(1));
      news.waitLoaded();
      waitForPopupOf(news, incident);
      assertEquals("incidents/" + incident, news.js("return window.atlas.state.selected;"));
      news.driver.switchTo().defaultContent();
      news.screenshot("embed-in-frame-1280");

      // Every request of the frames went to the atlas; the newsroom's page asked only for itself and the probe.
      List<Browser.SentRequest> logged = news.requestsSent();
      // From the newsroom's page on: the browser's own start page came before it, in the same tab.
      Browser.SentRequest document = logged.stream().filter(r -> r.url().equals(page) && r.type().equals("Document")).findFirst()
          .orElseThrow(() -> new AssertionError("no request for the page: " + logged));
      List<Browser.SentRequest> sent = logged.subList(logged.indexOf(document), logged.size());
      String top = document.frameId();
      List<Browser.SentRequest> framed = sent.stream().filter(r -> !r.frameId().equals(top)).toList();
      assertTrue(framed.stream().filter(r -> r.type().equals("Document")).map(Browser.SentRequest::url).toList()
          .containsAll(List.of(src(plain), src(selected)).stream().map(u -> u.substring(0, u.indexOf('#'))).toList()), framed.toString());
      assertTrue(framed.stream().anyMatch(r -> r.url().startsWith(atlasOrigin + "/api/collections/incidents/items")), framed.toString());
      assertEquals(List.of(), framed.stream().map(Browser.SentRequest::url).filter(u -> !u.startsWith(atlasOrigin + "/")).toList(),
          "requests of the embedded map to other hosts");
      List<String> own = sent.stream().filter(r -> r.frameId().equals(top)).map(Browser.SentRequest::url).toList();
      assertTrue(own.contains(probe), "the log missed the request to another host: " + own);
      assertEquals(List.of(), own.stream().filter(u -> !u.equals(page) && !u.equals(probe) && !u.endsWith("/favicon.ico")).toList());

      // No errors, but for the probe that could not load.
      List<LogEntry> entries = news.driver.manage().logs().get(LogType.BROWSER).getAll();
      List<String> severe = news.consoleLines(entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
          .filter(e -> !e.getMessage().contains("elsewhere.example")).toList());
      assertEquals(List.of(), severe, "console: " + news.consoleLines(entries));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anySiteMayFrameTheEmbedWhichLoadsOnlyFromTheAtlas() {
    HttpResponse<String> embed = atlas.get("/embed");
    assertEquals(200, embed.statusCode());
    assertTrue(embed.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String policy = embed.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(policy.contains("frame-ancestors *") && policy.contains("default-src 'self'"), policy);
    assertTrue(embed.headers().firstValue("X-Frame-Options").isEmpty(), embed.headers().map().toString());
    assertTrue(embed.body().contains("/js/embed.js"), embed.body());
    HttpResponse<String> head = atlas.head("/embed");
    assertEquals(200, head.statusCode());
    assertEquals(policy, head.headers().firstValue("Content-Security-Policy").orElse(""));
  }

  @Test
  void onAPhoneTheEmbedAndTheDialogFitAndSpeakGerman() {
    try (Browser phone = Browser.open(375, 667)) {
      phone.loadIn("de", atlas, "/embed" + selectedView());
      waitForPopupOf(phone, incident);
      phone.waitMapSettled();
      WebElement open = phone.driver.findElement(By.cssSelector(".embed-open a"));
      assertEquals("Im Incident Atlas öffnen", open.getText());
      assertEquals("de", phone.js("return document.documentElement.lang;"));
      phone.screenshot("embed-375-de");
      phone.assertStayedHomeWithoutErrors("/api/collections");

      phone.driver.get("about:blank");
      phone.load(atlas, "/" + VIEW);
      phone.driver.findElement(By.id("share-open")).click();
      assertEquals("Diese Ansicht teilen", phone.driver.findElement(By.id("share-title")).getText());
      assertEquals(List.of("Kopieren", "Kopieren"), phone.driver.findElements(By.cssSelector("#share .copy-row button"))
          .stream().map(WebElement::getText).toList());
      assertTrue(phone.driver.findElement(By.id("share-embed")).getDomProperty("value").contains("title=\"Karte des Incident Atlas\""));
      // The dialog fills the phone's screen and nothing in it sticks out sideways.
      assertEquals(Boolean.TRUE, phone.js("const d = document.getElementById('share'); return d.scrollWidth <= d.clientWidth"
          + " && d.getBoundingClientRect().right <= window.innerWidth + 0.5;"));
      phone.screenshot("share-dialog-375-de");
    }
  }

  @Test
  void theEmbedAloneAtDesktopSize() {
    try (Browser browser = Browser.open(1280, 800)) {
      browser.load(atlas, "/embed" + selectedView());
      waitForPopupOf(browser, incident);
      browser.waitMapSettled();
      browser.screenshot("embed-1280");
      browser.assertStayedHomeWithoutErrors("/api/collections");
      List<String> ids = new ArrayList<>(browser.<List<String>>js("return window.atlas.visibleIds('incidents');"));
      assertTrue(ids.contains(incident), ids.toString());
      JsonNode f = atlas.json("/api/collections/incidents/items/" + incident);
      assertEquals("shelling", f.get("properties").get("event_type").asText());
    }
  }
}
