package org.incidentatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepresentationTest {
  static final String CHROMIUM = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";
  static final String FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @Test
  void browsersGetHtml() {
    assertEquals(Representation.HTML, Representation.choose(null, CHROMIUM));
    assertEquals(Representation.HTML, Representation.choose(null, FIREFOX));
    assertEquals(Representation.HTML, Representation.choose(null, "application/xhtml+xml"));
    assertEquals(Representation.HTML, Representation.choose(null, "application/json;q=0.5, TEXT/HTML"));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"*/*", "application/json", "application/geo+json, application/json;q=0.9, */*;q=0.1",
      "application/vnd.oai.openapi+json;version=3.0", "application/json, text/html", "text/html;q=0.5, application/json",
      "text/*", "text/html;q=x", "application/xml, application/*;q=0.1", ""})
  void everyOtherClientGetsJson(String accept) {
    assertEquals(Representation.JSON, Representation.choose(null, accept));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/xml", "text/csv", "image/png, image/*", "text/html;q=0", "application/json;q=0, text/plain"})
  void aClientThatAcceptsNeitherIsA406(String accept) {
    ApiException e = assertThrows(ApiException.class, () -> Representation.choose(null, accept));
    assertEquals(406, e.status());
    assertEquals("NotAcceptable", e.code());
    // f says what the client wants whatever its Accept header says.
    assertEquals(Representation.JSON, Representation.choose("json", accept));
  }

  @Test
  void fDecidesWhateverTheAcceptHeaderSays() {
    assertEquals(Representation.JSON, Representation.choose("json", CHROMIUM));
    assertEquals(Representation.JSON, Representation.choose("geojson", CHROMIUM));
    assertEquals(Representation.HTML, Representation.choose("html", "application/json"));
  }

  @Test
  void anFThatIsNotOfferedIsA400() {
    ApiException e = assertThrows(ApiException.class, () -> Representation.choose("xml", CHROMIUM));
    assertEquals(400, e.status());
    assertThrows(ApiException.class, () -> Representation.choose("HTML", null));
  }
}
