package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.incidentatlas.TestAtlas;
import org.junit.jupiter.api.Test;

/**
 * Every distance to the border is served with the border's own position uncertainty, and never
 * with more digits than a tenth of a kilometre.
 */
class BorderUncertaintyApiTest {
  private static final int PAGE = 5000;
  private final TestAtlas atlas = TestAtlas.shared();

  private List<JsonNode> all(String layer) {
    List<JsonNode> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonNode page = atlas.json("/api/collections/" + layer + "/items?limit=" + PAGE + "&offset=" + offset).get("features");
      page.forEach(out::add);
      if (page.size() < PAGE) {
        return out;
      }
    }
  }

  private double borderUncertaintyKm() {
    List<JsonNode> border = all("border");
    assertEquals(1, border.size());
    JsonNode u = border.get(0).at("/properties/position_uncertainty_km");
    assertTrue(u.isNumber() && u.asDouble() > 0, "position_uncertainty_km: " + u);
    return u.asDouble();
  }

  @Test
  void everyDistanceToTheBorderCarriesTheBordersUncertaintyToATenthOfAKilometre() {
    double uncertainty = borderUncertaintyKm();
    for (String layer : List.of("incidents", "border_clashes", "settlements", "shelled_villages")) {
      List<JsonNode> features = all(layer);
      assertTrue(!features.isEmpty() || layer.equals("border_clashes"), layer + " has features");
      for (JsonNode f : features) {
        String what = layer + " " + f.get("id").asText();
        JsonNode km = f.at("/properties/border_distance_km");
        assertTrue(km.isNumber(), what + ": border_distance_km " + km);
        assertTrue(new BigDecimal(km.asText()).stripTrailingZeros().scale() <= 1, what + ": " + km.asText());
        JsonNode u = f.at("/properties/border_distance_uncertainty_km");
        assertTrue(u.isNumber(), what + ": border_distance_uncertainty_km " + u);
        assertEquals(uncertainty, u.asDouble(), 0, what);
      }
    }
  }

  @Test
  void theUncertaintyIsAQueryableOfEveryLayerThatHasDistances() {
    for (String layer : List.of("incidents", "settlements", "shelled_villages")) {
      JsonNode q = atlas.json("/api/collections/" + layer + "/queryables").get("properties");
      assertTrue(q.has("border_distance_km") && q.has("border_distance_uncertainty_km"), layer + ": " + q);
    }
    assertTrue(atlas.json("/api/collections/border/queryables").get("properties").has("position_uncertainty_km"));
  }

  @Test
  void searchHitsCarryTheUncertaintyOfTheirSettlement() {
    double uncertainty = borderUncertaintyKm();
    JsonNode places = atlas.json("/api/search?q=a&limit=20").get("places");
    assertTrue(places.size() > 0);
    for (JsonNode hit : places) {
      JsonNode settlement = atlas.json("/api/collections/settlements/items/"
          + URLEncoder.encode(hit.get("id").asText(), StandardCharsets.UTF_8)).get("properties");
      assertEquals(settlement.get("border_distance_km").asDouble(), hit.get("borderDistanceKm").asDouble(), 0);
      assertEquals(uncertainty, hit.get("borderDistanceUncertaintyKm").asDouble(), 0, hit.toString());
    }
  }
}
