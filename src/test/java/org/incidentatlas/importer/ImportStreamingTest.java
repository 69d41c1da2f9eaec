package org.incidentatlas.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportStreamingTest {
  private static final int ROWS = 200_000;
  private static final long READ_AHEAD = 64 * 1024;

  @TempDir
  Path dir;

  @Test
  void aCsvOf200000RowsIsReadRowByRowWithoutKeepingThem() throws IOException {
    List<String> fixture = Files.readAllLines(Fixtures.file("acled-tovuz-2020.csv"));
    Path file = dir.resolve("acled-large.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write(fixture.get(0));
      w.newLine();
      for (int i = 0; i < ROWS; i++) {
        w.write(acledRow(fixture.get(1), i));
        w.newLine();
      }
    }
    long before = usedHeapAfterGc();
    long[] seen = new long[3];
    ImportFormat.detect(file).read(file, r -> {
      seen[0]++;
      seen[1] = r.line();
      if (r instanceof ImportProblem p) {
        throw new AssertionError(p.toString());
      }
      if (seen[0] == ROWS) {
        seen[2] = usedHeapAfterGc() - before;
      }
    });
    assertEquals(ROWS, seen[0]);
    assertEquals(ROWS + 1, seen[1], "the last row is on the last line");
    // The mapped rows take well over a gigabyte together; a reader that kept them would show it.
    assertTrue(seen[2] < 100L * 1024 * 1024, "heap grew by " + seen[2] / 1024 / 1024 + " MB while reading");
  }

  @Test
  void theCsvReaderNeverRunsFarAheadOfTheRowItHandsOn() throws IOException {
    List<String> fixture = Files.readAllLines(Fixtures.file("ucdp-ged-tovuz-2020.csv"));
    String header = fixture.get(0) + "\n";
    String template = fixture.get(1);
    IntFunction<String> row = i -> String.format("%07d", i) + template.substring(template.indexOf(',')) + "\n";
    int rowLength = row.apply(0).length();
    CountingReader in = new CountingReader(header, row, ROWS);
    long[] handed = {0};
    new UcdpGedReader().read("generated.csv", in, r -> {
      handed[0]++;
      long through = header.length() + handed[0] * rowLength;
      assertTrue(in.served - through < READ_AHEAD, "read " + (in.served - through) + " characters ahead at row " + handed[0]);
    });
    assertEquals(ROWS, handed[0]);
  }

  @Test
  void theGeoJsonReaderHoldsOneFeatureAtATime() throws IOException {
    String feature = Files.readString(Fixtures.file("incidents-import.geojson"));
    String one = feature.substring(feature.indexOf("    {"), feature.indexOf("\n    },") + 6).replace("\n", " ");
    String header = "{\"type\": \"FeatureCollection\", \"features\": [\n";
    int count = 20_000;
    IntFunction<String> part = i -> i < count ? (i == 0 ? "" : ",\n") + one : "\n]}\n";
    CountingReader chars = new CountingReader(header, part, count + 1);
    long[] handed = {0};
    new GeoJsonFeatureReader().read("generated.geojson", chars.asAsciiStream(), r -> {
      handed[0]++;
      assertEquals(handed[0] + 1, r.line(), "one feature per line");
      long through = header.length() + handed[0] * (one.length() + 2);
      assertTrue(chars.served - through < READ_AHEAD, "read " + (chars.served - through) + " bytes ahead");
    });
    assertEquals(count, handed[0]);
  }

  private static String acledRow(String template, int i) {
    return String.format("AZE%07d", i) + template.substring(template.indexOf(','));
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Text made on demand, part by part, counting how much of it has been read. */
  private static final class CountingReader extends Reader {
    private final IntFunction<String> parts;
    private final int count;
    private String current;
    private int next;
    private int pos;
    long served;

    CountingReader(String first, IntFunction<String> parts, int count) {
      this.current = first;
      this.parts = parts;
      this.count = count;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      while (current != null && pos == current.length()) {
        current = next < count ? parts.apply(next++) : null;
        pos = 0;
      }
      if (current == null) {
        return -1;
      }
      int n = Math.min(len, current.length() - pos);
      current.getChars(pos, pos + n, buf, off);
      pos += n;
      served += n;
      return n;
    }

    /** The same text as bytes; the generated text is ASCII, so a byte is a character. */
    InputStream asAsciiStream() {
      return new InputStream() {
        private final char[] one = new char[1];

        @Override
        public int read() {
          return CountingReader.this.read(one, 0, 1) < 0 ? -1 : (byte) one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          char[] c = new char[len];
          int n = CountingReader.this.read(c, 0, len);
          for (int i = 0; i < n; i++) {
            b[off + i] = (byte) c[i];
          }
          return n;
        }
      };
    }

    @Override
    public void close() {}
  }
}
