package org.incidentatlas.database;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The bytes of a block of consecutive features as PostgreSQL stores them: the length of the
 * features' entries (int4), then the entries compressed with LZ4. An entry is a feature's seq
 * (int8), then its id as UTF-8, its geometry and its properties, each after its length (int4).
 * The server compresses a block and the database stores it as it is ({@code STORAGE EXTERNAL}),
 * so that a download's blocks leave the database as about a tenth of the bytes they hold,
 * undecompressed there; the server, which splits them anyway, decompresses them.
 */
final class FeatureBlocks {
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

  private FeatureBlocks() {}

  /** Collects the entries of one block at a time, in the order of seq. */
  static final class Encoder {
    private final LZ4Compressor compressor = LZ4.fastCompressor();
    private byte[] entries = new byte[256 * 1024];
    private int length;

    void add(long seq, String id, byte[] geometry, byte[] properties) {
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      ensure(8 + 12 + idBytes.length + geometry.length + properties.length);
      ByteBuffer b = ByteBuffer.wrap(entries, length, entries.length - length);
      b.putLong(seq);
      b.putInt(idBytes.length).put(idBytes);
      b.putInt(geometry.length).put(geometry);
      b.putInt(properties.length).put(properties);
      length = b.position();
    }

    boolean isEmpty() {
      return length == 0;
    }

    /** The block of the entries added since the last, which are then forgotten. */
    byte[] block() {
      byte[] out = new byte[4 + compressor.maxCompressedLength(length)];
      ByteBuffer.wrap(out).putInt(length);
      int compressed = compressor.compress(entries, 0, length, out, 4, out.length - 4);
      length = 0;
      return Arrays.copyOf(out, 4 + compressed);
    }

    private void ensure(int more) {
      if (entries.length - length < more) {
        entries = Arrays.copyOf(entries, Math.max(entries.length * 2, length + more));
      }
    }
  }

  /** Decompresses blocks into one buffer, used again for each. */
  static final class Decoder {
    private final LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
    private byte[] entries = new byte[256 * 1024];

    /**
     * The entries of the block at {@code at} in {@code bytes} ({@code length} bytes), decompressed:
     * valid until the next call.
     */
    ByteBuffer entries(byte[] bytes, int at, int length) throws SQLException {
      int size = length < 4 ? -1 : ByteBuffer.wrap(bytes, at, length).getInt();
      if (size < 0) {
        throw new SQLException("a block of features that is not one: " + length + " bytes");
      }
      if (entries.length < size) {
        entries = new byte[Math.max(size, entries.length * 2)];
      }
      try {
        int got = decompressor.decompress(bytes, at + 4, length - 4, entries, 0, size);
        if (got != size) {
          throw new SQLException("a block of features holds " + got + " bytes instead of " + size);
        }
      } catch (LZ4Exception e) {
        throw new SQLException("a block of features cannot be read: " + e.getMessage(), e);
      }
      return ByteBuffer.wrap(entries, 0, size);
    }
  }
}
