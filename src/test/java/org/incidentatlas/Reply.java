package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * The atlas's answer to one request: its status, its body read as JSON ({@code null} when the body
 * is empty), and the response itself, for the headers, the request and the body as it came.
 */
public record Reply(int status, JsonNode body, HttpResponse<String> raw) {

  /** The version the answer is at, as the ETag header gives it for If-Match; {@code null} without one. */
  public String etag() {
    return raw.headers().firstValue("ETag").orElse(null);
  }

  /** Reads a response; a body that is not JSON fails the test, since every answer of the API is. */
  static Reply of(HttpResponse<String> r) {
    if (r.body().isBlank()) {
      return new Reply(r.statusCode(), null, r);
    }
    try {
      return new Reply(r.statusCode(), TestAtlas.JSON.readTree(r.body()), r);
    } catch (IOException e) {
      throw new AssertionError(r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + ", not JSON: "
          + r.body(), e);
    }
  }
}
