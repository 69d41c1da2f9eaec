package org.incidentatlas.api;

import java.util.Map;

/**
 * An error with its HTTP status, an OGC-style exception code and any headers the status calls
 * for (a 401's {@code WWW-Authenticate}). The message is shown to the client, so it says what was
 * wrong with the request and never carries internal detail.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public static ApiException badParameter(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message);
  }

  /** The caller must sign in (again): {@code challenge} tells how, in {@code WWW-Authenticate}. */
  public static ApiException unauthorized(String message, String challenge) {
    return new ApiException(401, "Unauthorized", message, Map.of("WWW-Authenticate", challenge));
  }

  /** The caller is known but may not do this. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Headers the response must carry besides the error body. */
  public Map<String, String> headers() {
    return headers;
  }
}
