package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A copy of the project's geodata plus one shelling record whose notes and first source's
 * publisher carry markup and script: every page that shows them must show them as text.
 */
public final class HostileRecord {
  public static final String ID = "TT2020-0999";
  public static final String NOTES = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script> & <b>bold</b>";
  public static final String PUBLISHER = "<a href=\"javascript:window.__pwned='link'\">Publisher</a>";

  private HostileRecord() {}

  /** Writes the geodata with the hostile record into {@code geodata} and returns it. */
  public static Path geodata(Path geodata) throws IOException {
    return withIncident(geodata, ID, f -> "shelling".equals(f.get("properties").get("event_type").asText()), p -> {
      p.put("notes", NOTES);
      ((ObjectNode) p.get("sources").get(0)).put("publisher", PUBLISHER);
    });
  }

  /**
   * A copy of the project's geodata in {@code geodata} with one more incident: a copy of the first
   * that {@code template} accepts, under {@code id}, its properties changed by {@code edit}.
   */
  public static Path withIncident(Path geodata, String id, Predicate<JsonNode> template, Consumer<ObjectNode> edit)
      throws IOException {
    TestAtlas.copyGeodata(geodata);
    Path file = geodata.resolve("incidents.geojson");
    ObjectNode collection = (ObjectNode) TestAtlas.JSON.readTree(file.toFile());
    ArrayNode features = (ArrayNode) collection.get("features");
    ObjectNode copy = null;
    for (JsonNode f : features) {
      if (template.test(f)) {
        copy = f.deepCopy();
        break;
      }
    }
    copy.put("id", id);
    ObjectNode p = (ObjectNode) copy.get("properties");
    p.put("id", id);
    edit.accept(p);
    features.add(copy);
    TestAtlas.JSON.writeValue(file.toFile(), collection);
    return geodata;
  }
}
