package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Requests to a running atlas as its users send them: with a bearer token, a body and its media
 * type, and If-Match naming the version a write expects; each of these is left out when
 * {@code null}. Every answer is a {@link Reply}. A {@link TestAtlas} has one ({@link TestAtlas#api()});
 * a server started otherwise gets one for its address.
 */
public final class ApiClient {
  /** Where incident records are read and written. */
  public static final String ITEMS = "/api/collections/incidents/items";

  private final HttpClient http;
  private final String base;

  /** A client of the server at {@code base}, such as {@code http://127.0.0.1:8080}. */
  public ApiClient(String base) {
    this(HttpClient.newHttpClient(), base);
  }

  ApiClient(HttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  /** Sends a request built by the test, for headers this client does not set. */
  public Reply send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return Reply.of(http.send(built, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(built.method() + " " + built.uri() + " failed", e);
    }
  }

  /** Any request, its body sent as UTF-8. */
  public Reply send(String method, String path, String token, String body, String contentType, String ifMatch) {
    return sendBytes(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, ifMatch);
  }

  /** Any request, its body sent byte for byte: for bodies that are not, or not only, UTF-8 text. */
  public Reply sendBytes(String method, String path, String token, byte[] body, String contentType, String ifMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return send(b);
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null, null, null);
  }

  /** GET as the holder of {@code token} (anonymously when {@code null}); fails the test when the status is not 200. */
  public JsonNode json(String path, String token) {
    Reply r = get(path, token);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + " -> " + r.status() + ": " + r.raw().body());
    }
    return r.body();
  }

  /** A new record, as GeoJSON. */
  public Reply post(String path, String token, JsonNode record) {
    return send("POST", path, token, record.toString(), "application/geo+json", null);
  }

  /** A merge patch of incident {@code id}. */
  public Reply patch(String id, String token, String ifMatch, JsonNode mergePatch) {
    return send("PATCH", ITEMS + "/" + id, token, mergePatch.toString(), "application/merge-patch+json", ifMatch);
  }

  /** A move of incident {@code id} to {@code status}, with a reason unless it is {@code null}. */
  public Reply status(String id, String token, String ifMatch, String status, String reason) {
    ObjectNode body = TestAtlas.JSON.createObjectNode().put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    return send("POST", ITEMS + "/" + id + "/status", token, body.toString(), "application/json", ifMatch);
  }
}
