package org.incidentatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void wordsSettingsAndCommandOptionsAreToldApart() {
    CommandLine line = CommandLine.parse(List.of("user", "--data-dir", "/srv/atlas", "add", "ana", "--role=editor", "--port", "8080"),
        Map.of("ATLAS_BIND", "0.0.0.0"));
    assertEquals(List.of("user", "add", "ana"), line.words());
    assertEquals("user", line.command());
    assertEquals(Map.of("--role", "editor"), line.options());
    assertEquals(Optional.of("editor"), line.option("--role"));
    assertEquals(Path.of("/srv/atlas"), line.config().dataDir());
    assertEquals(8080, line.config().port());
    assertEquals("0.0.0.0", line.config().bind());
  }

  @Test
  void flagsTakeNoValueSoTheNextArgumentIsAWord() {
    CommandLine line = CommandLine.parse(List.of("import", "--publish", "incidents.csv", "--skip-bad-rows", "--format", "acled"), Map.of());
    assertEquals(List.of("import", "incidents.csv"), line.words());
    assertTrue(line.flag("--publish") && line.flag("--skip-bad-rows"));
    assertEquals(Optional.of("acled"), line.option("--format"));
    CommandLine plain = CommandLine.parse(List.of("import", "incidents.csv"), Map.of());
    assertFalse(plain.flag("--publish"));
    assertEquals(Optional.empty(), plain.option("--format"));
  }

  @Test
  void withoutWordsTheCommandIsHelp() {
    assertEquals("help", CommandLine.parse(List.of("--port", "0"), Map.of()).command());
  }

  @Test
  void dashDashHelpIsAWordNotAnUnknownOption() {
    assertEquals("--help", CommandLine.parse(List.of("--help"), Map.of()).command());
  }

  @Test
  void mistakesAreUsageErrorsThatSayWhatIsWrong() {
    String[][] cases = {
        {"unknown option --rol; known: --port, --bind, --data-dir, --database, --database-password-file, --geodata-dir, --web-dir, --tile-url, --tile-attribution, --cors-write-origins, --role, --format, --publish, --skip-bad-rows, --to",
            "user", "add", "ana", "--rol", "admin"},
        {"option --role needs a value", "user", "add", "ana", "--role"},
        {"option --publish takes no value", "import", "x.csv", "--publish=yes"},
        {"option --role is for 'user add' only, not for 'serve'", "serve", "--role", "admin"},
        {"option --role is for 'user add' only, not for 'user token ana'", "user", "token", "ana", "--role", "admin"},
        {"option --format is for 'import' only", "--format", "csv"},
        {"option --skip-bad-rows is for 'import' only, not for 'build'", "build", "--skip-bad-rows"},
        {"--port must be a number, got 'x'", "user", "list", "--port", "x"}};
    for (String[] c : cases) {
      List<String> args = List.of(c).subList(1, c.length);
      var e = assertThrows(AtlasConfig.UsageException.class, () -> CommandLine.parse(args, Map.of()), args.toString());
      assertEquals(c[0], e.getMessage());
    }
  }

  @Test
  void theConfigurationAloneIsReadTheSameWay() {
    assertEquals(CommandLine.parse(List.of("serve", "--port=9000"), Map.of()).config(),
        AtlasConfig.parse(List.of("serve", "--port=9000"), Map.of()));
    assertEquals(List.of("import", "a.csv"), AtlasConfig.positional(List.of("import", "--publish", "a.csv")));
  }
}
