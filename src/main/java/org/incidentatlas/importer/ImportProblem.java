package org.incidentatlas.importer;

/**
 * A row that could not be mapped.
 *
 * @param message every reason found in the row, each naming its column, joined with {@code "; "}
 */
public record ImportProblem(String file, long line, String message) implements ImportResult {
  @Override
  public String toString() {
    return file + ":line " + line + ": " + message;
  }
}
