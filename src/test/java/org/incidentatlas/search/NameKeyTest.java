package org.incidentatlas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two keys names are compared by: the strict fold and the romanisation-tolerant variant. */
class NameKeyTest {

  @ParameterizedTest(name = "fold({0}) = {1}")
  @CsvSource(delimiter = '|', value = {
      "Dondar Quşçu | dondar quscu",
      "DONDAR QUŞÇU | dondar quscu",
      "Ağdam | agdam",
      "Агдам | agdam",
      "Աղդամ | aghdam",
      "აღდამი | aghdami",
      "Այգեպար | aygepar",
      "Айгепар | aygepar",
      "Əlibəyli | alibayli",
      "İsmayıllı | ismayilli",
      "Agʻdam | agdam",
      "K’anak’erravan | kanakerravan",
      "Ներքին Կարմիրաղբյուր | nerkin karmiraghbyur",
      "Дондар-Кушчу | dondar kushchu",
      "'  Dondar   Quşçu  ' | dondar quscu",
      "TT2020-0005 | tt2020 0005",
  })
  void foldRomanisesEveryScriptToLowerCaseAsciiWords(String name, String folded) {
    assertEquals(folded, NameKey.fold(name));
  }

  @ParameterizedTest(name = "fold({0}) is empty")
  @CsvSource(delimiter = '|', value = {"''", "' '", "'-–,.'", "'‘’'"})
  void aNameWithoutLettersOrDigitsFoldsToNothing(String name) {
    assertEquals("", NameKey.fold(name));
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource(delimiter = '|', value = {
      "Dondar Quşçu | Dondar Kuscu",           // q/k, ş/s, ç/c
      "Dondar Quşçu | Dondar Qushchu",         // ş/sh, ç/ch
      "Dondar Quşçu | Dondar Kuschtschu",      // ş/sch, ç/tsch (German)
      "Dondar Quşçu | Дондар Кущу",            // щ = shch = ş + ç
      "Ağdam | Aghdam",                        // ğ/gh
      "Ağdam | Агдам",
      "Mosesgekh | Mosesgex",                  // kh/x
      "Mosesgekh | Мосесгех",
      "Şuşa | Shusha",
      "Şuşa | Шуша",
      "Çinarlı | Chinarli",                    // ç/ch, ı/i
      "Khojaly | Ходжалы",                     // j/dzh
      "Zhdanov | Jdanov",                      // zh/j
      "Əlibəyli | Alibeyli",                   // ə/a/e, y/i
      "Əlibəyli | Elibeyli",
      "Aygepar | Aigepar",                     // y/i
      "Vartashen | Wartaschen",                // w/v, sh/sch
      "İsmayıllı | Ismayili",                  // doubled letters
  })
  void variantsOfOneNameShareTheVariantKey(String name, String variant) {
    assertEquals(NameKey.variant(name), NameKey.variant(variant));
  }

  @ParameterizedTest(name = "{0} !~ {1}")
  @CsvSource(delimiter = '|', value = {
      "Ağdam | Ağdaş",
      "Berd | Berdavan",
      "Tovuz | Tavush",
  })
  void differentNamesKeepDifferentVariantKeys(String name, String other) {
    assertNotEquals(NameKey.variant(name), NameKey.variant(other));
  }
}
