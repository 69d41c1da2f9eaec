package org.incidentatlas.importer;

/**
 * An import file that cannot be read at all: missing, of no known format, without the columns its
 * format needs, or broken in a way that leaves no next row to read. The message names the file.
 */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
