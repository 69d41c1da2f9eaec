package org.incidentatlas.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.database.Database;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * A feature as the columns of its layer's two tables: what filters (geometry, days, attributes)
 * and what is sent (id, GeoJSON geometry and properties as UTF-8). A build and a later update of
 * single features write the same columns the same way.
 */
record FeatureRow(String fid, Geometry geometry, Object start, Object end, Object[] attributes, byte[] geometryJson,
    byte[] propertiesJson) {
  /**
   * Properties are written as they stand, but for empty lists, which are written as null: a list
   * with nothing in it says no more than none, and Fiona 1.9.0 (Debian 12's, under GeoPandas) dies
   * reading a layer where a list of strings is empty in one feature. Record components become
   * snake_case keys.
   */
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .registerModule(new SimpleModule().setSerializerModifier(new BeanSerializerModifier() {
        @Override
        public JsonSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType type,
            BeanDescription bean, JsonSerializer<?> serializer) {
          return new EmptyAsNull(serializer);
        }
      }));

  /** A list written as null when it is empty, as its own serializer writes it otherwise. */
  private static final class EmptyAsNull extends JsonSerializer<Collection<?>> {
    private final JsonSerializer<Object> list;

    @SuppressWarnings("unchecked")
    EmptyAsNull(JsonSerializer<?> list) {
      this.list = (JsonSerializer<Object>) list;
    }

    @Override
    public void serialize(Collection<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.isEmpty()) {
        gen.writeNull();
      } else {
        list.serialize(value, gen, provider);
      }
    }
  }
  /** Six decimals of a degree are about 0.1 m: finer than any source. */
  private static final int DECIMALS = 6;

  static FeatureRow of(Layer layer, LayerFeature f) {
    return of(layer.id(), layer.geometryType(), layer.attributes(), f);
  }

  static FeatureRow of(String layerId, String geometryType, List<Attribute> attributes, LayerFeature f) {
    Geometry g = f.geometry().copy();
    g.setSRID(AtlasStore.SRID);
    if (!g.getGeometryType().equals(geometryType)) {
      throw new IllegalArgumentException("layer " + layerId + " holds " + geometryType + ", feature " + f.id()
          + " is a " + g.getGeometryType());
    }
    Object[] values = new Object[attributes.size()];
    Map<String, Object> served = f.properties();
    for (int i = 0; i < values.length; i++) {
      Attribute a = attributes.get(i);
      values[i] = a.valueOf(f.properties());
      if (!a.queryable()) {
        if (served == f.properties()) {
          served = new LinkedHashMap<>(served);
        }
        served.remove(a.property());
      }
    }
    GeoJsonWriter geojson = new GeoJsonWriter(DECIMALS);
    geojson.setEncodeCRS(false);
    try {
      return new FeatureRow(f.id(), g, f.start(), f.end(), values, geojson.write(g).getBytes(StandardCharsets.UTF_8),
          JSON.writeValueAsBytes(served));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("feature " + f.id() + " of " + layerId + " has properties that are not JSON", e);
    }
  }

  /** Sets geom, t_start, t_end and the attributes from {@code column} on; returns the next column. */
  int bindFilterColumns(PreparedStatement ps, int column, Database db) throws SQLException {
    ps.setObject(column++, db.geometryParameter(geometry));
    ps.setObject(column++, start);
    ps.setObject(column++, end);
    for (Object v : attributes) {
      ps.setObject(column++, v);
    }
    return column;
  }

  /** Sets fid, geometry and properties from {@code column} on; returns the next column. */
  int bindGeoJsonColumns(PreparedStatement ps, int column) throws SQLException {
    ps.setString(column++, fid);
    ps.setBytes(column++, geometryJson);
    ps.setBytes(column++, propertiesJson);
    return column;
  }
}
