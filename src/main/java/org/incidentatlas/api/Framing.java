package org.incidentatlas.api;

import io.javalin.http.Context;

/**
 * Which pages other sites may put in a frame: {@code /embed} only ({@link EmbedPage}, which sends
 * its own policy). The map page signs in and edits records, and a page of another site that framed
 * it could trick a signed-in editor into clicks they did not mean (clickjacking); it, the API's
 * pages and every other answer may be framed by the atlas's own pages alone.
 */
final class Framing {
  static final String SAME_ORIGIN_ONLY = "frame-ancestors 'self'";

  private Framing() {}

  static void before(Context ctx) {
    if (!ctx.path().equals(EmbedPage.PATH)) {
      ctx.header("Content-Security-Policy", SAME_ORIGIN_ONLY);
    }
  }
}
