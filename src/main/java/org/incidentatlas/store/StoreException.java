package org.incidentatlas.store;

/** The database could not be read or written. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
