package org.incidentatlas.export.shapefile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a dBASE III table (.dbf) whose text is UTF-8, as the .cpg beside it declares. A DBF
 * fixes every field's width in its header, before the first record, while the widths are known
 * only once every value has been seen: records are therefore staged in a scratch file as they
 * come and the table is written from it on {@link #finish}. Memory stays flat whatever the
 * number of records.
 *
 * <p>Text is cut to {@value #MAX_TEXT_BYTES} bytes, the most a character field holds, at a
 * character boundary. Numbers get the width and decimals their values need; a column asked
 * for as number, date or logical whose values turn out not to be all of that kind is written as text.
 */
public final class DbfWriter implements AutoCloseable {
  public static final int MAX_TEXT_BYTES = 254;
  /** Widest numeric field written; wider numbers are written as text. */
  private static final int MAX_NUMBER_WIDTH = 24;
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final int NULL = -1;

  /** What a column should hold; DECIMAL keeps at least one decimal, so that readers take it for a real number. */
  public enum Kind { TEXT, INTEGER, DECIMAL, DATE, LOGICAL }

  /** A column to write: its field name (at most 10 ASCII characters) and kind. */
  public record Column(String name, Kind kind) {
    public Column {
      if (name.isEmpty() || name.length() > 10 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
        throw new IllegalArgumentException("not a DBF field name: '" + name + "'");
      }
    }
  }

  /** A field as written: its type letter, width and decimals. */
  public record FieldDef(String name, char type, int length, int decimals) {}

  /**
   * The written table.
   *
   * @param truncated for each column, how many values were cut to {@value #MAX_TEXT_BYTES} bytes
   */
  public record Result(long records, List<FieldDef> fields, int[] truncated) {}

  private final Path staging;
  private final DataOutputStream out;
  private final List<Column> columns;
  private final Tracker[] trackers;
  private long records;

  public DbfWriter(Path staging, List<Column> columns) throws IOException {
    if (columns.size() > 255) {
      throw new IllegalArgumentException("a DBF holds at most 255 fields, not " + columns.size());
    }
    this.staging = staging;
    this.columns = List.copyOf(columns);
    this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(staging), 1 << 16));
    this.trackers = columns.stream().map(c -> new Tracker(c.kind())).toArray(Tracker[]::new);
  }

  /**
   * Stages a record: one value per column, null for none. Numbers are given as plain decimal
   * digits, dates as {@code yyyy-MM-dd}, logicals as {@code true} or {@code false}.
   */
  public void add(List<String> values) throws IOException {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(values.size() + " values for " + columns.size() + " columns");
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null) {
        out.writeInt(NULL);
        continue;
      }
      byte[] bytes = trackers[i].see(v);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
    records++;
  }

  /** Writes the table to {@code dbf} from the staged records; {@code updated} is the date in its header. */
  public Result finish(Path dbf, LocalDate updated) throws IOException {
    out.close();
    List<FieldDef> fields = new ArrayList<>();
    int recordLength = 1;
    for (int i = 0; i < columns.size(); i++) {
      FieldDef f = trackers[i].field(columns.get(i).name());
      fields.add(f);
      recordLength += f.length();
    }
    if (recordLength > 0xFFFF) {
      throw new IOException("a DBF record holds at most 65535 bytes, these need " + recordLength);
    }
    try (OutputStream table = new BufferedOutputStream(Files.newOutputStream(dbf), 1 << 16);
         DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(staging), 1 << 16))) {
      table.write(header(fields, recordLength, updated));
      byte[] record = new byte[recordLength];
      for (long r = 0; r < records; r++) {
        Arrays.fill(record, (byte) ' ');
        int at = 1;
        for (FieldDef f : fields) {
          int n = in.readInt();
          if (n != NULL) {
            byte[] v = new byte[n];
            in.readFully(v);
            encode(f, v, record, at);
          } else if (f.type() == 'L') {
            record[at] = '?';
          }
          at += f.length();
        }
        table.write(record);
      }
      table.write(0x1A);
    }
    Files.deleteIfExists(staging);
    int[] truncated = Arrays.stream(trackers).mapToInt(t -> t.truncated).toArray();
    return new Result(records, List.copyOf(fields), truncated);
  }

  private static void encode(FieldDef f, byte[] v, byte[] record, int at) {
    switch (f.type()) {
      case 'N' -> {
        byte[] digits = new BigDecimal(new String(v, StandardCharsets.US_ASCII)).setScale(f.decimals(), RoundingMode.HALF_EVEN)
            .toPlainString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, record, at + f.length() - digits.length, digits.length);
      }
      case 'D' -> {
        String day = new String(v, StandardCharsets.US_ASCII).replace("-", "");
        System.arraycopy(day.getBytes(StandardCharsets.US_ASCII), 0, record, at, 8);
      }
      case 'L' -> record[at] = (byte) (new String(v, StandardCharsets.US_ASCII).equals("true") ? 'T' : 'F');
      default -> System.arraycopy(v, 0, record, at, Math.min(v.length, f.length()));
    }
  }

  private byte[] header(List<FieldDef> fields, int recordLength, LocalDate updated) {
    int headerLength = 32 + 32 * fields.size() + 1;
    ByteBuffer h = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
    h.put((byte) 0x03).put((byte) (updated.getYear() - 1900)).put((byte) updated.getMonthValue()).put((byte) updated.getDayOfMonth());
    h.putInt((int) Math.min(records, Integer.MAX_VALUE)).putShort((short) headerLength).putShort((short) recordLength);
    h.position(32);
    for (FieldDef f : fields) {
      byte[] name = Arrays.copyOf(f.name().getBytes(StandardCharsets.US_ASCII), 11);
      h.put(name).put((byte) f.type()).putInt(0).put((byte) f.length()).put((byte) f.decimals());
      h.position(h.position() + 14);
    }
    h.put((byte) 0x0D);
    return h.array();
  }

  /** Cuts UTF-8 text to at most {@code max} bytes without splitting a character. */
  static byte[] cut(byte[] utf8, int max) {
    if (utf8.length <= max) {
      return utf8;
    }
    int end = max;
    // Continuation bytes are 10xxxxxx: step back to the start of the character that crosses the limit.
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(utf8, end);
  }

  @Override
  public void close() throws IOException {
    out.close();
    Files.deleteIfExists(staging);
  }

  /** What a column's values turn out to need. */
  private static final class Tracker {
    private Kind kind;
    private int maxBytes;
    private int maxIntegerDigits;
    private int maxDecimals;
    private int truncated;

    Tracker(Kind kind) {
      this.kind = kind;
    }

    byte[] see(String v) {
      if ((kind == Kind.INTEGER || kind == Kind.DECIMAL) && !number(v)) {
        kind = Kind.TEXT;
      } else if (kind == Kind.DATE && !DAY.matcher(v).matches()) {
        kind = Kind.TEXT;
      } else if (kind == Kind.LOGICAL && !v.equals("true") && !v.equals("false")) {
        kind = Kind.TEXT;
      }
      byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_TEXT_BYTES) {
        bytes = cut(bytes, MAX_TEXT_BYTES);
        truncated++;
      }
      maxBytes = Math.max(maxBytes, bytes.length);
      return bytes;
    }

    private boolean number(String v) {
      BigDecimal n;
      try {
        n = new BigDecimal(v);
      } catch (NumberFormatException e) {
        return false;
      }
      BigDecimal s = n.stripTrailingZeros();
      int decimals = Math.max(0, s.scale());
      String whole = s.setScale(0, RoundingMode.DOWN).abs().toPlainString();
      int integerDigits = whole.length() + (n.signum() < 0 ? 1 : 0);
      if (integerDigits + (decimals > 0 ? decimals + 1 : 0) > MAX_NUMBER_WIDTH) {
        return false;
      }
      maxIntegerDigits = Math.max(maxIntegerDigits, integerDigits);
      maxDecimals = Math.max(maxDecimals, decimals);
      return true;
    }

    FieldDef field(String name) {
      return switch (kind) {
        case INTEGER, DECIMAL -> {
          int decimals = kind == Kind.DECIMAL ? Math.max(1, maxDecimals) : maxDecimals;
          int width = Math.max(1, maxIntegerDigits) + (decimals > 0 ? decimals + 1 : 0);
          if (width > MAX_NUMBER_WIDTH) {
            yield new FieldDef(name, 'C', Math.max(1, maxBytes), 0);
          }
          yield new FieldDef(name, 'N', width, decimals);
        }
        case DATE -> new FieldDef(name, 'D', 8, 0);
        case LOGICAL -> new FieldDef(name, 'L', 1, 0);
        case TEXT -> new FieldDef(name, 'C', Math.max(1, maxBytes), 0);
      };
    }
  }
}
