package org.incidentatlas.importer;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads one dataset's file format, row by row, without holding the file in memory. */
public interface ImportReader {
  /**
   * Hands each row of {@code file} to {@code sink} as it is read, in file order. A row that cannot
   * be mapped becomes an {@link ImportProblem} and reading goes on with the next.
   *
   * @throws ImportException when the file as a whole cannot be read
   */
  void read(Path file, Consumer<? super ImportResult> sink);
}
