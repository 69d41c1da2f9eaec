package org.incidentatlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settlements of the border region for tests to place records at, found through an atlas's API
 * rather than chosen by hand, so that they stay right when the geodata changes.
 */
public final class BorderSettlements {
  /** The settlements of the border region, as the API serves them; the box is west,south,east,north. */
  private static final String REGION = "/api/collections/settlements/items?limit=1000&bbox=45.0,40.6,46.0,41.3";

  private BorderSettlements() {}

  /** The ids of the settlements that a served incident names or that are shelled villages. */
  public static Set<String> named(TestAtlas atlas) {
    Set<String> named = atlas.ids("shelled_villages");
    atlas.json(ApiClient.ITEMS + "?limit=10000").get("features").forEach(i -> named.add(i.at("/properties/place_id").asText()));
    return named;
  }

  /** The settlements of the border region that are not {@link #named}, in the order the API lists them. */
  public static List<JsonNode> free(TestAtlas atlas) {
    Set<String> named = named(atlas);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : atlas.json(REGION).get("features")) {
      if (!named.contains(s.get("id").asText())) {
        out.add(s);
      }
    }
    return out;
  }

  /** An Azerbaijani and an Armenian settlement less than 10 km apart, each inside its country. */
  public static JsonNode[] acrossTheBorder(TestAtlas atlas) {
    List<JsonNode> all = new ArrayList<>();
    atlas.json(REGION).get("features").forEach(all::add);
    for (JsonNode az : all) {
      for (JsonNode am : all) {
        if (az.at("/properties/country").asText().equals("AZ") && am.at("/properties/country").asText().equals("AM")
            && az.at("/properties/country_by_location").asText().equals("AZ")
            && am.at("/properties/country_by_location").asText().equals("AM")
            && km(az, am) < 10) {
          return new JsonNode[] {az, am};
        }
      }
    }
    throw new AssertionError("no settlements less than 10 km apart across the border");
  }

  /** The great-circle distance between two point features, in km. */
  public static double km(JsonNode a, JsonNode b) {
    double lat1 = Math.toRadians(a.at("/geometry/coordinates/1").asDouble());
    double lat2 = Math.toRadians(b.at("/geometry/coordinates/1").asDouble());
    double dLon = Math.toRadians(b.at("/geometry/coordinates/0").asDouble() - a.at("/geometry/coordinates/0").asDouble());
    double h = Math.pow(Math.sin((lat2 - lat1) / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }
}
