package org.incidentatlas.api;

/**
 * An error with its HTTP status and an OGC-style exception code. The message is shown to the
 * client, so it says what was wrong with the request and never carries internal detail.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static ApiException badParameter(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
