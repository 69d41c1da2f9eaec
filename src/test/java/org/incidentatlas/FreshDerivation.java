package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.derive.PublishedRecords;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.Layer;

/**
 * The layers a server serves against those a fresh build derives from the same records and
 * geodata: the layers that follow the records must equal a build, however many changes they
 * were brought through.
 */
public final class FreshDerivation {
  /** The layers derived from the records. */
  public static final List<String> DERIVED = List.of("incidents", "border_clashes", "shelled_villages", "exposure_zones");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FreshDerivation() {}

  /**
   * What the derived layers served at {@code baseUrl} hold that a fresh build from the records of
   * {@code config} (on either engine) does not, and the reverse; the build is written into the
   * embedded store under {@code scratch}.
   */
  public static List<String> differences(AtlasConfig config, String baseUrl, Path scratch) throws Exception {
    Path fresh = Files.createTempDirectory(scratch, "fresh");
    SourceReport report = new SourceReport();
    Derivation derivation = new Derivation(Geodata.read(TestAtlas.GEODATA, report));
    try (RecordsDb db = RecordsDb.open(config)) {
      PublishedRecords records = PublishedRecords.read(new IncidentRecords(db), report);
      List<Layer> layers = derivation.layers(records, report);
      AtlasBuild.write(layers, TestAtlas.GEODATA, fresh, report);
    }
    List<String> out = new ArrayList<>();
    try (AtlasStore store = AtlasStore.open(fresh)) {
      for (String layer : DERIVED) {
        Map<String, JsonNode> expected = new HashMap<>();
        store.stream(store.layer(layer).orElseThrow(), FeatureQuery.all(), f -> {
          ObjectNode feature = TestAtlas.JSON.createObjectNode();
          feature.set("geometry", TestAtlas.JSON.readTree(f.geometry()));
          feature.set("properties", TestAtlas.JSON.readTree(f.properties()));
          expected.put(f.id(), feature);
        });
        Map<String, JsonNode> served = new HashMap<>();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl
            + "/api/collections/" + layer + "/items?limit=10000")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode f : TestAtlas.JSON.readTree(r.body()).get("features")) {
          ObjectNode feature = TestAtlas.JSON.createObjectNode();
          feature.set("geometry", f.get("geometry"));
          feature.set("properties", f.get("properties"));
          served.put(f.get("id").asText(), feature);
        }
        for (String id : served.keySet()) {
          if (!expected.containsKey(id)) {
            out.add(layer + " serves " + id + ", which a derivation from the records does not have");
          } else if (!expected.get(id).equals(served.get(id))) {
            out.add(layer + " serves " + id + " otherwise than a derivation from the records: " + served.get(id)
                + " instead of " + expected.get(id));
          }
        }
        for (String id : expected.keySet()) {
          if (!served.containsKey(id)) {
            out.add(layer + " lacks " + id + ", which a derivation from the records has");
          }
        }
      }
    } finally {
      TestAtlas.deleteTree(fresh);
    }
    return out;
  }
}
