package org.incidentatlas.database;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.incidentatlas.config.AtlasConfig.UsageException;

/**
 * A PostgreSQL database as the operator names it: {@code postgresql://[user@]host[:port]/database[?parameters]}.
 * The password never travels in the address given on the command line, where every user of the
 * machine can read it: it comes from the environment ({@code ATLAS_DATABASE_PASSWORD}), a file
 * readable only by the atlas ({@code --database-password-file}), or the driver's own
 * {@code ~/.pgpass}.
 *
 * @param jdbcUrl  the address the JDBC driver takes
 * @param user     the role to connect as; null for the driver's default
 * @param password null when none is given (trust, peer or {@code ~/.pgpass})
 * @param shown    the address without the password, for messages and logs
 */
public record DatabaseUrl(String jdbcUrl, String user, String password, String shown) {
  @Override
  public String toString() {
    return shown;
  }

  /**
   * Reads {@code url}. A password inside it is refused when it was given on the command line
   * ({@code fromCommandLine}); in the environment variable it is accepted, as hosting platforms set it.
   */
  public static DatabaseUrl parse(String url, boolean fromCommandLine, String password, Path passwordFile) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException("--database is not a postgresql:// address: " + e.getMessage());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new UsageException("--database must be a postgresql://host/database address (or empty for the embedded"
          + " H2 files of --data-dir), got '" + shown(uri) + "'");
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new UsageException("--database needs a host and a database name: postgresql://host[:port]/database, got '"
          + shown(uri) + "'");
    }
    String user = null;
    String inUrl = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length == 2) {
        if (fromCommandLine) {
          throw new UsageException("--database must not carry the password, which the command line shows to every user"
              + " of the machine: set ATLAS_DATABASE_PASSWORD or --database-password-file");
        }
        inUrl = decode(parts[1]);
      }
    }
    String pw = inUrl != null ? inUrl : password != null && !password.isEmpty() ? password : read(passwordFile);
    String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new DatabaseUrl(jdbc, user, pw, shown(uri));
  }

  private static String read(Path passwordFile) {
    if (passwordFile == null) {
      return null;
    }
    try {
      return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UsageException("--database-password-file " + passwordFile + " cannot be read: " + e.getMessage());
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The address with the password, if any, left out. */
  private static String shown(URI uri) {
    String user = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo().split(":", 2)[0] + "@";
    return uri.getScheme() + "://" + user + (uri.getHost() == null ? "" : uri.getHost())
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
