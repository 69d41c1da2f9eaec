package org.incidentatlas.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.incidentatlas.message.Message;

/**
 * One thing wrong with a submitted record: the English {@code message}, and the same as a key of
 * the dictionaries with its parameters, for clients that show it in another language.
 *
 * @param field where, as a path into the GeoJSON feature (e.g. {@code properties.sources[1].url})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, String key, Map<String, Object> params) {
  public FieldError(String field, Message text) {
    this(field, text.english(), text.key().key(), text.params());
  }

  /** An error from outside the record format (an imported row), in English only. */
  public FieldError(String field, String message) {
    this(field, message, null, null);
  }
}
