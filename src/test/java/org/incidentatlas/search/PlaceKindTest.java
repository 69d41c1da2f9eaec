package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule that makes a GeoNames place a village, a town or a city. */
class PlaceKindTest {
  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "PPL,    -,       village",
      "PPL,    4999,    village",
      "PPLW,   -,       village",
      "PPL,    5000,    town",
      "PPLA,   -,       town",
      "PPLA2,  1200,    town",
      "PPL,    99999,   town",
      "PPLA,   100000,  city",
      "PPLC,   -,       city",
      "-,      -,       village"})
  void featureCodeAndPopulationMakeTheKind(String code, Long population, String kind) {
    assertEquals(kind, PlaceKind.of(code, population).label());
  }
}
