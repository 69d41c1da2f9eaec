package org.incidentatlas.export.shapefile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbfWriterTest {
  @TempDir
  Path tmp;

  @Test
  void cuttingUtf8NeverSplitsACharacter() {
    // "Մ" is 2 bytes, "€" 3, "😀" 4: a cut inside any of them steps back to its start.
    byte[] text = "aՄ€😀".getBytes(StandardCharsets.UTF_8);
    assertEquals("a", utf8(DbfWriter.cut(text, 2)));
    assertEquals("aՄ", utf8(DbfWriter.cut(text, 3)));
    assertEquals("aՄ", utf8(DbfWriter.cut(text, 5)));
    assertEquals("aՄ€", utf8(DbfWriter.cut(text, 6)));
    assertEquals("aՄ€", utf8(DbfWriter.cut(text, 9)));
    assertEquals("aՄ€😀", utf8(DbfWriter.cut(text, 10)));
  }

  @Test
  void fieldsGetTheWidthTheirValuesNeedAndLongTextIsCutTo254Bytes() throws Exception {
    // 13 bytes each, 390 in all: the cut at 254 falls inside a 2-byte letter, so 253 bytes remain.
    String armenian = "Մովսես ".repeat(30);
    DbfWriter.Result r = write(List.of(
            new DbfWriter.Column("name", DbfWriter.Kind.TEXT), new DbfWriter.Column("n", DbfWriter.Kind.INTEGER),
            new DbfWriter.Column("km", DbfWriter.Kind.DECIMAL), new DbfWriter.Column("day", DbfWriter.Kind.DATE),
            new DbfWriter.Column("ok", DbfWriter.Kind.LOGICAL)),
        Arrays.asList("Ağdam", "-12", "0.0", "2020-07-12", "true"),
        Arrays.asList(armenian, "5000", "1.91", null, null));
    assertEquals(List.of(new DbfWriter.FieldDef("name", 'C', 253, 0), new DbfWriter.FieldDef("n", 'N', 4, 0),
        new DbfWriter.FieldDef("km", 'N', 4, 2), new DbfWriter.FieldDef("day", 'D', 8, 0),
        new DbfWriter.FieldDef("ok", 'L', 1, 0)), r.fields());
    assertArrayEquals(new int[] {1, 0, 0, 0, 0}, r.truncated());

    ByteBuffer dbf = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("t.dbf"))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(2, dbf.getInt(4));
    int headerLength = dbf.getShort(8);
    int recordLength = dbf.getShort(10);
    assertEquals(32 + 5 * 32 + 1, headerLength);
    assertEquals(1 + 253 + 4 + 4 + 8 + 1, recordLength);
    String first = latin1(dbf.array(), headerLength, recordLength);
    assertEquals(" ", first.substring(0, 1));
    assertEquals("Ağdam", utf8(Arrays.copyOfRange(dbf.array(), headerLength + 1, headerLength + 1 + 6)));
    assertEquals(" -12" + "0.00" + "20200712" + "T", first.substring(1 + 253));
    String second = latin1(dbf.array(), headerLength + recordLength, recordLength);
    assertEquals("5000" + "1.91" + "        " + "?", second.substring(1 + 253));
    byte[] cut = Arrays.copyOfRange(dbf.array(), headerLength + recordLength + 1, headerLength + recordLength + 1 + 253);
    assertFalse(utf8(cut).contains("\uFFFD"), "cut inside a character");
    assertEquals(0x1A, dbf.get(headerLength + 2 * recordLength));
  }

  @Test
  void aColumnAskedForAsNumberOrDateThatHoldsOtherValuesIsWrittenAsText() throws Exception {
    DbfWriter.Result r = write(List.of(new DbfWriter.Column("n", DbfWriter.Kind.INTEGER),
            new DbfWriter.Column("day", DbfWriter.Kind.DATE)),
        Arrays.asList("12", "2020-07-12"), Arrays.asList("twelve", "July"));
    assertEquals(List.of(new DbfWriter.FieldDef("n", 'C', 6, 0), new DbfWriter.FieldDef("day", 'C', 10, 0)), r.fields());
  }

  @Test
  void theStagingFileIsGoneAfterwards() throws Exception {
    write(List.of(new DbfWriter.Column("a", DbfWriter.Kind.TEXT)), Arrays.asList("x"));
    assertEquals(List.of(tmp.resolve("t.dbf")), Files.list(tmp).toList());
  }

  @SafeVarargs
  private DbfWriter.Result write(List<DbfWriter.Column> columns, List<String>... rows) throws Exception {
    try (DbfWriter w = new DbfWriter(tmp.resolve("staging"), columns)) {
      for (List<String> row : rows) {
        w.add(row);
      }
      return w.finish(tmp.resolve("t.dbf"), LocalDate.of(2026, 1, 2));
    }
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String latin1(byte[] b, int from, int length) {
    return new String(b, from, length, StandardCharsets.ISO_8859_1);
  }
}
