package org.incidentatlas.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.incident.Incident;

/**
 * Reads a GeoJSON FeatureCollection whose features are already in the write format, feature by
 * feature with Jackson's streaming parser, so that only one feature is in memory at a time.
 *
 * <p>A feature's properties pass through as they are, without {@code external_id}, which becomes the
 * row's dataset and id; without it, the feature's {@code id} is the id and the dataset is
 * {@code geojson}. This reader checks only what it needs to hand a feature on — a Point, an id, a
 * date and an event type the atlas records; the validator checks the rest.
 */
final class GeoJsonFeatureReader implements ImportReader {
  static final String DATASET = "geojson";
  private static final ObjectMapper JSON = new ObjectMapper();
  // The records database keeps a dataset in 16 characters and an id in 128.
  private static final Pattern EXTERNAL_ID = Pattern.compile("([A-Za-z0-9_-]{1,16}):(\\S.{0,127})");

  @Override
  public void read(Path file, Consumer<? super ImportResult> sink) {
    CsvDatasetReader.requireFile(file);
    try (InputStream in = Files.newInputStream(file)) {
      read(file.toString(), in, sink);
    } catch (IOException e) {
      throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads GeoJSON from {@code in}; {@code file} names it in results and errors. */
  void read(String file, InputStream in, Consumer<? super ImportResult> sink) {
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ImportException(file + ":line 1: expected a GeoJSON FeatureCollection object");
      }
      boolean features = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        long line = p.currentTokenLocation().getLineNr();
        switch (field) {
          case "type" -> {
            if (!"FeatureCollection".equals(p.getValueAsString())) {
              throw new ImportException(file + ":line " + line + ": type is '" + p.getText()
                  + "', expected a FeatureCollection");
            }
          }
          case "crs" -> checkCrs(file, line, p.readValueAsTree());
          case "features" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new ImportException(file + ":line " + line + ": features is not an array");
            }
            features = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              long start = p.currentTokenLocation().getLineNr();
              JsonNode node = p.readValueAsTree();
              sink.accept(map(file, start, node));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (!features) {
        throw new ImportException(file + ": has no 'features' array");
      }
    } catch (JsonProcessingException e) {
      // Past a syntax error there is no telling where the next feature starts.
      throw new ImportException(file + ":line " + e.getLocation().getLineNr() + ": not valid JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void checkCrs(String file, long line, JsonNode crs) {
    String name = crs == null ? "" : crs.path("properties").path("name").asText();
    if (!name.endsWith("CRS84") && !name.endsWith("4326")) {
      throw new ImportException(file + ":line " + line + ": declares crs '" + name
          + "'; import reads WGS84 longitude/latitude (RFC 7946) only");
    }
  }

  private static ImportResult map(String file, long line, JsonNode node) {
    if (node == null || !node.isObject() || !"Feature".equals(node.path("type").asText())) {
      String type = node != null && node.isObject() ? "type '" + node.path("type").asText() + "'" : "not an object";
      return new ImportProblem(file, line, "is not a GeoJSON Feature (" + type + ")");
    }
    List<String> problems = new ArrayList<>();
    double[] point = point(node.get("geometry"), problems);
    JsonNode properties = node.get("properties");
    String[] id = null;
    if (properties == null || !properties.isObject()) {
      problems.add("properties is missing: the feature's fields are its properties");
    } else {
      id = id(node, properties, problems);
      date(properties, problems);
      eventType(properties, problems);
    }
    if (!problems.isEmpty()) {
      return new ImportProblem(file, line, String.join("; ", problems));
    }
    ObjectNode copy = ((ObjectNode) properties).deepCopy();
    copy.remove("external_id");
    return new ImportRow(file, line, id[0], id[1], WriteFormat.feature(point[0], point[1], copy));
  }

  private static double[] point(JsonNode geometry, List<String> problems) {
    if (geometry == null || geometry.isNull()) {
      problems.add("geometry is missing: an incident needs a Point");
      return null;
    }
    String type = geometry.path("type").asText();
    if (!type.equals("Point")) {
      problems.add("geometry is a " + (type.isEmpty() ? "geometry without type" : type) + ", not a Point");
      return null;
    }
    JsonNode c = geometry.get("coordinates");
    if (c == null || !c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
      problems.add("geometry coordinates " + c + " are not [longitude, latitude] numbers");
      return null;
    }
    return new double[] {c.get(0).asDouble(), c.get(1).asDouble()};
  }

  /** {@code [dataset, id]}. */
  private static String[] id(JsonNode feature, JsonNode properties, List<String> problems) {
    JsonNode external = properties.get("external_id");
    if (external != null && !external.isNull()) {
      Matcher m = EXTERNAL_ID.matcher(external.asText().trim());
      if (!external.isTextual() || !m.matches()) {
        problems.add("external_id " + external + " is not 'dataset:id' (e.g. acled:ARM123), with a dataset of"
            + " up to 16 letters, digits, - or _ and an id of up to 128 characters");
        return null;
      }
      return new String[] {m.group(1).toLowerCase(Locale.ROOT), m.group(2)};
    }
    JsonNode id = feature.get("id");
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
      problems.add("the feature has no id: neither properties.external_id nor a feature id");
      return null;
    }
    return new String[] {DATASET, id.asText()};
  }

  private static void date(JsonNode properties, List<String> problems) {
    JsonNode date = properties.get("date");
    if (date == null || date.isNull() || date.asText().isBlank()) {
      problems.add("date is missing");
      return;
    }
    try {
      LocalDate.parse(date.asText());
    } catch (DateTimeParseException e) {
      problems.add("date " + date + " is not a date YYYY-MM-DD");
    }
  }

  private static void eventType(JsonNode properties, List<String> problems) {
    JsonNode type = properties.get("event_type");
    if (type == null || type.isNull()) {
      problems.add("event_type is missing");
    } else if (!Incident.EVENT_TYPES.contains(type.asText())) {
      problems.add("event_type " + type + " is not recorded by the atlas, which records " + Incident.EVENT_TYPES);
    }
  }
}
