package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body that must be one JSON object of known fields, read strictly: bounded in size
 * (413 beyond it), no duplicate or unknown field, nothing after the object. Each failure is a
 * 400 that names the field.
 */
final class JsonBody {
  static final int MAX_BYTES = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode object;

  private JsonBody(JsonNode object) {
    this.object = object;
  }

  /** Reads the body of {@code ctx}, which may hold only {@code fields}. */
  static JsonBody read(Context ctx, Set<String> fields) {
    String expected = "the request body must be a JSON object with " + String.join(", ", new TreeSet<>(fields));
    byte[] bytes = bytes(ctx, MAX_BYTES);
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badParameter(expected + "; it is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badParameter("the request body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badParameter(expected);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.badParameter("unknown field '" + name + "'; " + expected);
      }
    }
    return new JsonBody(node);
  }

  /** The string value of {@code field}, which must be there. */
  String text(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.badParameter("field '" + field + "' is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badParameter("field '" + field + "' must be a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return value.asText();
  }

  /** The request body, refused with a 413 when it is larger than {@code maxBytes}. */
  static byte[] bytes(Context ctx, int maxBytes) {
    // Read up to the limit even when the declared length is over it: answering before the client
    // has sent its body makes many clients see a reset connection instead of the 413.
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      // Read one byte more than allowed: a body without a declared length is cut off here too.
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw ApiException.badParameter("the request body could not be read");
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return bytes;
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(413, "PayloadTooLarge", "the request body is larger than " + maxBytes / 1024 + " kB");
  }
}
