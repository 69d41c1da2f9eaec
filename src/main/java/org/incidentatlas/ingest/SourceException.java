package org.incidentatlas.ingest;

/** A source file that cannot be read at all (missing, or not parseable as a whole). Ends the build. */
public final class SourceException extends RuntimeException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
