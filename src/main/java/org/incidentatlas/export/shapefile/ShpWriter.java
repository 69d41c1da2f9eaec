package org.incidentatlas.export.shapefile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes the .shp and its .shx index record by record. The headers hold the file length and the
 * extent, known only at the end: they are written as placeholders and filled in on {@link #close()}.
 * Sizes are counted in 16-bit words, as the format does. Polygon rings are turned as the format
 * wants them, outer rings clockwise and holes counter-clockwise.
 */
public final class ShpWriter implements AutoCloseable {
  private static final int HEADER_BYTES = 100;
  private static final int FILE_CODE = 9994;
  private static final int VERSION = 1000;
  /** .shp offsets are 32-bit counts of 16-bit words; readers such as GDAL stop at 4 GiB. */
  static final long MAX_BYTES = 0xFFFF_FFFFL;

  private final Path shp;
  private final Path shx;
  private final ShapeType type;
  private final OutputStream shpOut;
  private final OutputStream shxOut;
  private final Envelope extent = new Envelope();
  private long shpBytes = HEADER_BYTES;
  private int records;

  public ShpWriter(Path shp, Path shx, ShapeType type) throws IOException {
    this.shp = shp;
    this.shx = shx;
    this.type = type;
    this.shpOut = new BufferedOutputStream(Files.newOutputStream(shp), 1 << 16);
    this.shxOut = new BufferedOutputStream(Files.newOutputStream(shx), 1 << 16);
    shpOut.write(new byte[HEADER_BYTES]);
    shxOut.write(new byte[HEADER_BYTES]);
  }

  /** Appends one shape; an empty geometry becomes a null shape. */
  public void write(Geometry g) throws IOException {
    ByteBuffer content = g == null || g.isEmpty() ? nullShape() : switch (type) {
      case POINT -> point((Point) g);
      case MULTIPOINT -> multiPoint(g);
      case POLYLINE -> parts(lines(g), g.getEnvelopeInternal());
      case POLYGON -> parts(rings(g), g.getEnvelopeInternal());
      case NULL -> nullShape();
    };
    int contentBytes = content.position();
    if (shpBytes + 8 + contentBytes > MAX_BYTES) {
      throw new IOException("the layer does not fit into a shapefile's 4 GiB; download it as GeoPackage");
    }
    if (g != null && !g.isEmpty()) {
      extent.expandToInclude(g.getEnvelopeInternal());
    }
    ByteBuffer index = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
    index.putInt((int) (shpBytes / 2)).putInt(contentBytes / 2);
    shxOut.write(index.array());
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
    head.putInt(++records).putInt(contentBytes / 2);
    shpOut.write(head.array());
    shpOut.write(content.array(), 0, contentBytes);
    shpBytes += 8 + contentBytes;
  }

  private ByteBuffer nullShape() {
    return le(4).putInt(ShapeType.NULL.code);
  }

  private ByteBuffer point(Point p) {
    return le(20).putInt(type.code).putDouble(p.getX()).putDouble(p.getY());
  }

  private ByteBuffer multiPoint(Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    ByteBuffer b = le(40 + 16 * g.getNumGeometries()).putInt(type.code);
    box(b, e).putInt(g.getNumGeometries());
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Coordinate c = g.getGeometryN(i).getCoordinate();
      b.putDouble(c.x).putDouble(c.y);
    }
    return b;
  }

  /** PolyLine and Polygon share a layout: box, part count, point count, part starts, points. */
  private ByteBuffer parts(List<Coordinate[]> parts, Envelope e) {
    int points = parts.stream().mapToInt(p -> p.length).sum();
    ByteBuffer b = le(44 + 4 * parts.size() + 16 * points).putInt(type.code);
    box(b, e).putInt(parts.size()).putInt(points);
    int start = 0;
    for (Coordinate[] part : parts) {
      b.putInt(start);
      start += part.length;
    }
    for (Coordinate[] part : parts) {
      for (Coordinate c : part) {
        b.putDouble(c.x).putDouble(c.y);
      }
    }
    return b;
  }

  private static List<Coordinate[]> lines(Geometry g) {
    List<Coordinate[]> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      parts.add(((LineString) g.getGeometryN(i)).getCoordinates());
    }
    return parts;
  }

  private static List<Coordinate[]> rings(Geometry g) {
    List<Coordinate[]> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Polygon p = (Polygon) g.getGeometryN(i);
      parts.add(turned(p.getExteriorRing().getCoordinates(), false));
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        parts.add(turned(p.getInteriorRingN(h).getCoordinates(), true));
      }
    }
    return parts;
  }

  private static Coordinate[] turned(Coordinate[] ring, boolean counterClockwise) {
    if (ring.length < 4 || Orientation.isCCW(ring) == counterClockwise) {
      return ring;
    }
    Coordinate[] reversed = new Coordinate[ring.length];
    for (int i = 0; i < ring.length; i++) {
      reversed[i] = ring[ring.length - 1 - i];
    }
    return reversed;
  }

  private static ByteBuffer box(ByteBuffer b, Envelope e) {
    return b.putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() throws IOException {
    try (shpOut; shxOut) {
      shpOut.flush();
      shxOut.flush();
    }
    patchHeader(shp, shpBytes);
    patchHeader(shx, HEADER_BYTES + 8L * records);
  }

  private void patchHeader(Path file, long bytes) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
    h.order(ByteOrder.BIG_ENDIAN).putInt(FILE_CODE).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt((int) (bytes / 2));
    h.order(ByteOrder.LITTLE_ENDIAN).putInt(VERSION).putInt(type.code);
    Envelope e = extent.isNull() ? new Envelope(0, 0, 0, 0) : extent;
    box(h, e).putDouble(0).putDouble(0).putDouble(0).putDouble(0);
    h.flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(h, 0);
    }
  }
}
