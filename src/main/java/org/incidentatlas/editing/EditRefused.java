package org.incidentatlas.editing;

/**
 * A write that is not carried out, with the HTTP status that says why: 403 (not in this role), 404 (no such
 * record), 409 (not possible in the record's state), 412/428 (stale or missing {@code If-Match}).
 * Nothing of the write is stored.
 */
public final class EditRefused extends RuntimeException {
  private final int status;
  private final String code;

  public EditRefused(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static EditRefused notFound(String id) {
    return new EditRefused(404, "NotFound", "no incident record '" + id + "'");
  }

  static EditRefused forbidden(String message) {
    return new EditRefused(403, "Forbidden", message);
  }

  static EditRefused conflict(String message) {
    return new EditRefused(409, "Conflict", message);
  }
}
