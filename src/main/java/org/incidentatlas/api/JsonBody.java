package org.incidentatlas.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one reader of JSON request bodies: a body must be exactly one JSON object, sent as a JSON
 * media type in UTF-8, and is read strictly. Refused, each with a message that names the problem:
 * a body over its size limit (413); another media type or a charset other than UTF-8 (415); bytes
 * that are not UTF-8, a NUL byte, a byte order mark, anything that is not JSON, a key twice in one
 * object at any depth, anything after the object, nesting deeper than {@link #MAX_DEPTH}, a string
 * (key or value) holding NUL or half of a surrogate pair, and anything but an object (400).
 */
final class JsonBody {
  /** The limit of the small bodies of the user and token requests. */
  static final int MAX_BYTES = 16 * 1024;
  /** Objects and arrays inside each other; a record needs 4 (feature, properties, sources, a source). */
  static final int MAX_DEPTH = 32;
  /** Digits of a number: a coordinate or a count needs some twenty. */
  static final int MAX_DIGITS = 100;
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_DIGITS).build())
      .build());

  private final JsonNode object;

  private JsonBody(JsonNode object) {
    this.object = object;
  }

  /** Reads the body of {@code ctx}, which may hold only {@code fields}, as {@code application/json} of at most {@link #MAX_BYTES}. */
  static JsonBody read(Context ctx, Set<String> fields) {
    String expected = "the request body must be a JSON object with " + String.join(", ", new TreeSet<>(fields));
    ObjectNode node = object(ctx, Set.of(Formats.JSON), MAX_BYTES, expected);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.badParameter("unknown field '" + name + "'; " + expected);
      }
    }
    return new JsonBody(node);
  }

  /**
   * The body of {@code ctx} as one JSON object, sent as one of {@code mediaTypes} and at most
   * {@code maxBytes} long.
   *
   * @param expected what the body must be, said first in a 400 (e.g. "the request body must be a
   *                 GeoJSON Feature")
   */
  static ObjectNode object(Context ctx, Set<String> mediaTypes, int maxBytes, String expected) {
    // Read first, to the limit: answering before the client has sent its body makes many clients
    // see a reset connection instead of the answer.
    byte[] bytes = bytes(ctx, maxBytes);
    mediaType(ctx.contentType(), mediaTypes);
    if (bytes.length == 0) {
      throw ApiException.badParameter(expected + "; the body is empty");
    }
    return parse(bytes, expected);
  }

  /** The same for a request whose body may be left out: empty when there is none. */
  static Optional<ObjectNode> optionalObject(Context ctx, Set<String> mediaTypes, int maxBytes, String expected) {
    byte[] bytes = bytes(ctx, maxBytes);
    if (bytes.length == 0) {
      return Optional.empty();
    }
    mediaType(ctx.contentType(), mediaTypes);
    return Optional.of(parse(bytes, expected));
  }

  private static ObjectNode parse(byte[] bytes, String expected) {
    String text = utf8(bytes, expected);
    JsonNode node;
    try (JsonParser parser = JSON.createParser(text)) {
      node = JSON.readTree(parser);
      JsonLocation end = parser.currentLocation();
      boolean more;
      try {
        more = parser.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true;
      }
      if (more) {
        throw notJson(expected, "there is more after the JSON value that ends at line " + end.getLineNr()
            + ", column " + end.getColumnNr() + "; a body is exactly one JSON object");
      }
    } catch (StreamConstraintsException e) {
      String why = e.getOriginalMessage();
      throw notJson(expected, why.contains("nesting depth") ? "it is nested deeper than " + MAX_DEPTH
          + " levels of objects and arrays" : why.contains("Number value length") ? "a number has more than "
          + MAX_DIGITS + " digits" : why);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw notJson(expected, e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw ApiException.badParameter("the request body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badParameter(expected + "; it is " + (node == null ? "empty" : "a JSON "
          + node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    unicode(node, "").ifPresent(problem -> {
      throw ApiException.badParameter(expected + "; " + problem);
    });
    return (ObjectNode) node;
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

  /** A request that takes no body: one that is sent anyway is refused, not ignored. */
  static void none(Context ctx) {
    if (bytes(ctx, MAX_BYTES).length > 0) {
      throw ApiException.badParameter("this request takes no body; send it without one");
    }
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

  /** One of {@code accepted}, in UTF-8: {@code charset=utf-8} may be said, no other charset. */
  private static void mediaType(String contentType, Set<String> accepted) {
    String[] parts = Optional.ofNullable(contentType).orElse("").split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    String send = "send the body as " + String.join(" or ", new TreeSet<>(accepted)) + " in UTF-8";
    if (!accepted.contains(type)) {
      throw unsupported(send + (type.isEmpty() ? "; the request has no Content-Type" : ", not " + type));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].strip().equalsIgnoreCase("charset")) {
        String charset = parameter.length < 2 ? "" : parameter[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8")) {
          throw unsupported(send + ", not charset=" + charset);
        }
      }
    }
  }

  /** The bytes as UTF-8 text, refused where they are not. */
  private static String utf8(byte[] bytes, String expected) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw ApiException.badParameter(expected + "; it holds a NUL byte at offset " + i);
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never has fewer bytes than UTF-16 has chars: the buffer cannot overflow.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw ApiException.badParameter(expected + "; it is not valid UTF-8: " + result.length() + " byte"
          + (result.length() == 1 ? "" : "s") + " that no character is encoded as, at offset " + in.position());
    }
    String text = out.flip().toString();
    if (text.startsWith("\uFEFF")) {
      throw ApiException.badParameter(expected + "; it starts with a byte order mark, which JSON sent over HTTP does not have");
    }
    return text;
  }

  /** Why a string of the tree is not Unicode text: a NUL or half of a surrogate pair, with where. */
  private static Optional<String> unicode(JsonNode node, String path) {
    if (node.isTextual()) {
      return unicode(node.asText()).map(problem -> "the string at " + shown(path) + " holds " + problem);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> problem = unicode(node.get(i), path + "[" + i + "]");
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      Optional<String> problem = unicode(e.getKey()).map(p -> "a key in " + shown(path) + " holds " + p)
          .or(() -> unicode(e.getValue(), at));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> unicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return Optional.of("a NUL character (\\u0000)");
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("half of a surrogate pair (\\u" + String.format("%04x", (int) c) + "), which is not a character");
      }
    }
    return Optional.empty();
  }

  private static String shown(String path) {
    return path.isEmpty() ? "the top level" : "'" + path + "'";
  }

  private static ApiException notJson(String expected, String why) {
    return ApiException.badParameter(expected + "; it is not JSON: " + why);
  }

  private static ApiException unsupported(String message) {
    return new ApiException(415, "UnsupportedMediaType", message);
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(413, "PayloadTooLarge", "the request body is larger than " + maxBytes / 1024 + " kB");
  }
}
