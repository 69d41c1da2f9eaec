package org.incidentatlas.recovery;

/** A backup or restore that cannot be done as asked; the message says why, for the operator. */
public final class BackupException extends RuntimeException {
  BackupException(String message) {
    super(message);
  }
}
