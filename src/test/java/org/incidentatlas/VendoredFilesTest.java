package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser libraries copied into {@code web/vendor/} are the files their README records: each
 * README names its files with their SHA-256, and each file has that checksum and a licence beside it.
 */
class VendoredFilesTest {
  private static final Path VENDOR = Path.of("web", "vendor");
  /** A README's table row: {@code | `index.mjs` SHA-256 | `d6ce…` |}. */
  private static final Pattern RECORDED = Pattern.compile("^\\| `([^`]+)` SHA-256 \\| `([0-9a-f]{64})` \\|$", Pattern.MULTILINE);

  @Test
  void everyVendoredFileHasTheRecordedChecksum() throws IOException, NoSuchAlgorithmException {
    List<Path> libraries;
    try (Stream<Path> dirs = Files.list(VENDOR)) {
      libraries = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertFalse(libraries.isEmpty(), "nothing under " + VENDOR);
    for (Path library : libraries) {
      assertTrue(Files.isRegularFile(library.resolve("LICENSE")), "no LICENSE in " + library);
      Matcher recorded = RECORDED.matcher(Files.readString(library.resolve("README.md")));
      int files = 0;
      while (recorded.find()) {
        Path file = library.resolve(recorded.group(1));
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(recorded.group(2), actual, file + " is not the file its README records");
        files++;
      }
      assertTrue(files > 0, library + "/README.md records no file's SHA-256");
    }
  }
}
