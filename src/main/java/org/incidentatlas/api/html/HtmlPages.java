package org.incidentatlas.api.html;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.incidentatlas.api.Formats;

/**
 * Renders pages from the Mustache templates in {@code /html/} on the classpath. Every
 * {@code {{name}}} is HTML-escaped and the templates use no unescaped form (a test keeps it so),
 * so nothing from data becomes markup. A name a template uses that its model lacks is an error,
 * not silently empty text.
 */
public final class HtmlPages {
  public static final String CONTENT_TYPE = Formats.HTML + "; charset=utf-8";

  /**
   * The one escape function of the pages. Every attribute in the templates is quoted, so these
   * five characters are all that can end a text or an attribute value.
   */
  static final Mustache.Escaper ESCAPER = Escapers.simple(new String[][] {
      {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});

  private final Mustache.Compiler compiler = Mustache.compiler()
      .withEscaper(ESCAPER)
      .nullValue("")
      .withLoader(name -> new StringReader(source(name)));
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  public String render(Page page) {
    return templates.computeIfAbsent(page.template(), name -> compiler.compile(source(name))).execute(page.model());
  }

  static String source(String name) {
    try (InputStream in = HtmlPages.class.getResourceAsStream("/html/" + name + ".mustache")) {
      if (in == null) {
        throw new IllegalStateException("no template html/" + name + ".mustache on the classpath");
      }
      // A template ends where its last tag ends: a partial included inside an element then adds
      // no line break, which would show in cells that keep the line breaks of their text.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
