package org.incidentatlas.api;

import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The body of a streamed response. */
final class ResponseBody {
  /**
   * Jetty sends every write of 8 kB or more to the socket on its own, and a JSON generator writes
   * its buffer 8 kB at a time: gathered into 64 kB, a large layer takes an eighth of the writes.
   */
  private static final int BUFFER = 64 * 1024;

  private ResponseBody() {}

  static OutputStream of(Context ctx) {
    return new BufferedOutputStream(ctx.outputStream(), BUFFER);
  }

  /**
   * Ends the answer to a HEAD of what GET streams: its headers, without a length. Left to
   * itself, Jetty would count the body HEAD does not write and send {@code Content-Length: 0}; the
   * length of a streamed body is not known before it is written, so GET sends none either.
   */
  static void headersOnly(Context ctx) throws IOException {
    ctx.res().flushBuffer();
  }
}
