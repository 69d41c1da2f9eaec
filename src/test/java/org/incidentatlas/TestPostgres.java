package org.incidentatlas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.incidentatlas.database.DatabaseUrl;

/**
 * A PostgreSQL cluster with PostGIS for the tests on PostgreSQL, one per test JVM, made on first use.
 *
 * <p>{@code ATLAS_TEST_POSTGRES} names a running cluster to use instead
 * ({@code postgresql://postgres@127.0.0.1:5432/postgres}: a superuser, trust authentication), as
 * {@code .ci/run} sets it. Otherwise the newest {@code initdb} under {@code /usr/lib/postgresql}
 * makes a throwaway cluster in a temporary directory, listening on a free port of 127.0.0.1 only,
 * with fsync on as in production, and a shutdown hook stops it and deletes the directory. Without
 * either, {@link #available()} is false and {@link #whyUnavailable()} says what to install.
 *
 * <p>{@code -Datlas.test.postgres.root=DIR} and {@code -Datlas.test.postgres.share=DIR} look for
 * the server and PostGIS elsewhere than {@code /usr/lib/postgresql} and {@code /usr/share/postgresql};
 * a directory with nothing in it shows what a machine without PostgreSQL does.
 */
public final class TestPostgres {
  public static final String ENV = "ATLAS_TEST_POSTGRES";
  static final String INSTALL = "apt-get install postgresql postgresql-15-postgis-3";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** Where the cluster listens; {@code dir} is null for a cluster this class did not make. */
  private record Cluster(String host, int port, String user, Path dir) {
    String url(String database) {
      return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
      return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, "");
    }
  }

  private static Cluster cluster;
  private static String unavailable;
  private static boolean tried;

  private TestPostgres() {}

  public static synchronized boolean available() {
    return cluster() != null;
  }

  /** Why there is no cluster, with what to install; null when there is one. */
  public static synchronized String whyUnavailable() {
    cluster();
    return unavailable;
  }

  /** The superuser's address of the maintenance database {@code postgres}. */
  public static synchronized String adminUrl() {
    return require().url("postgres");
  }

  /**
   * A new, empty database with PostGIS, named after {@code prefix} and unique in the cluster, as
   * the atlas takes it ({@code --database}).
   */
  public static DatabaseUrl newDatabase(String prefix) {
    Cluster c;
    synchronized (TestPostgres.class) {
      c = require();
    }
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String name = clean.substring(0, Math.min(clean.length(), 30)) + "_" + DATABASES.incrementAndGet() + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    try (Connection admin = c.connect("postgres"); Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + name + " in " + c.url("postgres"), e);
    }
    // A cluster given from outside may lack PostGIS in template1; this one then has it all the same.
    try (Connection db = c.connect(name); Statement st = db.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create PostGIS in " + c.url(name), e);
    }
    if (c.dir() == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(c, name)));
    }
    return DatabaseUrl.parse(c.url(name), false, null, null);
  }

  private static Cluster require() {
    Cluster c = cluster();
    if (c == null) {
      throw new IllegalStateException(unavailable);
    }
    return c;
  }

  private static Cluster cluster() {
    if (!tried) {
      tried = true;
      String given = System.getenv(ENV);
      cluster = given != null && !given.isBlank() ? given(given) : startOwn();
    }
    return cluster;
  }

  private static Cluster given(String url) {
    URI uri = URI.create(url);
    Cluster c = new Cluster(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
        uri.getUserInfo() == null ? "postgres" : uri.getUserInfo(), null);
    String database = uri.getPath() == null || uri.getPath().length() < 2 ? "postgres" : uri.getPath().substring(1);
    try (Connection admin = c.connect(database)) {
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(ENV + "=" + url + " does not answer: " + e.getMessage(), e);
    }
  }

  /** The cluster of the newest installed server; null, with the reason in {@code unavailable}, when none is. */
  private static Cluster startOwn() {
    Path root = Path.of(System.getProperty("atlas.test.postgres.root", "/usr/lib/postgresql"));
    Path share = Path.of(System.getProperty("atlas.test.postgres.share", "/usr/share/postgresql"));
    Optional<Path> bin = newestServer(root);
    if (bin.isEmpty()) {
      unavailable = "no PostgreSQL server (" + root + "/*/bin/initdb), and " + ENV + " is not set; install it with `"
          + INSTALL + "`";
      return null;
    }
    String version = bin.get().getParent().getFileName().toString();
    Path control = share.resolve(version).resolve("extension").resolve("postgis.control");
    if (!Files.isRegularFile(control)) {
      unavailable = "PostgreSQL " + version + " has no PostGIS (" + control + "); install it with `apt-get install postgresql-"
          + version + "-postgis-3`";
      return null;
    }
    try {
      return start(bin.get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PostgreSQL " + version + " cluster", e);
    }
  }

  private static Optional<Path> newestServer(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl")))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Cluster start(Path bin) throws IOException {
    Path dir = Files.createTempDirectory("atlas-postgres");
    Path data = dir.resolve("data");
    // initdb refuses to run as root: the cluster then belongs to the postgres user.
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Cluster c = new Cluster("127.0.0.1", port, "postgres", dir);
    try {
      run(dir, root, bin.resolve("initdb").toString(), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C",
          "-D", data.toString());
      run(dir, root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
          "-w", "-t", "60", "-o", "-c max_connections=400 -c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir,
          "start");
    } catch (IOException | RuntimeException e) {
      TestAtlas.deleteTree(dir);
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(c, bin, root)));
    try (Connection template = c.connect("template1"); Statement st = template.createStatement()) {
      st.execute("CREATE EXTENSION postgis");
    } catch (SQLException e) {
      throw new IllegalStateException("PostGIS cannot be created in " + c.url("template1") + ": " + e.getMessage(), e);
    }
    return c;
  }

  private static void stop(Cluster c, Path bin, boolean root) {
    try {
      run(c.dir(), root, bin.resolve("pg_ctl").toString(), "-D", c.dir().resolve("data").toString(), "-m", "fast", "-w",
          "stop");
    } catch (IOException | RuntimeException e) {
      System.err.println("the test cluster in " + c.dir() + " did not stop: " + e.getMessage());
    }
    TestAtlas.deleteTree(c.dir());
  }

  private static void drop(Cluster c, String name) {
    try (Connection admin = c.connect("postgres"); Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("the test database " + name + " is left in " + c.url("postgres") + ": " + e.getMessage());
    }
  }

  /** Runs a server program, as the postgres user when the tests run as root; fails with its output. */
  private static void run(Path dir, boolean asPostgres, String... command) throws IOException {
    List<String> line = new ArrayList<>();
    if (asPostgres) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    // Into a file, not a pipe: the server pg_ctl starts would otherwise hold the pipe open.
    Path log = dir.resolve("commands.log");
    Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", line) + " did not finish within 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", line), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", line) + " failed with status " + p.exitValue() + ":\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }
}
