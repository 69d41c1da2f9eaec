package org.incidentatlas.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.incidentatlas.access.UserException;
import org.incidentatlas.access.Users;
import org.incidentatlas.api.html.ErrorPage;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.editing.EditRefused;
import org.incidentatlas.editing.IncidentEditor;
import org.incidentatlas.editing.Publisher;
import org.incidentatlas.export.Scratch;
import org.incidentatlas.filter.Cql2Text;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.message.Labels;
import org.incidentatlas.message.Message;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the web application: the route table, the map page and the one place where errors
 * become responses. {@link #create} returns the server unstarted, so tests start it on port 0.
 * The server owns the store it is given and the records it opens in the same data directory:
 * stopping the server closes both.
 */
public final class AtlasServer {
  private static final Logger LOG = LoggerFactory.getLogger(AtlasServer.class);
  private static final String ERROR_ANSWERED = "atlas.error";
  /** Request line and headers together; Jetty's default, stated here because messages name it. */
  static final int REQUEST_HEADER_BYTES = 8 * 1024;
  /**
   * Response headers together. A download's citation repeats its address, of up to
   * {@link Downloads#MAX_CITED_QUERY} characters of query, in three headers, percent-encoded once
   * more where the citation holds non-ASCII text: twice Jetty's default holds them with room.
   */
  static final int RESPONSE_HEADER_BYTES = 16 * 1024;

  private AtlasServer() {}

  public static Javalin create(AtlasConfig config, AtlasStore store) {
    if (!Files.isRegularFile(config.webDir().resolve("index.html"))) {
      throw new IllegalStateException("no map page at " + config.webDir().toAbsolutePath().resolve("index.html")
          + "; run from the project root or set --web-dir");
    }
    // The words the map shows for coded values, for what the server writes for people.
    Labels labels = Labels.read(config.webDir());
    OgcApi api = new OgcApi(store);
    Downloads downloads = new Downloads(store, new Scratch(config.dataDir().resolve("download-scratch")));
    SearchApi search = new SearchApi(store);
    SchemasApi schemas = new SchemasApi(store);
    DailyApi daily = new DailyApi(store);
    PeriodClaimsApi periodClaims = new PeriodClaimsApi(store, config.geodataDir());
    PeriodSummaryApi summary = new PeriodSummaryApi(store, periodClaims, labels);
    // Users, tokens and written records; handlers that need them get this one instance.
    RecordsDb recordsDb = RecordsDb.open(store.database());
    Users users = new Users(recordsDb);
    Authenticator authenticator = new Authenticator(users);
    AccessApi access = new AccessApi(users);
    IncidentRecords records = new IncidentRecords(recordsDb);
    Publisher publisher = new Publisher(store, records, config.geodataDir());
    RecordsApi recordsApi = new RecordsApi(new IncidentEditor(records, publisher), api);
    IncidentFeed feed = new IncidentFeed(store, records, labels);
    EmbedPage embed = new EmbedPage(config.webDir());
    return Javalin.create(cfg -> {
      cfg.jetty.host = config.bind();
      cfg.jetty.port = config.port();
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        http.setResponseHeaderSize(RESPONSE_HEADER_BYTES);
        http.setMaxResponseHeaderSize(RESPONSE_HEADER_BYTES);
        // Behind a reverse proxy that ends TLS, links must say https and name the public host:
        // Jetty takes them from Forwarded / X-Forwarded-* (docs/deployment.md).
        http.addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
      });
      // What Jetty refuses before a handler runs (an address over the limit, a malformed request
      // line) gets the API's error shape too.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      cfg.startup.showJavalinBanner = false;
      // Changes the layers do not include yet (written by a server that was stopped or killed
      // before it applied them) are applied before the first request is answered.
      cfg.events.serverStarting(publisher::tryCatchUp);
      cfg.events.serverStarted(publisher::start);
      cfg.events.serverStopped(() -> {
        publisher.close();
        recordsDb.close();
        store.close();
      });
      cfg.staticFiles.enableWebjars();
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = config.webDir().toAbsolutePath().normalize().toString();
        files.location = Location.EXTERNAL;
      });

      Routes routes = new Routes(cfg.routes);
      // Pages of other origins: reads from any, writes from those configured, preflights answered.
      cfg.routes.before(new Cors(config.corsWriteOrigins(), routes)::before);
      // Only the embedded map may be framed by other sites.
      cfg.routes.before(Framing::before);
      // Every request, routed or not, is from someone: anonymous, or the holder of a valid token.
      cfg.routes.before(authenticator::authenticate);
      Map<String, Handler> reads = new LinkedHashMap<>();
      reads.put("/api", api::landing);
      reads.put("/api/conformance", api::conformance);
      reads.put("/api/openapi", api::openApi);
      reads.put("/api/collections", api::collections);
      reads.put("/api/collections/{collectionId}", api::collection);
      reads.put("/api/collections/{collectionId}/items", api::items);
      reads.put(PeriodSummaryApi.PATH, summary::summary);
      reads.put("/api/collections/{collectionId}/queryables", schemas::queryables);
      reads.put("/api/collections/{collectionId}/schema", schemas::schema);
      reads.put("/api/collections/{collectionId}/daily", daily::daily);
      reads.put("/api/collections/{collectionId}/items/{featureId}", recordsApi::item);
      reads.put("/api/collections/{collectionId}/items/{featureId}/history", recordsApi::history);
      reads.put("/api/collections/{collectionId}/items/{featureId}/history/{version}", recordsApi::version);
      reads.put("/api/records", recordsApi::list);
      reads.put("/api/search", search::search);
      reads.put("/api/period-claims", periodClaims::list);
      reads.put("/api/period-claims/{claimId}", periodClaims::one);
      reads.put("/api/me", access::me);
      reads.put("/api/users", access::list);
      reads.put("/download/{file}", downloads::file);
      reads.put(IncidentFeed.PATH, feed::incidents);
      // What the map page needs from the configuration; the page has no other settings.
      Map<String, String> mapSettings = Map.of("tileUrl", config.tiles().url(), "tileAttribution", config.tiles().attribution());
      reads.put("/map-settings.json", ctx -> ctx.json(mapSettings));
      // The map alone, which other sites may frame (docs/map.md#embedding).
      reads.put(EmbedPage.PATH, embed::page);
      reads.forEach(routes::get);
      // Users and their tokens: admins only (AccessApi checks).
      routes.post("/api/users", access::add);
      routes.patch("/api/users/{name}", access::changeRole);
      routes.post("/api/users/{name}/tokens", access::issueToken);
      routes.delete("/api/users/{name}/tokens", access::revokeTokens);

      // OGC API Features Part 4 on the incidents, and the review workflow.
      routes.post("/api/collections/{collectionId}/items", recordsApi::create);
      routes.put("/api/collections/{collectionId}/items/{featureId}", recordsApi::replace);
      routes.patch("/api/collections/{collectionId}/items/{featureId}", recordsApi::patch);
      routes.delete("/api/collections/{collectionId}/items/{featureId}", recordsApi::archive);
      routes.post("/api/collections/{collectionId}/items/{featureId}/status", recordsApi::status);
      routes.post("/api/collections/{collectionId}/items/{featureId}/merge", recordsApi::merge);

      cfg.routes.exception(EditRefused.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.text()));
      cfg.routes.exception(InvalidRecord.class, (e, ctx) -> {
        ctx.attribute(ERROR_ANSWERED, "InvalidRecord");
        Message text = MessageKey.RECORD_NOT_STORED.with("errors", e.getMessage(), "count", e.errors().size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "InvalidRecord");
        body.put("description", text.english());
        body.put("message", text.json());
        body.put("errors", e.errors());
        ctx.status(400).json(body);
      });
      cfg.routes.exception(UserException.class, (e, ctx) -> {
        ApiException answer = AccessApi.toApi(e);
        error(ctx, answer.status(), answer.code(), answer.getMessage());
      });
      cfg.routes.exception(ApiException.class, (e, ctx) -> {
        e.headers().forEach(ctx::header);
        if (e.text() != null) {
          error(ctx, e.status(), e.code(), e.text());
        } else {
          error(ctx, e.status(), e.code(), e.getMessage());
        }
      });
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "ServerError", MessageKey.INTERNAL.with());
      });
      cfg.routes.error(404, ctx -> {
        // An ApiException's 404 already says what was not found; only unrouted paths get the generic one.
        if (ctx.attribute(ERROR_ANSWERED) != null) {
          return;
        }
        Set<String> allowed = routes.allowed(ctx.path());
        if (!allowed.isEmpty()) {
          String allow = String.join(", ", allowed);
          ctx.header("Allow", allow);
          error(ctx, 405, "MethodNotAllowed",
              MessageKey.METHOD_NOT_ALLOWED.with("method", ctx.method().name(), "path", ctx.path(), "allowed", allow));
        } else if (ctx.path().startsWith("/api") || ctx.path().startsWith("/download")) {
          error(ctx, 404, "NotFound", MessageKey.NO_RESOURCE.with("path", ctx.path()));
        }
      });
    });
  }

  /** The single error shape of the API: {@code {"code": ..., "description": ...}}. */
  private static void error(Context ctx, int status, String code, String description) {
    ctx.attribute(ERROR_ANSWERED, code);
    if (!page(ctx, status, code, description)) {
      ctx.status(status).json(Map.of("code", code, "description", description));
    }
  }

  /**
   * The same shape with the description's key and parameters beside it, {@code "message": {"key":
   * ..., "params": {...}}}, for clients that show it in the reader's language.
   */
  private static void error(Context ctx, int status, String code, Message text) {
    ctx.attribute(ERROR_ANSWERED, code);
    if (page(ctx, status, code, text.english())) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("description", text.english());
    body.put("message", text.json());
    ctx.status(status).json(body);
  }

  /**
   * Answers the error as a web page where the reader asked for one, as for the resource itself
   * ({@code f=html}, or a browser's Accept); returns whether it did.
   */
  private static boolean page(Context ctx, int status, String code, String description) {
    HandlerType method = ctx.method();
    if (method != HandlerType.GET && method != HandlerType.HEAD) {
      return false;
    }
    List<String> f = ctx.queryParams("f");
    boolean html = f.isEmpty() ? Representation.prefersHtml(ctx.header("Accept")) : f.equals(List.of("html"));
    if (!html) {
      return false;
    }
    Pages.send(ctx.status(status), ErrorPage.of(OgcApi.base(ctx), status, HttpStatus.getMessage(status), code, description));
    return true;
  }

  /**
   * Errors Jetty answers itself, before the request reaches a handler: a request line or headers
   * over {@link #REQUEST_HEADER_BYTES} (414, 431), a request that is not HTTP (400).
   */
  private static final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
        Callback callback) throws IOException {
      String code = switch (status) {
        case 400 -> "BadRequest";
        case 413 -> "PayloadTooLarge";
        case 414 -> "URITooLong";
        case 431 -> "RequestHeaderFieldsTooLarge";
        default -> status >= 500 ? "ServerError" : "HttpError";
      };
      String description = switch (status) {
        case 414, 431 -> "the request line and headers are larger than the " + REQUEST_HEADER_BYTES / 1024
            + " kB the server reads; shorten the query (a filter may have at most " + Cql2Text.MAX_LENGTH + " characters)";
        default -> status >= 500 ? "internal error; the server log has the details"
            : "the request was refused: " + (message == null ? HttpStatus.getMessage(status) : message);
      };
      Map<String, String> body = new LinkedHashMap<>();
      body.put("code", code);
      body.put("description", description);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      // Jetty drops the connection of a request it could not read; saying so keeps a client from
      // sending its next request on it.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }
  }
}
