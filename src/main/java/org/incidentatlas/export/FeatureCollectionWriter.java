package org.incidentatlas.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.geo.ServedCrs;
import org.incidentatlas.store.StoredFeature;

/**
 * Writes a GeoJSON FeatureCollection to a stream feature by feature, so that no layer is ever
 * held in memory. Geometry and properties are stored pre-serialised and copied through as they are.
 */
public final class FeatureCollectionWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonGenerator json;
  private final Set<String> properties;
  private final GeometryOutput geometry;
  private long written;

  /** {@code properties} names the properties to write, null for all of them. */
  public FeatureCollectionWriter(OutputStream out, Set<String> properties, ServedCrs crs) throws IOException {
    this.json = generator(out);
    this.properties = properties;
    this.geometry = new GeometryOutput(crs);
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
    writeFeature(json, f, properties, geometry, null);
    written++;
  }

  public long written() {
    return written;
  }

  /** Closes the feature array; {@code members} (e.g. numberReturned, links) follow it. */
  public void end(Map<String, Object> members) throws IOException {
    json.writeEndArray();
    for (Map.Entry<String, Object> m : members.entrySet()) {
      json.writeFieldName(m.getKey());
      JSON.writeValue(json, m.getValue());
    }
    json.writeEndObject();
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
    json.close();
  }
}
