package org.incidentatlas.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.incidentatlas.message.MessageKey;

/**
 * Use of the API by scripts on other web pages (CORS). What anyone may read, any page may read: GET
 * and HEAD answer every origin with {@code *}. A write needs a token in {@code Authorization},
 * which a browser sends to another origin only after asking first (the preflight); only the pages
 * of the origins the operator lists ({@code --cors-write-origins}) are let through. The API takes
 * no cookies, so {@code *} lends no page anybody's session.
 */
final class Cors {
  private static final Set<String> READS = Set.of("GET", "HEAD");
  /** What a page's script may read of an answer besides the headers every answer shows it. */
  private static final String EXPOSED = String.join(", ", "ETag", "Link", "Location", "Content-Disposition",
      OgcApi.CONTENT_CRS, "WWW-Authenticate");
  /** How long a browser may keep a preflight's answer. */
  private static final String MAX_AGE_SECONDS = "600";

  private final Set<String> writeOrigins;
  private final Routes routes;

  Cors(List<String> writeOrigins, Routes routes) {
    this.writeOrigins = Set.copyOf(writeOrigins);
    this.routes = routes;
  }

  /** Before every request: the headers of an answer to another origin, and the preflights. */
  void before(Context ctx) {
    String origin = ctx.header("Origin");
    String asked = ctx.header("Access-Control-Request-Method");
    if (ctx.method() == HandlerType.OPTIONS) {
      options(ctx, origin, asked == null ? null : asked.toUpperCase(Locale.ROOT));
      return;
    }
    if (origin == null) {
      return;
    }
    if (READS.contains(ctx.method().name())) {
      ctx.header("Access-Control-Allow-Origin", "*");
    } else if (writeOrigins.contains(origin)) {
      allowOrigin(ctx, origin);
    } else {
      // The write goes on as from anywhere (its token decides); the page is not shown the answer.
      return;
    }
    ctx.header("Access-Control-Expose-Headers", EXPOSED);
  }

  /**
   * OPTIONS on a path answers which methods it takes ({@code Allow}); with
   * {@code Access-Control-Request-Method} it is a preflight, answered for the method asked.
   */
  private void options(Context ctx, String origin, String asked) {
    Set<String> allowed = routes.allowed(ctx.path());
    if (allowed.isEmpty()) {
      throw ApiException.notFound(MessageKey.NO_RESOURCE.with("path", ctx.path()));
    }
    String allow = String.join(", ", allowed);
    ctx.header("Allow", allow);
    if (origin != null && asked != null) {
      if (!allowed.contains(asked)) {
        throw ApiException.methodNotAllowed(
            MessageKey.METHOD_NOT_ALLOWED.with("method", asked, "path", ctx.path(), "allowed", allow), allow);
      }
      if (READS.contains(asked)) {
        ctx.header("Access-Control-Allow-Origin", "*");
      } else if (writeOrigins.contains(origin)) {
        allowOrigin(ctx, origin);
      } else {
        throw ApiException.forbidden(MessageKey.ORIGIN_MAY_NOT_WRITE.with("origin", origin));
      }
      ctx.header("Access-Control-Allow-Methods", allowed.stream()
          .filter(m -> READS.contains(asked) == READS.contains(m) && !m.equals("OPTIONS")).collect(Collectors.joining(", ")));
      String headers = ctx.header("Access-Control-Request-Headers");
      if (headers != null && !headers.isBlank()) {
        ctx.header("Access-Control-Allow-Headers", headers);
      }
      ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }
    ctx.status(204);
    ctx.skipRemainingHandlers();
  }

  /** An answer for this origin only: a cache must keep it apart from the answers to others. */
  private static void allowOrigin(Context ctx, String origin) {
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Vary", "Origin");
  }
}
