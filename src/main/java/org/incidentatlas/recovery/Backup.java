package org.incidentatlas.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.h2.api.ErrorCode;
import org.h2.tools.Restore;
import org.incidentatlas.config.AtlasConfig.UsageException;
import org.incidentatlas.config.CommandLine;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.StoreException;

/**
 * The {@code backup} and {@code restore} commands. A backup is a consistent copy of the records
 * (users, tokens, every record and every version), taken while the server serves and writes them.
 * The layers are not in it: they are derived from geodata/ and the records, and a restore has the
 * next start build them again.
 */
public final class Backup {
  public static final String USAGE = """
        backup FILE                 write a consistent copy of the records, users and history to FILE (a .zip), also while serving
        restore FILE                replace the records of the data directory with those of a backup (the server must be stopped)
      """;

  private Backup() {}

  /** What a copy of the records holds, counted. */
  record Contents(long records, long versions, long users, long tokens) {
    @Override
    public String toString() {
      return records + " records with " + versions + " versions, " + users + " users, " + tokens + " tokens";
    }
  }

  public static void run(CommandLine line, PrintStream out) {
    List<String> words = line.words();
    if (words.size() != 2) {
      throw new UsageException("usage: " + words.get(0) + " FILE");
    }
    Path file = Path.of(words.get(1)).toAbsolutePath();
    if (line.config().database() != null) {
      throw new BackupException(words.get(0) + " copies the embedded store of --data-dir; with PostgreSQL ("
          + line.config().database() + ") back up the schema atlas with pg_dump (docs/deployment.md)");
    }
    Path dataDir = line.config().dataDir();
    if (words.get(0).equals("backup")) {
      backup(dataDir, file, out);
    } else {
      restore(file, dataDir, out);
    }
  }

  /** Writes the backup next to {@code file} and moves it there once it has been read back whole. */
  static void backup(Path dataDir, Path file, PrintStream out) {
    if (Files.exists(file)) {
      throw new BackupException(file + " exists already; name a new file, so that no earlier backup is overwritten");
    }
    if (!Files.isRegularFile(RecordsDb.file(dataDir))) {
      throw new BackupException("there are no records in " + dataDir + " to back up");
    }
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
      try (RecordsDb db = RecordsDb.open(dataDir)) {
        db.backupTo(partial);
      }
      Contents contents = inspect(partial);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      out.println("Backed up " + contents + " to " + file);
      out.println("SHA-256 " + sha256(file));
    } catch (IOException e) {
      throw new StoreException("cannot write the backup " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts the records of a backup in place of those in {@code dataDir}, which are kept beside them
   * under a new name, and removes the layers so that the next start builds them from the restored
   * records.
   */
  static void restore(Path file, Path dataDir, PrintStream out) {
    if (!Files.isRegularFile(file)) {
      throw new BackupException("no backup at " + file);
    }
    Path unpacked = null;
    try {
      unpacked = Files.createTempDirectory("atlas-restore");
      Contents contents = unpack(file, unpacked);
      refuseWhileOpen(dataDir);
      Files.createDirectories(dataDir);
      Path records = RecordsDb.file(dataDir);
      if (Files.exists(records)) {
        Path kept = records.resolveSibling(records.getFileName() + ".before-restore-"
            + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", ""));
        Files.move(records, kept);
        out.println("The records that were there are kept as " + kept);
      }
      Files.move(RecordsDb.file(unpacked), records);
      Files.deleteIfExists(AtlasStore.file(dataDir));
      out.println("Restored " + contents + " from " + file + " into " + dataDir);
      out.println("The layers are built from geodata/ and these records when the server next starts.");
    } catch (IOException e) {
      throw new StoreException("cannot restore " + file + " into " + dataDir + ": " + e.getMessage(), e);
    } finally {
      if (unpacked != null) {
        deleteTree(unpacked);
      }
    }
  }

  /** Reads a backup back in a directory of its own, and counts what it holds. */
  private static Contents inspect(Path zip) throws IOException {
    Path dir = Files.createTempDirectory("atlas-backup");
    try {
      return unpack(zip, dir);
    } finally {
      deleteTree(dir);
    }
  }

  private static Contents unpack(Path zip, Path dir) throws IOException {
    try {
      Restore.execute(zip.toString(), dir.toString(), "records");
    } catch (RuntimeException e) {
      throw new BackupException(zip + " is not a backup of the atlas: " + e.getMessage());
    }
    if (!Files.isRegularFile(RecordsDb.file(dir))) {
      throw new BackupException(zip + " is not a backup of the atlas: it holds no records.mv.db");
    }
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("records") + ";IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM incidents), (SELECT COUNT(*) FROM versions),"
             + " (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM tokens)")) {
      rs.next();
      return new Contents(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
    } catch (SQLException e) {
      throw new BackupException(zip + " is not a readable backup of the atlas: " + e.getMessage());
    }
  }

  /** A server (or another command) that has the records open would go on writing the old file. */
  private static void refuseWhileOpen(Path dataDir) {
    if (!Files.exists(RecordsDb.file(dataDir))) {
      return;
    }
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("records") + ";IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, "", "")) {
      c.isValid(1);
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new BackupException("the records in " + dataDir + " are open in another process; stop the server first");
      }
      // Records that cannot be read at all are what a restore is for.
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: what is left is the system's to clean
    }
  }
}
