package org.incidentatlas.database;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The bytes of a column as the driver holds them, where it hands them over without a copy: H2's
 * {@code getBytes} copies every value, its {@code getBinaryStream} reads the value's own array. A
 * whole layer is two gigabytes of them, and whoever takes them only reads them.
 */
final class DriverBytes {
  private DriverBytes() {}

  static byte[] of(ResultSet rs, int column) throws SQLException, IOException {
    InputStream in = rs.getBinaryStream(column);
    if (in == null) {
      return null;
    }
    if (!(in instanceof ByteArrayInputStream bytes)) {
      return in.readAllBytes();
    }
    // A ByteArrayInputStream hands what is left of its array to transferTo in one write.
    Catcher caught = new Catcher();
    bytes.transferTo(caught);
    return caught.array();
  }

  /** Keeps the array of a single write that covers all of it, and copies anything else. */
  private static final class Catcher extends OutputStream {
    private byte[] array;
    private ByteArrayOutputStream copied;

    @Override
    public void write(byte[] b, int off, int len) {
      if (array == null && copied == null && off == 0 && len == b.length) {
        array = b;
        return;
      }
      if (copied == null) {
        copied = new ByteArrayOutputStream();
        if (array != null) {
          copied.writeBytes(array);
          array = null;
        }
      }
      copied.write(b, off, len);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    byte[] array() {
      return copied != null ? copied.toByteArray() : array != null ? array : new byte[0];
    }
  }
}
