package org.incidentatlas.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/**
 * Geometries as GeoPackageBinary (OGC 12-128r18, 2.1.3): the "GP" header with version, flags,
 * SRS id and envelope, then the geometry as standard little-endian 2D WKB from JTS. Points carry
 * no envelope, as their coordinates are their envelope; an empty geometry is flagged as such.
 */
final class GeoPackageBinary {
  private static final byte VERSION_1 = 0;
  private static final int FLAG_LITTLE_ENDIAN = 1;
  private static final int FLAG_ENVELOPE_XY = 1 << 1;
  private static final int FLAG_EMPTY = 1 << 4;

  private final WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
  private final int srsId;

  GeoPackageBinary(int srsId) {
    this.srsId = srsId;
  }

  byte[] encode(Geometry g) {
    byte[] body = wkb.write(g);
    boolean envelope = !g.isEmpty() && !(g instanceof Point);
    int flags = FLAG_LITTLE_ENDIAN | (envelope ? FLAG_ENVELOPE_XY : 0) | (g.isEmpty() ? FLAG_EMPTY : 0);
    ByteBuffer b = ByteBuffer.allocate(8 + (envelope ? 32 : 0) + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'G').put((byte) 'P').put(VERSION_1).put((byte) flags).putInt(srsId);
    if (envelope) {
      Envelope e = g.getEnvelopeInternal();
      b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
    }
    return b.put(body).array();
  }
}
