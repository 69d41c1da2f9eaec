package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.incidentatlas.build.Geodata;

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
    Files.createDirectories(geodata);
    for (String f : Geodata.FILES) {
      Files.copy(TestAtlas.GEODATA.resolve(f), geodata.resolve(f));
    }
    Path file = geodata.resolve("incidents.geojson");
    ObjectNode collection = (ObjectNode) TestAtlas.JSON.readTree(file.toFile());
    ArrayNode features = (ArrayNode) collection.get("features");
    ObjectNode hostile = null;
    for (JsonNode f : features) {
      if ("shelling".equals(f.get("properties").get("event_type").asText())) {
        hostile = f.deepCopy();
        break;
      }
    }
    hostile.put("id", ID);
    ObjectNode p = (ObjectNode) hostile.get("properties");
    p.put("id", ID);
    p.put("notes", NOTES);
    ((ObjectNode) p.get("sources").get(0)).put("publisher", PUBLISHER);
    features.add(hostile);
    TestAtlas.JSON.writeValue(file.toFile(), collection);
    return geodata;
  }
}
