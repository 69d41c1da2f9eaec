package org.incidentatlas.export.shapefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DbfFieldNamesTest {
  @Test
  void shortNamesStayAndKnownLongNamesGetTheirDocumentedShortName() {
    assertEquals(List.of("notes", "loc_prec", "bdr", "nearest_id"),
        DbfFieldNames.of(List.of("notes", "location_precision", "bdr", "nearest_settlement_id"), List.of("id")));
  }

  @Test
  void otherLongNamesAreFoldedToAsciiCutAndNumberedWhenTaken() {
    assertEquals(List.of("something_", "somethin_1", "Agdam_yer", "field", "ID_1"),
        DbfFieldNames.of(List.of("something_long", "something_longer", "Ağdam yer", "ՄՈՎ", "ID"), List.of("id")));
  }

  @Test
  void everyShortNameIsAValidDistinctFieldName() {
    Set<String> seen = new HashSet<>();
    for (String name : DbfFieldNames.SHORT.values()) {
      assertTrue(name.matches("[a-z][a-z0-9_]{0,9}"), name);
      assertTrue(seen.add(name.toLowerCase(Locale.ROOT)), "twice: " + name);
    }
    DbfFieldNames.SHORT.keySet().forEach(p -> assertTrue(p.length() > DbfFieldNames.MAX_LENGTH, p + " needs no short name"));
  }
}
