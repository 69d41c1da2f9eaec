package org.incidentatlas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The map's picture, saved through its dialog as a reader saves it: a PNG of the chosen size that
 * shows the view on screen (the base map and the colours of the markers on it), with its title
 * and attributions written in and kept as PNG text, made without a request to another host and
 * without an error; the print view with the same picture and its words as text; the dialog used
 * from the keyboard, in German, at phone and desktop width.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapPictureTest {
  /** A fixed view of the July 2020 data: the border around Tovuz and Tavush, every incident. */
  static final String VIEW = "/#map=11/40.9700/45.5500&layers=incidents,shelled_villages,border,exposure_zones";
  /** The same with days and filters chosen. */
  static final String FILTERED = "/#map=11/40.9700/45.5500&layers=incidents,border&datetime=2020-07-12/2020-07-16"
      + "&event_type=shelling,armed_clash&country=AZ";

  private static TestAtlas atlas;
  private static Browser browser;
  private static Path downloads;

  @BeforeAll
  static void open() throws IOException {
    atlas = TestAtlas.shared();
    downloads = Files.createTempDirectory("atlas-picture");
    browser = Browser.open(1280, 800);
    browser.driver.executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    browser.load(atlas, VIEW);
    browser.waitMapSettled();
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
    TestAtlas.deleteTree(downloads);
  }

  private static WebElement button() {
    return browser.driver.findElement(By.cssSelector(".picture-control .picture-open"));
  }

  private static WebElement dialog() {
    return browser.driver.findElement(By.id("picture-dialog"));
  }

  private static String focused() {
    return browser.js("const e = document.activeElement; return e.id || e.className || e.tagName;");
  }

  /** Opens the dialog from the keyboard: Tab stops at the button on the map, Enter opens it. */
  private static void openDialogByKeyboard() {
    browser.js("document.querySelector('.leaflet-control-zoom-out').focus();");
    new Actions(browser.driver).sendKeys(Keys.TAB).perform();
    assertEquals("picture-open", focused());
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    browser.waitFor("the picture dialog", d -> Boolean.TRUE.equals(browser.js("return document.getElementById('picture-dialog').open;")));
    assertEquals("picture-title", focused());
  }

  /** Chooses the size with the arrow keys of its radio group and saves the PNG; returns the file. */
  private static Path saveByKeyboard(int sizeIndex) throws IOException {
    try (Stream<Path> files = Files.list(downloads)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    openDialogByKeyboard();
    WebElement first = dialog().findElement(By.cssSelector("input[name=picture-size]"));
    browser.js("arguments[0].focus(); arguments[0].click();", first);
    for (int i = 0; i < sizeIndex; i++) {
      new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
    }
    new Actions(browser.driver).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();
    Path[] file = {null};
    browser.waitFor("the PNG in " + downloads, d -> {
      try (Stream<Path> files = Files.list(downloads)) {
        file[0] = files.filter(f -> f.toString().endsWith(".png")).findFirst().orElse(null);
        return file[0] != null && Files.size(file[0]) > 0;
      } catch (IOException e) {
        return false;
      }
    });
    assertTrue(dialog().findElement(By.cssSelector(".picture-status")).getText().contains(file[0].getFileName().toString()));
    return file[0];
  }

  /** Colours of the markers and cluster rings on screen: the sides' colours, read from the page. */
  private static Set<String> markerColours() {
    List<String> colours = browser.js("return [...document.querySelectorAll('.leaflet-incidents-pane .leaflet-marker-icon')]"
        + ".flatMap(m => [...m.querySelectorAll('g[fill], circle[stroke-dasharray]')])"
        + ".map(e => e.tagName === 'g' ? e.getAttribute('fill') : e.getAttribute('stroke'));");
    return new HashSet<>(colours);
  }

  private static int[] rgb(String hex) {
    int v = Integer.parseInt(hex.substring(1), 16);
    return new int[] {v >> 16 & 255, v >> 8 & 255, v & 255};
  }

  /** The PNG's text chunks (tEXt and iTXt), as Java's own PNG reader sees them. */
  static Map<String, String> pngTexts(byte[] png) throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      reader.setInput(in);
      IIOMetadata metadata = reader.getImageMetadata(0);
      Node root = metadata.getAsTree("javax_imageio_png_1.0");
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!n.getNodeName().equals("tEXt")) {
          continue;
        }
        for (Node entry = n.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
          NamedNodeMap a = entry.getAttributes();
          texts.put(a.getNamedItem("keyword").getNodeValue(), a.getNamedItem("value").getNodeValue());
        }
      }
      reader.dispose();
    }
    return texts;
  }

  @Test
  @Order(1)
  void eachSizeSavesAPictureOfTheViewWithItsTexts() throws IOException {
    Map<String, Object> before = browser.js("const m = window.atlas.map, c = m.getCenter(), s = m.getSize();"
        + " return {lat: c.lat, lng: c.lng, zoom: m.getZoom(), x: s.x, y: s.y};");
    Set<String> colours = markerColours();
    assertFalse(colours.isEmpty(), "no marker on screen to look for");
    String attribution = browser.js("return window.atlas.map.attributionControl.getContainer().textContent.trim();");
    browser.screenshot("picture-view-1280");

    int[][] sizes = {{1200, 800}, {2400, 1600}};
    for (int i = 0; i < sizes.length; i++) {
      Path file = saveByKeyboard(i);
      int ratio = i + 1;
      Files.copy(file, Browser.SCREENSHOTS.resolve("picture-" + sizes[i][0] + "x" + sizes[i][1] + ".png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      byte[] png = Files.readAllBytes(file);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(sizes[i][0], image.getWidth(), file.toString());
      assertEquals(sizes[i][1], image.getHeight(), file.toString());
      assertTrue(file.getFileName().toString().endsWith("_" + sizes[i][0] + "x" + sizes[i][1] + ".png"), file.toString());

      // The map's area (inside the box left of the legend, between header and footer) is a
      // picture of the map, not one colour: many colours, and no colour covers most of it.
      Map<Integer, Integer> counts = new HashMap<>();
      int x0 = 30 * ratio;
      int x1 = 850 * ratio;
      int y0 = 150 * ratio;
      int y1 = 600 * ratio;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
        }
      }
      int pixels = (x1 - x0) * (y1 - y0);
      int commonest = counts.values().stream().max(Integer::compare).orElse(0);
      assertTrue(counts.size() > 100, "only " + counts.size() + " colours in the map area");
      assertTrue(commonest < 0.8 * pixels, "one colour covers " + commonest * 100 / pixels + " % of the map area");
      assertTrue(counts.keySet().stream().noneMatch(c -> c == 0xffffff) || counts.getOrDefault(0xffffff, 0) < 0.2 * pixels,
          "the map area is mostly white");
      // Every marker colour on screen is in the map area of the picture.
      for (String colour : colours) {
        int[] want = rgb(colour);
        long near = counts.entrySet().stream().filter(e -> {
          int c = e.getKey();
          return Math.abs((c >> 16 & 255) - want[0]) <= 24 && Math.abs((c >> 8 & 255) - want[1]) <= 24
              && Math.abs((c & 255) - want[2]) <= 24;
        }).mapToLong(Map.Entry::getValue).sum();
        assertTrue(near >= 20L * ratio * ratio, "marker colour " + colour + " found in only " + near + " pixels");
      }
      // The footer with the attributions is text on its strip, not an empty band.
      Set<Integer> footer = new HashSet<>();
      int dark = 0;
      for (int y = image.getHeight() - 40 * ratio; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int c = image.getRGB(x, y) & 0xffffff;
          footer.add(c);
          if ((c >> 16 & 255) < 120 && (c >> 8 & 255) < 120 && (c & 255) < 120) {
            dark++;
          }
        }
      }
      assertTrue(footer.size() > 10 && dark > 200 * ratio, "footer: " + footer.size() + " colours, " + dark + " dark pixels");

      Map<String, String> texts = pngTexts(png);
      assertTrue(texts.get("Title").startsWith("Incident Atlas - Tovuz-Tavush, July 2020 - Shown: Incidents, Shelled villages"),
          texts.toString());
      assertEquals(attribution, texts.get("Copyright"));
      String citation = atlas.head("/download/incidents.geojson").headers().firstValue("X-Atlas-Citation").orElseThrow();
      assertTrue(texts.get("Source").contains("Cite as: " + citation.substring(0, citation.indexOf(", exported"))), texts.get("Source"));
      assertTrue(texts.get("Source").contains("/download/incidents.geojson?bbox="), texts.get("Source"));
      assertCitesTheMapBox(image, ratio, texts.get("Source"), ((Number) before.get("zoom")).intValue());
      assertTrue(texts.get("Description").startsWith("All days: " + allDays()) && texts.get("Description").contains("No filters"),
          texts.get("Description"));
      new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
      assertEquals("picture-open", focused());
    }

    // The map is back as it was.
    Map<String, Object> after = browser.js("const m = window.atlas.map, c = m.getCenter(), s = m.getSize();"
        + " return {lat: c.lat, lng: c.lng, zoom: m.getZoom(), x: s.x, y: s.y};");
    assertEquals(before, after);
    browser.assertStayedHomeWithoutErrors("/vendor/modern-screenshot-4.7.0/index.mjs");
    // The vendored library is served from web/ with a type a module script may have.
    String type = atlas.get("/vendor/modern-screenshot-4.7.0/index.mjs").headers().firstValue("Content-Type").orElse("");
    assertTrue(type.contains("javascript"), type);
  }

  @Test
  @Order(2)
  void filtersAndDaysAreSaidInWordsInThePageLanguage() throws IOException {
    browser.driver.get("about:blank");
    browser.load(atlas, FILTERED);
    browser.waitMapSettled();
    Map<String, Object> texts = picture("1200x800");
    assertEquals("Days: 12 Jul 2020 – 16 Jul 2020", texts.get("time"));
    assertEquals("Filters: event type Shelling, Armed clash; side of the border Azerbaijan", texts.get("filters"));
    assertTrue(texts.get("citation").toString().contains("datetime=2020-07-12%2F2020-07-16")
        || texts.get("citation").toString().contains("datetime=2020-07-12/2020-07-16"), texts.get("citation").toString());

    browser.js("const s = document.getElementById('language'); s.value = 'de'; s.dispatchEvent(new Event('change'));");
    browser.waitFor("the German page", d -> "Bild exportieren".equals(button().getDomAttribute("aria-label")));
    browser.waitMapSettled();
    Map<String, Object> german = picture("1200x800");
    assertEquals("Tage: 12. Juli 2020 – 16. Juli 2020", german.get("time"));
    assertEquals("Filter: Ereignisart Beschuss, Gefecht; Seite der Grenze Aserbaidschan", german.get("filters"));
    assertTrue(german.get("title").toString().contains("Incident Atlas"), german.toString());
    assertTrue(german.get("shown").toString().startsWith("Gezeigt: "), german.toString());
    assertTrue(german.get("citation").toString().startsWith("Zitieren als: Incident Atlas (")
        && german.get("citation").toString().contains(" — Daten: "), german.toString());

    openDialogByKeyboard();
    String text = dialog().getText();
    for (String english : List.of("Export", "Size", "Download", "Print", "pixels")) {
      assertFalse(text.contains(english), "English '" + english + "' in the German dialog: " + text);
    }
    browser.screenshot("picture-dialog-de-1280");
    new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    browser.js("const s = document.getElementById('language'); s.value = 'en'; s.dispatchEvent(new Event('change'));");
    browser.waitFor("the English page", d -> "Export picture".equals(button().getDomAttribute("aria-label")));
    browser.assertStayedHomeWithoutErrors("/download/incidents.geojson");
  }

  /**
   * The citation's bbox is the area of the picture's map: in Web Mercator pixels at the map's
   * zoom it is as wide and as high as the map's frame found in the picture (a grey line, 1 px at
   * pixel ratio 1, down the left edge of the map).
   */
  private static void assertCitesTheMapBox(BufferedImage image, int ratio, String source, int zoom) {
    Matcher m = Pattern.compile("bbox=([-0-9.]+)%2C([-0-9.]+)%2C([-0-9.]+)%2C([-0-9.]+)").matcher(source);
    assertTrue(m.find(), source);
    double west = Double.parseDouble(m.group(1));
    double south = Double.parseDouble(m.group(2));
    double east = Double.parseDouble(m.group(3));
    double north = Double.parseDouble(m.group(4));
    double world = 256 * Math.pow(2, zoom);
    double width = (east - west) / 360 * world;
    double height = (mercatorY(south) - mercatorY(north)) * world;
    // The frame: the columns with a long run of the frame's grey, its line being one pixel wide at ratio 1.
    int left = Integer.MAX_VALUE;
    int right = -1;
    int longest = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      int run = 0;
      int best = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        run = (image.getRGB(x, y) & 0xffffff) == 0x7f8c8d ? run + 1 : 0;
        best = Math.max(best, run);
      }
      if (best > 300 * ratio) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        longest = Math.max(longest, best);
      }
    }
    assertTrue(right > left, "no map frame in the picture");
    double frameWidth = (right - left + 1.0 - 2 * ratio) / ratio;
    double frameHeight = (longest - 2.0 * ratio) / ratio;
    assertEquals(frameWidth, width, 1.5, "the bbox's width against the map box's");
    assertEquals(frameHeight, height, 1.5, "the bbox's height against the map box's");
  }

  /** Web Mercator's y of a latitude, 0 at the north edge of the world and 1 at the south. */
  private static double mercatorY(double lat) {
    double r = Math.toRadians(lat);
    return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
  }

  /** The first and last day of the incident layers, as the catalogue gives them, in English words. */
  private static String allDays() {
    List<String> days = new ArrayList<>();
    for (JsonNode c : atlas.json("/api/collections").get("collections")) {
      JsonNode interval = c.path("extent").path("temporal").path("interval").path(0);
      if (interval.isArray() && !interval.path(0).isNull()) {
        days.add(interval.get(0).asText().substring(0, 10));
        days.add(interval.get(1).asText().substring(0, 10));
      }
    }
    days.sort(null);
    DateTimeFormatter english = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
    return LocalDate.parse(days.get(0)).format(english) + " - " + LocalDate.parse(days.get(days.size() - 1)).format(english);
  }

  /** The picture made by the page's own function, its words and size: what the share preview uses. */
  private static Map<String, Object> picture(String size) {
    Map<String, Object> made = browser.js(
        "return window.atlas.picture(arguments[0]).then(p => new Promise(done => { const i = new Image();"
            + " i.onload = () => done({texts: p.texts, width: i.naturalWidth, height: i.naturalHeight});"
            + " i.src = URL.createObjectURL(p.blob); }), e => ({error: String(e)}));",
        size);
    assertFalse(made.containsKey("error"), String.valueOf(made.get("error")));
    assertEquals(List.of(1200L, 800L), List.of(made.get("width"), made.get("height")));
    @SuppressWarnings("unchecked")
    Map<String, Object> texts = (Map<String, Object>) made.get("texts");
    return texts;
  }

  @Test
  @Order(3)
  void thePrintViewHasThePictureAndItsWordsAsText() {
    browser.driver.get("about:blank");
    browser.load(atlas, VIEW);
    browser.waitMapSettled();
    openDialogByKeyboard();
    browser.js("arguments[0].focus();", dialog().findElement(By.cssSelector(".picture-print-open")));
    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
    WebElement print = browser.waitFor("the print view", d -> Boolean.TRUE.equals(browser.js("return document.getElementById('picture-print').open;"))
        ? d.findElement(By.id("picture-print")) : null);
    assertEquals("picture-print-title", focused());
    browser.waitFor("the picture in the print view", d -> Boolean.TRUE.equals(browser.js(
        "const i = document.querySelector('#picture-print img'); return i.complete && i.naturalWidth === 1200 && i.naturalHeight === 800;")));
    assertEquals("Incident Atlas — Tovuz–Tavush, July 2020", print.findElement(By.tagName("h1")).getText());
    assertTrue(print.findElement(By.cssSelector(".picture-when")).getText().contains("All days"), print.getText());
    assertTrue(print.findElement(By.cssSelector(".picture-citation")).getText().contains("Cite as: Incident Atlas ("), print.getText());
    assertEquals(Boolean.TRUE, browser.js("const v = document.getElementById('picture-print'); return v.scrollWidth <= v.clientWidth;"),
        "the print view scrolls sideways");
    browser.screenshot("picture-print-1280");

    // Printed, the page is the print view alone.
    browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertEquals("none", browser.js("return getComputedStyle(document.querySelector('main')).display;"));
      assertEquals("none", browser.js("return getComputedStyle(document.querySelector('#picture-print .print-hidden')).display;"));
      assertEquals("block", browser.js("return getComputedStyle(document.querySelector('#picture-print img')).display;"));
    } finally {
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
    new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    assertEquals("picture-open", focused());
    browser.assertStayedHomeWithoutErrors("/download/incidents.geojson");
  }

  @Test
  @Order(4)
  void theDialogFitsAPhone() {
    try (Browser phone = Browser.open(375, 740)) {
      phone.load(atlas, VIEW);
      WebElement open = phone.driver.findElement(By.cssSelector(".picture-control .picture-open"));
      open.click();
      phone.waitFor("the picture dialog", d -> Boolean.TRUE.equals(phone.js("return document.getElementById('picture-dialog').open;")));
      List<Map<String, Object>> boxes = phone.js("return [...document.querySelectorAll('#picture-dialog h2, #picture-dialog label,"
          + " #picture-dialog button, #picture-dialog .hint')].map(e => { const r = e.getBoundingClientRect();"
          + " return {left: r.left, right: r.right, scroll: e.scrollWidth > e.clientWidth + 1}; });");
      for (Map<String, Object> box : boxes) {
        assertTrue(((Number) box.get("left")).doubleValue() >= 0 && ((Number) box.get("right")).doubleValue() <= 375, box.toString());
        assertEquals(false, box.get("scroll"), box.toString());
      }
      phone.screenshot("picture-dialog-375");
      phone.driver.findElement(By.cssSelector("#picture-dialog .picture-print-open")).click();
      phone.waitFor("the print view", d -> Boolean.TRUE.equals(phone.js(
          "const i = document.querySelector('#picture-print img'); return !!i && i.complete && i.naturalWidth === 1200;")));
      assertTrue(((Number) phone.js("return document.querySelector('#picture-print img').getBoundingClientRect().right;")).doubleValue() <= 375);
      assertEquals(Boolean.TRUE, phone.js("const v = document.getElementById('picture-print'); return v.scrollWidth <= v.clientWidth;"),
          "the print view scrolls sideways");
      phone.screenshot("picture-print-375");
      phone.assertStayedHomeWithoutErrors("/vendor/modern-screenshot-4.7.0/index.mjs");
    }
  }
}
