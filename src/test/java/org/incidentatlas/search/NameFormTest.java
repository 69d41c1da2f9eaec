package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a query matches one name: the kinds of match results are ranked by. */
class NameFormTest {
  private static Match match(String name, String query) {
    return NameForm.of(name).match(NameForm.of(query));
  }

  @ParameterizedTest(name = "{1} matches {0}: {2}")
  @CsvSource(delimiter = '|', value = {
      "Dondar Quşçu | dondar quscu   | EXACT",
      "Dondar Quşçu | Dondar-Quşçu   | EXACT",
      "Dondar Quşçu | DondarQuşçu    | EXACT",
      "Dondar Quşçu | Dondar Kuscu   | VARIANT",
      "Dondar Quşçu | Dond           | PREFIX",
      "Dondar Quşçu | Dondar Qu      | PREFIX",
      "Dondar Quşçu | Kuscu          | WORD_PREFIX",
      "Dondar Quşçu | Quş            | WORD_PREFIX",
      "Dondar Quşçu | ndar           | CONTAINS",
      "Dondar Quşçu | Dondra         | FUZZY",
      "Dondar Quşçu | Dondar Qusxu   | FUZZY",
      "Dondar Quşçu | Kusxu          | FUZZY",
      "Mosesgekh    | Mosesgek       | PREFIX",
  })
  void classifiesHowWellAQueryMatches(String name, String query, Match expected) {
    assertEquals(expected, match(name, query));
  }

  @Test
  void aShortQueryIsNotGuessedAt() {
    assertNull(match("Berd", "Berx"));
    assertNull(match("Dondar Quşçu", "nd"));
  }

  @Test
  void moreThanOneSlipIsNoMatch() {
    assertNull(match("Aygepar", "Aygxpxr"));
  }

  @Test
  void aNameWithoutLettersHasNoForm() {
    assertNull(NameForm.of("–"));
  }
}
