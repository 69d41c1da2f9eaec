package org.incidentatlas.editing;

import org.incidentatlas.message.Message;
import org.incidentatlas.message.MessageKey;

/**
 * A write that is not carried out, with the HTTP status that says why: 403 (not in this role), 404 (no such
 * record), 409 (not possible in the record's state), 412/428 (stale or missing {@code If-Match}).
 * Nothing of the write is stored.
 */
public final class EditRefused extends RuntimeException {
  private final int status;
  private final String code;
  private final transient Message text;

  public EditRefused(int status, String code, Message text) {
    super(text.english());
    this.status = status;
    this.code = code;
    this.text = text;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Why, as a key of the dictionaries with its parameters. */
  public Message text() {
    return text;
  }

  static EditRefused notFound(String id) {
    return new EditRefused(404, "NotFound", MessageKey.EDIT_NOT_FOUND.with("id", id));
  }

  static EditRefused forbidden(Message text) {
    return new EditRefused(403, "Forbidden", text);
  }

  static EditRefused conflict(Message text) {
    return new EditRefused(409, "Conflict", text);
  }

  static EditRefused stale(Message text) {
    return new EditRefused(412, "PreconditionFailed", text);
  }
}
