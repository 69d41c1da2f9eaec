package org.incidentatlas.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * A layer's rows put in their final order outside the database: sorted in memory a run at a time,
 * each full run written to a file of its own in a scratch directory, and the runs merged as the
 * rows are read back. The database then receives every row once, already in key order, instead
 * of holding the layer twice (a staging table and the layer) and copying it from one to the other.
 * A layer that fits in one run never touches the disk.
 */
final class FeatureSort implements AutoCloseable {
  /**
   * Bytes of encoded rows held before a run is written out: with the objects around them about
   * twice that in the heap, beside the database's page cache.
   */
  static final long RUN_BYTES = 48L << 20;
  private static final int BUFFER = 1 << 16;

  private final Path dir;
  private final String name;
  private final List<Attribute> attributes;
  private final long maxRunBytes;
  private final List<Path> runs = new ArrayList<>();
  private final List<DataInputStream> open = new ArrayList<>();
  private List<Entry> run = new ArrayList<>();
  private long runBytes;

  private record Entry(long key, byte[] row) {}

  FeatureSort(Path dir, String name, List<Attribute> attributes, long maxRunBytes) {
    this.dir = dir;
    this.name = name;
    this.attributes = attributes;
    this.maxRunBytes = maxRunBytes;
  }

  void add(long key, FeatureRow row) {
    byte[] encoded = encode(row);
    run.add(new Entry(key, encoded));
    runBytes += encoded.length + 64;
    if (runBytes >= maxRunBytes) {
      spill();
    }
  }

  /**
   * Writes the rows held in memory to a run of their own, so that a sort waiting for its turn (a
   * part of a layer, while the layer is inserted and indexed) does not keep them in the heap.
   */
  void release() {
    if (!run.isEmpty()) {
      spill();
    }
  }

  /** The rows added, by key. Called once, after the last {@link #add}. */
  Iterator<FeatureRow> sorted() {
    run.sort(Comparator.comparingLong(Entry::key));
    if (runs.isEmpty()) {
      Iterator<Entry> in = run.iterator();
      run = List.of();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public FeatureRow next() {
          return decode(in.next().row());
        }
      };
    }
    if (!run.isEmpty()) {
      spill();
    }
    run = List.of();
    PriorityQueue<Source> queue = new PriorityQueue<>(Comparator.comparingLong(s -> s.key));
    for (Path p : runs) {
      try {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), BUFFER));
        open.add(in);
        Source s = new Source(p, in);
        if (s.advance()) {
          queue.add(s);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read sorted rows from " + p, e);
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !queue.isEmpty();
      }

      @Override
      public FeatureRow next() {
        Source s = queue.poll();
        if (s == null) {
          throw new NoSuchElementException();
        }
        byte[] row = s.row;
        try {
          if (s.advance()) {
            queue.add(s);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read sorted rows from " + s.file, e);
        }
        return decode(row);
      }
    };
  }

  /** One run being merged, positioned on its smallest row not yet taken. */
  private static final class Source {
    private final Path file;
    private final DataInputStream in;
    private long key;
    private byte[] row;

    Source(Path file, DataInputStream in) {
      this.file = file;
      this.in = in;
    }

    boolean advance() throws IOException {
      try {
        key = in.readLong();
      } catch (EOFException end) {
        return false;
      }
      row = new byte[in.readInt()];
      in.readFully(row);
      return true;
    }
  }

  private void spill() {
    run.sort(Comparator.comparingLong(Entry::key));
    Path file = dir.resolve(name + "-" + runs.size() + ".run");
    try {
      Files.createDirectories(dir);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER))) {
        runs.add(file);
        for (Entry e : run) {
          out.writeLong(e.key());
          out.writeInt(e.row().length);
          out.write(e.row());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sorted rows to " + file, e);
    }
    run = new ArrayList<>();
    runBytes = 0;
  }

  /** Closes and deletes the runs. */
  @Override
  public void close() {
    IOException failed = null;
    for (DataInputStream in : open) {
      try {
        in.close();
      } catch (IOException e) {
        failed = e;
      }
    }
    for (Path p : runs) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        failed = e;
      }
    }
    open.clear();
    runs.clear();
    if (failed != null) {
      throw new UncheckedIOException("cannot delete sorted rows in " + dir, failed);
    }
  }

  // The geometry travels as WKB, exact to the bit; each attribute as its column's Java value.

  private byte[] encode(FeatureRow row) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(row.propertiesJson().length + row.geometryJson().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeBytes(out, row.fid().getBytes(StandardCharsets.UTF_8));
      writeBytes(out, new WKBWriter(3).write(row.geometry()));
      writeDate(out, (LocalDate) row.start());
      writeDate(out, (LocalDate) row.end());
      Object[] values = row.attributes();
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        out.writeBoolean(v != null);
        if (v == null) {
          continue;
        }
        switch (attributes.get(i).type()) {
          case TEXT, TALLY -> writeBytes(out, ((String) v).getBytes(StandardCharsets.UTF_8));
          case TEXT_LIST -> {
            String[] list = (String[]) v;
            out.writeInt(list.length);
            for (String s : list) {
              writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
            }
          }
          case INTEGER -> out.writeLong((Long) v);
          case NUMBER -> out.writeDouble((Double) v);
          case DATE -> writeDate(out, (LocalDate) v);
        }
      }
      writeBytes(out, row.geometryJson());
      writeBytes(out, row.propertiesJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private FeatureRow decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      String fid = new String(readBytes(in), StandardCharsets.UTF_8);
      Geometry geometry = new WKBReader().read(readBytes(in));
      geometry.setSRID(AtlasStore.SRID);
      LocalDate start = readDate(in);
      LocalDate end = readDate(in);
      Object[] values = new Object[attributes.size()];
      for (int i = 0; i < values.length; i++) {
        if (!in.readBoolean()) {
          continue;
        }
        values[i] = switch (attributes.get(i).type()) {
          case TEXT, TALLY -> new String(readBytes(in), StandardCharsets.UTF_8);
          case TEXT_LIST -> {
            String[] list = new String[in.readInt()];
            for (int k = 0; k < list.length; k++) {
              list[k] = new String(readBytes(in), StandardCharsets.UTF_8);
            }
            yield list;
          }
          case INTEGER -> in.readLong();
          case NUMBER -> in.readDouble();
          case DATE -> readDate(in);
        };
      }
      return new FeatureRow(fid, geometry, start, end, values, readBytes(in), readBytes(in));
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("a sorted row does not read back: " + e.getMessage(), e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  private static void writeDate(DataOutputStream out, LocalDate d) throws IOException {
    out.writeBoolean(d != null);
    if (d != null) {
      out.writeLong(d.toEpochDay());
    }
  }

  private static LocalDate readDate(DataInputStream in) throws IOException {
    return in.readBoolean() ? LocalDate.ofEpochDay(in.readLong()) : null;
  }
}
