package org.incidentatlas.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /embed}: the map alone (map, legend, timeline), for other sites to put in an
 * {@code <iframe>}. Its policy lets any page frame it, and lets the page itself load nothing but
 * from the atlas: a framed map never sends its readers' browsers to an outside host. Every other
 * page may be framed by the atlas's own pages only ({@link Framing}).
 */
final class EmbedPage {
  static final String PATH = "/embed";
  /**
   * Any site may frame it ({@code frame-ancestors *}); scripts, styles, images, fonts and requests
   * only from the atlas's own origin. Inline styles stay allowed: Leaflet and the legend set them.
   */
  static final String POLICY = String.join("; ",
      "default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "object-src 'none'",
      "base-uri 'none'", "form-action 'none'", "frame-ancestors *");

  private final Path file;

  EmbedPage(Path webDir) {
    this.file = webDir.resolve("embed.html");
  }

  void page(Context ctx) throws IOException {
    ctx.header("Content-Security-Policy", POLICY);
    // Read at each request, as the other files of the web directory are.
    ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(file));
  }
}
