package org.incidentatlas.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.feature.simple.SimpleFeatureTypeBuilder;
import org.incidentatlas.geo.Crs;
import org.incidentatlas.geo.GeometryCheck;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Streams the features of a GeoJSON FeatureCollection into GeoTools features, one at a time.
 *
 * <p>The source CRS is declared by the file: RFC 7946 files are WGS84; a file may name another CRS
 * in a top-level {@code crs} member (GeoJSON 2008 style, before {@code features}), and its features
 * are then reprojected with GeoTools. The feature type is taken from the first feature: scalar
 * properties become String, Long, Double or Boolean attributes, nested arrays and objects stay
 * {@link JsonNode}s. A later feature whose values do not fit that type is reported and skipped.
 */
public final class GeoJsonSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private final String file;

  public GeoJsonSource(Path path, String file) {
    this.path = path;
    this.file = file;
  }

  public void read(SourceReport report, Consumer<SourceFeature> sink) {
    if (!Files.isRegularFile(path)) {
      throw new SourceException(file + ": file not found at " + path.toAbsolutePath());
    }
    GeoJsonReader geometryReader = new GeoJsonReader(new GeometryFactory());
    MathTransform toWgs84 = null;
    SimpleFeatureType type = null;
    try (JsonParser p = JSON.getFactory().createParser(path.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SourceException(file + ":line 1: expected a GeoJSON FeatureCollection object");
      }
      int index = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("crs")) {
          String name = p.<JsonNode>readValueAsTree().path("properties").path("name").asText();
          try {
            CoordinateReferenceSystem crs = Crs.decode(name);
            toWgs84 = Crs.isWgs84(crs) ? null : Crs.transform(crs, Crs.WGS84);
          } catch (IllegalArgumentException e) {
            throw new SourceException(file + ":line " + p.currentLocation().getLineNr() + ": " + e.getMessage());
          }
        } else if (field.equals("features") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            int line = p.currentTokenLocation().getLineNr();
            JsonNode node = p.readValueAsTree();
            index++;
            report.read(file);
            String location = "feature " + index + " (line " + line + ")";
            try {
              if (type == null) {
                type = typeOf(node);
              }
              Geometry g = geometry(node, geometryReader, toWgs84);
              String invalid = GeometryCheck.validityProblem(g).orElse(null);
              if (invalid != null) {
                g = GeometryCheck.repairPolygonal(g).orElseThrow(() -> new IllegalArgumentException(invalid));
                report.warn(file + ":" + location + ": repaired " + invalid);
              }
              SourceFeature f = new SourceFeature(build(type, node, g, index), file, location);
              sink.accept(f);
            } catch (IllegalArgumentException e) {
              report.skip(new SourceProblem(file, location, e.getMessage()));
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new SourceException(file + ":line " + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SourceException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Geometry geometry(JsonNode feature, GeoJsonReader reader, MathTransform toWgs84) {
    JsonNode g = feature.get("geometry");
    if (g == null || g.isNull()) {
      throw new IllegalArgumentException("missing geometry");
    }
    Geometry geometry;
    try {
      geometry = reader.read(g.toString());
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable geometry: " + e.getMessage());
    }
    if (toWgs84 != null) {
      geometry = Crs.apply(geometry, toWgs84);
    }
    String problem = GeometryCheck.rangeProblem(geometry).orElse(null);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return geometry;
  }

  private SimpleFeatureType typeOf(JsonNode feature) {
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName(file.replaceAll("\\W", "_"));
    b.setCRS(Crs.WGS84);
    b.add("geometry", Geometry.class);
    Iterator<Map.Entry<String, JsonNode>> it = feature.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      b.add(e.getKey(), bindingOf(e.getValue()));
    }
    return b.buildFeatureType();
  }

  private static Class<?> bindingOf(JsonNode v) {
    if (v.isTextual()) {
      return String.class;
    } else if (v.isIntegralNumber()) {
      return Long.class;
    } else if (v.isNumber()) {
      return Double.class;
    } else if (v.isBoolean()) {
      return Boolean.class;
    }
    return JsonNode.class;
  }

  private static SimpleFeature build(SimpleFeatureType type, JsonNode node, Geometry g, int index) {
    SimpleFeatureBuilder b = new SimpleFeatureBuilder(type);
    b.set("geometry", g);
    Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      var descriptor = type.getDescriptor(e.getKey());
      if (descriptor == null) {
        throw new IllegalArgumentException("unexpected property '" + e.getKey() + "'");
      }
      b.set(e.getKey(), value(e.getKey(), e.getValue(), descriptor.getType().getBinding()));
    }
    JsonNode id = node.get("id");
    return b.buildFeature(id != null && !id.isNull() ? id.asText() : "feature-" + index);
  }

  private static Object value(String name, JsonNode v, Class<?> binding) {
    if (v.isNull()) {
      return null;
    }
    if (binding == JsonNode.class) {
      return v;
    }
    if (binding == Double.class && v.isNumber()) {
      return v.asDouble();
    }
    if (bindingOf(v) != binding) {
      throw new IllegalArgumentException("property '" + name + "' should be " + binding.getSimpleName().toLowerCase()
          + " but is " + v.getNodeType().name().toLowerCase() + " " + v);
    }
    return switch (binding.getSimpleName()) {
      case "String" -> v.asText();
      case "Long" -> v.asLong();
      case "Boolean" -> v.asBoolean();
      default -> v;
    };
  }
}
