package org.incidentatlas.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The English words the map page shows for coded values (event types, sides, groups of people),
 * read from its dictionary {@code i18n/en.json}, so that what the server writes for people names
 * them as the map does. A code the dictionary lacks is shown with its underscores as spaces.
 */
public final class Labels {
  private final Map<String, String> words;

  private Labels(Map<String, String> words) {
    this.words = words;
  }

  public static Labels read(Path webDir) {
    try {
      JsonNode dictionary = new ObjectMapper().readTree(webDir.resolve("i18n/en.json").toFile());
      Map<String, String> words = new HashMap<>();
      dictionary.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          words.put(e.getKey(), e.getValue().asText());
        }
      });
      return new Labels(words);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the map's English dictionary in " + webDir, e);
    }
  }

  /** The word for {@code code} of a kind ({@code event}, {@code side}, {@code group}); null for null. */
  public String of(String kind, String code) {
    if (code == null) {
      return null;
    }
    String word = words.get(kind + "." + code);
    return word != null ? word : code.replace('_', ' ');
  }
}
