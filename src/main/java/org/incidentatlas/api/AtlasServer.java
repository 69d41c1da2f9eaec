package org.incidentatlas.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Files;
import java.util.Map;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.store.AtlasStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the web application: the route table, the map page and the one place where errors
 * become responses. {@link #create} returns the server unstarted, so tests start it on port 0.
 */
public final class AtlasServer {
  private static final Logger LOG = LoggerFactory.getLogger(AtlasServer.class);

  private AtlasServer() {}

  public static Javalin create(AtlasConfig config, AtlasStore store) {
    if (!Files.isRegularFile(config.webDir().resolve("index.html"))) {
      throw new IllegalStateException("no map page at " + config.webDir().toAbsolutePath().resolve("index.html")
          + "; run from the project root or set --web-dir");
    }
    OgcApi api = new OgcApi(store);
    Downloads downloads = new Downloads(store);
    return Javalin.create(cfg -> {
      cfg.jetty.host = config.bind();
      cfg.jetty.port = config.port();
      cfg.startup.showJavalinBanner = false;
      cfg.staticFiles.enableWebjars();
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = config.webDir().toAbsolutePath().normalize().toString();
        files.location = Location.EXTERNAL;
      });

      cfg.routes.get("/api", api::landing);
      cfg.routes.get("/api/conformance", api::conformance);
      cfg.routes.get("/api/openapi", api::openApi);
      cfg.routes.get("/api/collections", api::collections);
      cfg.routes.get("/api/collections/{collectionId}", api::collection);
      cfg.routes.get("/api/collections/{collectionId}/items", api::items);
      cfg.routes.get("/api/collections/{collectionId}/items/{featureId}", api::item);
      cfg.routes.get("/download/{file}", downloads::geojson);

      cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "ServerError", "internal error; the server log has the details");
      });
      cfg.routes.error(404, ctx -> {
        boolean alreadyJson = ctx.contentType() != null && ctx.contentType().startsWith(Formats.JSON);
        if (!alreadyJson && (ctx.path().startsWith("/api") || ctx.path().startsWith("/download"))) {
          error(ctx, 404, "NotFound", "no resource at " + ctx.path());
        }
      });
    });
  }

  /** The single error shape of the API: {@code {"code": ..., "description": ...}}. */
  private static void error(Context ctx, int status, String code, String description) {
    ctx.status(status).json(Map.of("code", code, "description", description));
  }
}
