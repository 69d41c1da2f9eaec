package org.incidentatlas.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where GeoPackage and Shapefile downloads are written before they are sent: a directory of its
 * own per download, deleted when the download ends, also when it fails or the client goes away.
 * It lives beside the database rather than in the system's temporary directory, which may be
 * held in memory, and directories left by a server that was killed are removed when the next
 * one starts.
 */
public final class Scratch {
  private static final String PREFIX = "download-";
  private final Path root;

  public Scratch(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
      try (Stream<Path> left = Files.list(root)) {
        left.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(Scratch::deleteTree);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the download directory " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** A new empty directory, removed with everything in it on {@link Dir#close()}. */
  public Dir newDir() throws IOException {
    return new Dir(Files.createTempDirectory(root, PREFIX));
  }

  /** One download's directory. */
  public static final class Dir implements AutoCloseable {
    private final Path path;

    private Dir(Path path) {
      this.path = path;
    }

    public Path file(String name) {
      return path.resolve(name);
    }

    @Override
    public void close() {
      deleteTree(path);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove download files in " + dir, e);
    }
  }
}
