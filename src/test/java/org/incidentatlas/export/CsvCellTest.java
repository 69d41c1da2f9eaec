package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvCellTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-1.5"})
  void textThatASpreadsheetWouldRunGetsALeadingApostrophe(String text) {
    assertEquals("'" + text, CsvCell.text(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ağdam", "2 (AZ military) claimed by X [S4]", " =1", "'quoted", "1.5"})
  void otherTextIsLeftAsItIs(String text) {
    assertEquals(text, CsvCell.text(text));
  }

  @Test
  void numbersFromNumericValuesStayNumbers() throws Exception {
    assertEquals("-1.5", CsvCell.of(JSON.readTree("-1.5")));
    assertEquals("-3", CsvCell.of(JSON.readTree("-3")));
  }

  @Test
  void theSameDigitsAsTextAreNeutralised() throws Exception {
    assertEquals("'-1.5", CsvCell.of(JSON.readTree("\"-1.5\"")));
  }

  @Test
  void listsAreNeutralisedByTheirFirstCharacter() throws Exception {
    assertEquals("'=cmd | b", CsvCell.of(JSON.readTree("[\"=cmd\", \"b\"]")));
    assertEquals("", CsvCell.of(JSON.readTree("null")));
  }
}
