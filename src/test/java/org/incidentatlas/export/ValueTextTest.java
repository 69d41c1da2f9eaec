package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ValueTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String text(String json) throws Exception {
    return ValueText.of(JSON.readTree(json));
  }

  @Test
  void claimsReadAsFigureSideGroupClaimantAndSource() throws Exception {
    assertEquals("2 (AZ military) claimed by Ministry of Defence of Azerbaijan [S4]; 3 (AZ military) claimed by Armedia [S3]",
        text("""
            [{"group": "military", "side": "AZ", "count": 2, "claimed_by": "Ministry of Defence of Azerbaijan", "source": "S4"},
             {"group": "military", "side": "AZ", "count": 3, "claimed_by": "Armedia", "source": "S3"}]"""));
  }

  @Test
  void sourcesReadAsIdPublisherDateAndAddressLeavingOutWhatIsUnknown() throws Exception {
    assertEquals("S1: Wire report, 2020-07; S2: JAMnews, 2020-07, https://jam-news.net/x", text("""
        [{"id": "S1", "publisher": "Wire report", "date": "2020-07", "url": null, "language": "de", "quote": "..."},
         {"id": "S2", "publisher": "JAMnews", "date": "2020-07", "url": "https://jam-news.net/x", "quote": "..."}]"""));
  }

  @Test
  void actorsReadWithTheirSideAndRole() throws Exception {
    assertEquals("Military Forces of Armenia (AM, actor1); Wire report (claimant)", text("""
        [{"name": "Military Forces of Armenia", "side": "AM", "role": "actor1"},
         {"name": "Wire report", "side": null, "role": "claimant"}]"""));
  }

  @Test
  void otherListsAreJoinedByABarAndKeepEveryScript() throws Exception {
    assertEquals("Ağdam | Агдам | Աղդամ", text("[\"Ağdam\", \"Агдам\", \"Աղդամ\"]"));
    assertEquals("", text("[]"));
  }

  @Test
  void otherObjectsReadAsKeyValuePairs() throws Exception {
    assertEquals("a: 1, b: x | y", text("{\"a\": 1, \"b\": [\"x\", \"y\"], \"c\": null}"));
  }

  @Test
  void numbersArePlainDecimalsAndNullStaysNull() throws Exception {
    assertEquals("0.00001", text("1.0E-5"));
    assertEquals("-1.5", text("-1.5"));
    assertEquals("77.0", text("77.0"));
    assertEquals("5000", text("5000"));
    assertNull(text("null"));
    JsonNode missing = JSON.createObjectNode().get("nothing");
    assertNull(ValueText.of(missing));
  }
}
