package org.incidentatlas.ingest;

/**
 * A row or feature of a source file that could not be used.
 *
 * @param file     file name relative to the geodata directory
 * @param location where in the file, e.g. {@code line 12} or {@code feature 3 (line 40)}
 * @param reason   what is wrong, for a person editing the file
 */
public record SourceProblem(String file, String location, String reason) {
  @Override
  public String toString() {
    return file + ":" + location + ": " + reason;
  }
}
