package org.incidentatlas.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoredFeature;

/**
 * Writes a GeoJSON FeatureCollection to a stream feature by feature, so that no layer is ever
 * held in memory. Geometry and properties are stored pre-serialised and copied through as they are.
 */
public final class FeatureCollectionWriter implements AtlasStore.FeatureSink, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The features copied as stored go through a buffer of this size: as large as the response's
   * own ({@code ResponseBody}), which then passes it on without copying it again.
   */
  private static final int BUFFER = 64 * 1024;
  private static final byte[] FEATURE_ID = ascii("{\"type\":\"Feature\",\"id\":");
  private static final byte[] GEOMETRY = ascii(",\"geometry\":");
  private static final byte[] PROPERTIES = ascii(",\"properties\":");
  private static final byte[] NULL = ascii("null");
  private final OutputStream out;
  private final JsonGenerator json;
  private final Set<String> properties;
  private final GeometryOutput geometry;
  /** Whether features go out as stored, written here byte by byte as the generator would write them. */
  private final boolean asStored;
  private byte[] buffer;
  private int buffered;
  private long written;

  /** {@code properties} names the properties to write, null for all of them. */
  public FeatureCollectionWriter(OutputStream out, Set<String> properties, ServedCrs crs) throws IOException {
    this.out = out;
    this.json = generator(out);
    this.properties = properties;
    this.geometry = new GeometryOutput(crs);
    this.asStored = properties == null && crs == ServedCrs.CRS84;
  }

  /** Opens the collection; {@code members} (e.g. numberMatched) are written before the features. */
  public FeatureCollectionWriter begin(Map<String, Object> members) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "FeatureCollection");
    for (Map.Entry<String, Object> m : members.entrySet()) {
      json.writeFieldName(m.getKey());
      JSON.writeValue(json, m.getValue());
    }
    json.writeArrayFieldStart("features");
    return this;
  }

  public void feature(StoredFeature f) throws IOException {
    if (asStored) {
      copy(f.id(), f.geometry(), 0, f.geometry().length, f.properties(), 0, f.properties().length);
    } else {
      writeFeature(json, f, properties, geometry, null);
    }
    written++;
  }

  @Override
  public void accept(StoredFeature f) throws IOException {
    feature(f);
  }

  /** Features sent as stored are copied from where the engine read them, not copied out first. */
  @Override
  public void accept(String id, byte[] bytes, int geometryAt, int geometryLength, int propertiesAt, int propertiesLength)
      throws IOException {
    if (asStored) {
      copy(id, bytes, geometryAt, geometryLength, bytes, propertiesAt, propertiesLength);
      written++;
    } else {
      AtlasStore.FeatureSink.super.accept(id, bytes, geometryAt, geometryLength, propertiesAt, propertiesLength);
    }
  }

  /**
   * A feature as {@link #writeFeature} writes it with all properties in CRS84, without the
   * generator: its id, geometry and properties go from the row into one buffer, where the
   * generator copied each value into a buffer of its own of 8 kB and that into the response's.
   * The generator keeps writing what comes before and after the features; it knows of none of
   * them, so its closing bracket follows with no comma, which is right.
   */
  private void copy(String id, byte[] geometryBytes, int geometryAt, int geometryLength, byte[] propertiesBytes,
      int propertiesAt, int propertiesLength) throws IOException {
    if (buffer == null) {
      // What the generator wrote before the first feature goes first, but the stream is not
      // flushed: a page of a few features still goes out in one piece.
      json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      json.flush();
      json.enable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      buffer = new byte[BUFFER];
    } else {
      put((byte) ',');
    }
    put(FEATURE_ID);
    putString(id);
    put(GEOMETRY);
    put(geometryBytes, geometryAt, geometryLength);
    put(PROPERTIES);
    put(propertiesBytes, propertiesAt, propertiesLength);
    put((byte) '}');
  }

  public long written() {
    return written;
  }

  /** Closes the feature array; {@code members} (e.g. numberReturned, links) follow it. */
  public void end(Map<String, Object> members) throws IOException {
    flushCopied();
    json.writeEndArray();
    for (Map.Entry<String, Object> m : members.entrySet()) {
      json.writeFieldName(m.getKey());
      JSON.writeValue(json, m.getValue());
    }
    json.writeEndObject();
  }

  private void put(byte b) throws IOException {
    if (buffered == buffer.length) {
      flushCopied();
    }
    buffer[buffered++] = b;
  }

  private void put(byte[] bytes) throws IOException {
    put(bytes, 0, bytes.length);
  }

  private void put(byte[] bytes, int at, int length) throws IOException {
    if (length > buffer.length - buffered) {
      flushCopied();
      if (length >= buffer.length) {
        out.write(bytes, at, length);
        return;
      }
    }
    System.arraycopy(bytes, at, buffer, buffered, length);
    buffered += length;
  }

  /**
   * A string as the generator writes it: as it is between quotes when it is printable ASCII
   * without quote or backslash, as every feature id is; as the generator writes it otherwise.
   */
  private void putString(String s) throws IOException {
    if (s == null) {
      put(NULL);
      return;
    }
    int n = s.length();
    if (n + 2 > buffer.length - buffered) {
      flushCopied();
    }
    if (n + 2 <= buffer.length) {
      int at = buffered;
      buffer[at++] = '"';
      for (int i = 0; i < n; i++) {
        char ch = s.charAt(i);
        if (ch < 0x20 || ch > 0x7E || ch == '"' || ch == '\\') {
          putEscaped(s);
          return;
        }
        buffer[at++] = (byte) ch;
      }
      buffer[at++] = '"';
      buffered = at;
      return;
    }
    putEscaped(s);
  }

  /** By a generator of its own: Jackson's string encoder writes characters outside the BMP differently. */
  private void putEscaped(String s) throws IOException {
    ByteArrayOutputStream quoted = new ByteArrayOutputStream(s.length() + 16);
    try (JsonGenerator g = generator(quoted)) {
      g.writeString(s);
    }
    put(quoted.toByteArray());
  }

  private void flushCopied() throws IOException {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * One GeoJSON Feature with the named properties (all when null); {@code links} are added when
   * not null (single-feature responses).
   */
  public static void writeFeature(JsonGenerator json, StoredFeature f, Set<String> properties, GeometryOutput geometry,
      Object links) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "Feature");
    json.writeStringField("id", f.id());
    json.writeFieldName("geometry");
    json.writeRawValue(new RawUtf8Json(geometry.json(f.geometry())));
    json.writeFieldName("properties");
    if (properties == null) {
      json.writeRawValue(new RawUtf8Json(f.properties()));
    } else {
      writeSelected(json, f.properties(), properties);
    }
    if (links != null) {
      json.writeFieldName("links");
      JSON.writeValue(json, links);
    }
    json.writeEndObject();
  }

  /** Copies the selected members token by token: no tree of the document is built. */
  private static void writeSelected(JsonGenerator json, byte[] propertiesJson, Set<String> properties) throws IOException {
    try (JsonParser in = JSON.getFactory().createParser(propertiesJson)) {
      in.nextToken();
      json.writeStartObject();
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        in.nextToken();
        if (properties.contains(name)) {
          json.writeFieldName(name);
          json.copyCurrentStructure(in);
        } else {
          in.skipChildren();
        }
      }
      json.writeEndObject();
    }
  }

  /** The stream stays open when the writer closes: its owner (the response, a zip entry) closes it. */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    return JSON.getFactory().createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Override
  public void close() throws IOException {
    if (buffer != null) {
      flushCopied();
    }
    json.close();
  }
}
