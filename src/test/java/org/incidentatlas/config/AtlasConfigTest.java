package org.incidentatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtlasConfigTest {
  @Test
  void defaultsServeOnLocalhost7070WithDataInDotData() {
    AtlasConfig c = AtlasConfig.defaults();
    assertEquals(7070, c.port());
    assertEquals("localhost", c.bind());
    assertEquals(Path.of("./data"), c.dataDir());
    assertEquals(Path.of("./geodata"), c.geodataDir());
    assertEquals(Path.of("./web"), c.webDir());
    assertEquals(AtlasConfig.Tiles.OPENSTREETMAP, c.tiles());
  }

  @Test
  void commandLineWinsOverEnvironmentWhichWinsOverDefaults() {
    AtlasConfig c = AtlasConfig.parse(List.of("serve", "--port", "8080", "--data-dir=/tmp/x"),
        Map.of("ATLAS_PORT", "9090", "ATLAS_BIND", "0.0.0.0"));
    assertEquals(8080, c.port());
    assertEquals("0.0.0.0", c.bind());
    assertEquals(Path.of("/tmp/x"), c.dataDir());
    assertEquals(List.of("serve"), AtlasConfig.positional(List.of("serve", "--port", "8080", "--data-dir=/tmp/x")));
  }

  @Test
  void unknownOptionsAndBadPortsAreUsageErrors() {
    var e = assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--prot", "1"), Map.of()));
    assertTrue(e.getMessage().contains("unknown option --prot"));
    assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--port", "x"), Map.of()));
    assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of(), Map.of("ATLAS_PORT", "70000")));
    assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--port"), Map.of()));
  }

  @Test
  void theOriginsThatMayWriteAreNoneUnlessListed() {
    assertEquals(List.of(), AtlasConfig.defaults().corsWriteOrigins());
    assertEquals(List.of("https://newsroom.example", "http://localhost:8080", "http://[::1]:3000"),
        AtlasConfig.parse(List.of("--cors-write-origins", " https://newsroom.example,http://localhost:8080, http://[::1]:3000,"),
            Map.of()).corsWriteOrigins());
    assertEquals(List.of("https://a.example"),
        AtlasConfig.parse(List.of(), Map.of("ATLAS_CORS_WRITE_ORIGINS", "https://a.example")).corsWriteOrigins());
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "newsroom.example", "https://newsroom.example/", "https://newsroom.example/map",
      "HTTPS://Newsroom.example", "ftp://newsroom.example", "https://newsroom.example:port"})
  void anOriginABrowserWouldNotSendIsAUsageError(String origin) {
    var e = assertThrows(AtlasConfig.UsageException.class,
        () -> AtlasConfig.parse(List.of("--cors-write-origins", origin), Map.of()));
    assertTrue(e.getMessage().contains("--cors-write-origins") && e.getMessage().contains(origin), e.getMessage());
  }

  @Test
  void tileUrlAndAttributionComeFromOptionsOverEnvironment() {
    AtlasConfig fromEnv = AtlasConfig.parse(List.of(), Map.of(
        "ATLAS_TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png", "ATLAS_TILE_ATTRIBUTION", "Example tiles"));
    assertEquals(new AtlasConfig.Tiles("https://tiles.example.org/{z}/{x}/{y}.png", "Example tiles"), fromEnv.tiles());
    AtlasConfig fromArgs = AtlasConfig.parse(
        List.of("--tile-url", "/tiles/{z}/{y}/{x}.png", "--tile-attribution=&copy; Local <b>tiles</b>"),
        Map.of("ATLAS_TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png"));
    assertEquals("/tiles/{z}/{y}/{x}.png", fromArgs.tiles().url());
    assertEquals("&copy; Local <b>tiles</b>", fromArgs.tiles().attribution());
    AtlasConfig urlOnly = AtlasConfig.parse(List.of("--tile-url=http://127.0.0.1:8080/{z}/{x}/{y}.png"), Map.of());
    assertEquals(AtlasConfig.Tiles.OPENSTREETMAP.attribution(), urlOnly.tiles().attribution());
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(1)//{z}/{x}/{y}", "JavaScript:alert('{z}{x}{y}')", "data:image/png;base64,{z}{x}{y}",
      "ftp://tiles.example.org/{z}/{x}/{y}.png", "file:///tiles/{z}/{x}/{y}.png", "tiles/{z}/{x}/{y}.png",
      "https://tiles.example.org/{z}/{x}.png", "https://tiles.example.org/{x}/{y}.png", "https://tiles.example.org/{z}/{y}.png",
      "https://tiles.example.org/tile.png", ""})
  void tileUrlsThatAreNotHttpTemplatesAreUsageErrors(String url) {
    var fromArgs = assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--tile-url", url), Map.of()));
    assertTrue(fromArgs.getMessage().contains("--tile-url") && fromArgs.getMessage().contains("{z}, {x} and {y}"), fromArgs.getMessage());
    assertTrue(fromArgs.getMessage().contains(url), fromArgs.getMessage());
    var fromEnv = assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of(), Map.of("ATLAS_TILE_URL", url)));
    assertEquals(fromArgs.getMessage(), fromEnv.getMessage());
  }

  @Test
  void theDatabaseIsTheEmbeddedOneUnlessAPostgresqlAddressIsGiven() {
    assertEquals(null, AtlasConfig.defaults().database());
    AtlasConfig pg = AtlasConfig.parse(List.of("serve", "--database", "postgresql://atlas@db.example.org:5433/atlas?sslmode=require"),
        Map.of("ATLAS_DATABASE_PASSWORD", "s3cret"));
    assertEquals("jdbc:postgresql://db.example.org:5433/atlas?sslmode=require", pg.database().jdbcUrl());
    assertEquals("atlas", pg.database().user());
    assertEquals("s3cret", pg.database().password());
    assertFalse(pg.database().toString().contains("s3cret"));
    var e = assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--database", "mysql://h/db"), Map.of()));
    assertTrue(e.getMessage().contains("postgresql://"), e.getMessage());
    assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--database", "postgresql://h"), Map.of()));
  }

  @Test
  void aPasswordNeverComesFromTheCommandLine(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    var e = assertThrows(AtlasConfig.UsageException.class,
        () -> AtlasConfig.parse(List.of("--database", "postgresql://atlas:s3cret@h/atlas"), Map.of()));
    assertTrue(e.getMessage().contains("ATLAS_DATABASE_PASSWORD"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    // Hosting platforms hand the whole address, password included, in the environment.
    assertEquals("s3cret", AtlasConfig.parse(List.of(), Map.of("ATLAS_DATABASE", "postgresql://atlas:s3cret@h/atlas"))
        .database().password());
    Path file = java.nio.file.Files.writeString(dir.resolve("pw"), "from-file\n");
    assertEquals("from-file", AtlasConfig.parse(List.of("--database", "postgresql://atlas@h/atlas",
        "--database-password-file", file.toString()), Map.of()).database().password());
    assertThrows(AtlasConfig.UsageException.class, () -> AtlasConfig.parse(List.of("--database", "postgresql://atlas@h/atlas",
        "--database-password-file", dir.resolve("missing").toString()), Map.of()));
  }
}
