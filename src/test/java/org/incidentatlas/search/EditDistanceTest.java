package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

  @Test
  void countsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, EditDistance.between("aygepar", "aygepar", 2));
    assertEquals(1, EditDistance.between("aygepar", "aygepat", 2));
    assertEquals(1, EditDistance.between("aygepar", "aygeparr", 2));
    assertEquals(1, EditDistance.between("aygepar", "ygepar", 2));
    assertEquals(3, EditDistance.between("kitten", "sitting", 3));
  }

  @Test
  void aSwapOfNeighboursIsOneEdit() {
    assertEquals(1, EditDistance.between("dondra", "dondar", 2));
  }

  @Test
  void givesUpPastTheBound() {
    assertEquals(2, EditDistance.between("tovuz", "berd", 1));
    assertEquals(2, EditDistance.between("a", "abcdef", 1));
    assertEquals(3, EditDistance.between("mosesgegh", "mosesgxyz", 2));
  }

  @Test
  void measuresAgainstTheClosestBeginningOfTheName() {
    assertEquals(0, EditDistance.toPrefix("donda", "dondarkuscu", 1));
    assertEquals(1, EditDistance.toPrefix("dondra", "dondarkuscu", 1));
    assertEquals(1, EditDistance.toPrefix("dontar", "dondarkuscu", 1));
    assertEquals(2, EditDistance.toPrefix("kuscu", "dondarkuscu", 1));
    assertEquals(1, EditDistance.toPrefix("agdamm", "agdam", 1));
  }
}
