package org.incidentatlas.api.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Values from data rendered as the pages render them. */
class HtmlPagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HtmlPages PAGES = new HtmlPages();

  private static String render(String json) throws IOException {
    return PAGES.render(new Page("value", Value.of(JSON.readTree(json))));
  }

  @Test
  void noTemplateWritesAValueUnescaped() throws IOException {
    List<Path> templates;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/html"))) {
      templates = files.filter(p -> p.toString().endsWith(".mustache")).toList();
    }
    assertTrue(templates.size() >= 10, "templates: " + templates);
    for (Path t : templates) {
      String text = Files.readString(t);
      assertFalse(text.contains("{{{") || text.contains("{{&"), t + " writes a value unescaped");
    }
  }

  @Test
  void textIsEscapedAndOnlyHttpAddressesBecomeLinks() throws IOException {
    assertEquals("&lt;b onclick=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;", render("\"<b onclick=\\\"x\\\">Tom & Jerry's</b>\""));
    assertEquals("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">https://example.org/a?b=1&amp;c=2</a>",
        render("\"https://example.org/a?b=1&c=2\""));
    assertEquals("javascript:alert(1)", render("\"javascript:alert(1)\""));
    assertEquals("data:text/html,x", render("\"data:text/html,x\""));
    assertEquals("<span class=\"none\">none</span>", render("null"));
    assertEquals("<span class=\"none\">none</span>", render("[]"));
  }

  @Test
  void recordsWithFewFieldsAreATableAndWithManyAListOfFieldTables() throws IOException {
    String claims = render("[{\"side\": \"AM\", \"count\": 2, \"claimed_by\": \"MoD\"}, {\"side\": \"AZ\", \"claimed_by\": \"<i>x</i>\"}]");
    assertEquals("<div class=\"scroll\"><table class=\"records\"><thead><tr><th scope=\"col\">side</th><th scope=\"col\">count</th>"
        + "<th scope=\"col\">claimed_by</th></tr></thead><tbody><tr><td>AM</td><td>2</td><td>MoD</td></tr>"
        + "<tr><td>AZ</td><td><span class=\"none\">none</span></td><td>&lt;i&gt;x&lt;/i&gt;</td></tr></tbody></table></div>", claims);

    String sources = render("[{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"url\": \"http://x.org\"}]");
    assertTrue(sources.startsWith("<ul class=\"block\"><li><table class=\"fields\"><tr><th scope=\"row\">a</th><td>1</td></tr>"), sources);
    assertTrue(sources.contains("<tr><th scope=\"row\">url</th><td><a href=\"http://x.org\""), sources);
  }

  @Test
  void namesAreAnInlineListAndNestedObjectsNamedFields() throws IOException {
    assertEquals("<ul class=\"inline\"><li>Ağdam</li><li>Агдам</li></ul>", render("[\"Ağdam\", \"Агдам\"]"));
    assertEquals("<table class=\"fields\"><tr><th scope=\"row\">list</th><td><ul class=\"block\"><li>1</li><li>"
        + "<table class=\"fields\"><tr><th scope=\"row\">k</th><td>v</td></tr></table></li></ul></td></tr></table>",
        render("{\"list\": [1, {\"k\": \"v\"}]}"));
  }
}
