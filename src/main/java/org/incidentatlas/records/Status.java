package org.incidentatlas.records;

import java.util.Locale;
import org.incidentatlas.message.InvalidArgument;
import org.incidentatlas.message.MessageKey;

/**
 * Where a record stands in review. Only {@code published} records are in the served layers;
 * {@code rejected} and {@code archived} carry a reason.
 */
public enum Status {
  DRAFT, IN_REVIEW, PUBLISHED, REJECTED, ARCHIVED;

  /** The name in the API and the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for a name that is none of the statuses */
  public static Status of(String id) {
    for (Status s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new InvalidArgument(MessageKey.RECORD_UNKNOWN_STATUS.with("value", id));
  }

  public boolean needsReason() {
    return this == REJECTED || this == ARCHIVED;
  }
}
