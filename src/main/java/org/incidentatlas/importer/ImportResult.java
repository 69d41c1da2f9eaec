package org.incidentatlas.importer;

/**
 * What a reader makes of one row or feature of an import file: either an incident in the atlas's
 * write format ({@link ImportRow}) or the reason it could not be mapped ({@link ImportProblem}).
 * Readers hand them on in file order, one per row.
 */
public sealed interface ImportResult permits ImportRow, ImportProblem {
  /** The file as it was given to the reader. */
  String file();

  /** 1-based line where the row or feature starts (the header is line 1 of a CSV file). */
  long line();
}
