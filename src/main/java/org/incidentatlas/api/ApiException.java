package org.incidentatlas.api;

import java.util.Map;
import org.incidentatlas.message.Message;

/**
 * An error with its HTTP status, an OGC-style exception code and any headers the status calls
 * for (a 401's {@code WWW-Authenticate}). The message is shown to the client, so it says what was
 * wrong with the request and never carries internal detail.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;
  private final transient Message text;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, Map.of());
  }

  /** An error whose description is the English of {@code text}, which the answer carries too. */
  public ApiException(int status, String code, Message text) {
    this(status, code, text.english(), text, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, String> headers) {
    this(status, code, message, null, headers);
  }

  private ApiException(int status, String code, String message, Message text, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.text = text;
    this.headers = Map.copyOf(headers);
  }

  public static ApiException badParameter(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  public static ApiException badParameter(Message text) {
    return new ApiException(400, "InvalidParameterValue", text);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message);
  }

  public static ApiException notFound(Message text) {
    return new ApiException(404, "NotFound", text);
  }

  /** The caller must sign in (again): {@code challenge} tells how, in {@code WWW-Authenticate}. */
  public static ApiException unauthorized(Message text, String challenge) {
    return new ApiException(401, "Unauthorized", text.english(), text, Map.of("WWW-Authenticate", challenge));
  }

  /** The path exists but does not take the request's method; {@code allow} lists those it takes. */
  public static ApiException methodNotAllowed(Message text, String allow) {
    return new ApiException(405, "MethodNotAllowed", text.english(), text, Map.of("Allow", allow));
  }

  /** The caller is known but may not do this. */
  public static ApiException forbidden(Message text) {
    return new ApiException(403, "Forbidden", text);
  }

  /** The message key and parameters of the description, when it has them; else null. */
  public Message text() {
    return text;
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
