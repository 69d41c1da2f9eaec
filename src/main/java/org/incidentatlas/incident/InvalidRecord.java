package org.incidentatlas.incident;

import java.util.List;
import java.util.stream.Collectors;
import org.incidentatlas.message.Message;

/** A record that fails validation, with every failing field. */
public final class InvalidRecord extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidRecord(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
        .collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public InvalidRecord(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public InvalidRecord(String field, Message text) {
    this(List.of(new FieldError(field, text)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
