package org.incidentatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtlasConfigTest {
  @Test
  void defaultsServeOnLocalhost7070WithDataInDotData() {
    AtlasConfig c = AtlasConfig.defaults();
    assertEquals(7070, c.port());
    assertEquals("localhost", c.bind());
    assertEquals(Path.of("./data"), c.dataDir());
    assertEquals(Path.of("./geodata"), c.geodataDir());
    assertEquals(Path.of("./web"), c.webDir());
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
}
