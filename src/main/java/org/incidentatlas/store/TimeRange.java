package org.incidentatlas.store;

import java.time.LocalDate;

/**
 * Days a feature must overlap, both ends inclusive; a null end is open.
 */
public record TimeRange(LocalDate start, LocalDate end) {
  public TimeRange {
    if (start != null && end != null && end.isBefore(start)) {
      throw new IllegalArgumentException("datetime: end " + end + " is before start " + start);
    }
  }
}
