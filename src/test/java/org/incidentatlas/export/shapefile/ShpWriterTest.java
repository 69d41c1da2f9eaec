package org.incidentatlas.export.shapefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.WKTReader;

class ShpWriterTest {
  @TempDir
  Path tmp;

  @Test
  void headersHoldTheFileLengthExtentAndTypeAndTheIndexPointsAtEachRecord() throws Exception {
    WKTReader wkt = new WKTReader();
    try (ShpWriter w = new ShpWriter(tmp.resolve("a.shp"), tmp.resolve("a.shx"), ShapeType.POINT)) {
      w.write(wkt.read("POINT (45.1 40.9)"));
      w.write(wkt.read("POINT EMPTY"));
      w.write(wkt.read("POINT (46 41.5)"));
    }
    ByteBuffer shp = read("a.shp");
    ByteBuffer shx = read("a.shx");
    assertEquals(9994, shp.order(ByteOrder.BIG_ENDIAN).getInt(0));
    assertEquals(shp.capacity() / 2, shp.getInt(24));
    assertEquals(1000, shp.order(ByteOrder.LITTLE_ENDIAN).getInt(28));
    assertEquals(1, shp.getInt(32));
    assertEquals(45.1, shp.getDouble(36));
    assertEquals(40.9, shp.getDouble(44));
    assertEquals(46, shp.getDouble(52));
    assertEquals(41.5, shp.getDouble(60));
    assertEquals(100 + 3 * 8, shx.capacity());
    assertEquals(shx.capacity() / 2, shx.order(ByteOrder.BIG_ENDIAN).getInt(24));
    // Records: point (8 + 20 bytes), null shape (8 + 4), point.
    int[] offsets = {100, 128, 140};
    int[] lengths = {20, 4, 20};
    for (int i = 0; i < 3; i++) {
      assertEquals(offsets[i] / 2, shx.order(ByteOrder.BIG_ENDIAN).getInt(100 + 8 * i));
      assertEquals(lengths[i] / 2, shx.getInt(104 + 8 * i));
      assertEquals(i + 1, shp.order(ByteOrder.BIG_ENDIAN).getInt(offsets[i]));
    }
    assertEquals(0, shp.order(ByteOrder.LITTLE_ENDIAN).getInt(128 + 8));
  }

  @Test
  void outerRingsRunClockwiseAndHolesCounterClockwise() throws Exception {
    // JTS writes this polygon's shell counter-clockwise and its hole clockwise: both are turned.
    String polygon = "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2)))";
    try (ShpWriter w = new ShpWriter(tmp.resolve("p.shp"), tmp.resolve("p.shx"), ShapeType.POLYGON)) {
      w.write(new WKTReader().read(polygon));
    }
    ByteBuffer shp = read("p.shp").order(ByteOrder.LITTLE_ENDIAN);
    int content = 108;
    assertEquals(5, shp.getInt(content));
    assertEquals(2, shp.getInt(content + 36));
    assertEquals(10, shp.getInt(content + 40));
    int points = content + 44 + 2 * 4;
    Coordinate[] shell = ring(shp, points, 5);
    Coordinate[] hole = ring(shp, points + 5 * 16, 5);
    assertFalse(Orientation.isCCW(shell), "shell must run clockwise");
    assertTrue(Orientation.isCCW(hole), "hole must run counter-clockwise");
  }

  private static Coordinate[] ring(ByteBuffer b, int at, int n) {
    Coordinate[] cs = new Coordinate[n];
    for (int i = 0; i < n; i++) {
      cs[i] = new Coordinate(b.getDouble(at + 16 * i), b.getDouble(at + 16 * i + 8));
    }
    return cs;
  }

  private ByteBuffer read(String name) throws Exception {
    return ByteBuffer.wrap(Files.readAllBytes(tmp.resolve(name)));
  }
}
