package org.incidentatlas.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server says to a person, as a key of the page's dictionaries and its parameters. The
 * English text is rendered from the same key, so the description an answer carries and the
 * translation a client shows from the key never say different things.
 *
 * @param params values filled into the key's {@code {name}} placeholders, in the order given
 */
public record Message(MessageKey key, Map<String, Object> params) {
  public Message {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The text in English, as the answer's {@code description} carries it. */
  @JsonIgnore
  public String english() {
    return key.render(params);
  }

  /** The form an error answer carries: {@code {"key": ..., "params": {...}}}. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key.key());
    out.put("params", params);
    return out;
  }
}
