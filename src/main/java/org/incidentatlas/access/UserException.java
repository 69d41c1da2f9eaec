package org.incidentatlas.access;

/**
 * A change to users that cannot be made. The message is for the person who asked for it; the
 * reason lets the HTTP API and the command line each answer in their own terms.
 */
public final class UserException extends RuntimeException {
  /** Why the change cannot be made. */
  public enum Reason {
    /** A name or value that is not allowed. */
    INVALID,
    /** No user of that name. */
    UNKNOWN_USER,
    /** A user of that name exists already. */
    EXISTS
  }

  private final Reason reason;

  public UserException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
