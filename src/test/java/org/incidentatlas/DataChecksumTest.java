package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Users;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.records.RecordsDb;
import org.incidentatlas.store.AtlasStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataChecksumTest {
  @TempDir
  Path dir;

  @Test
  void aChangedRowChangesItsTableAloneAndReadingChangesNothing() {
    try (RecordsDb db = RecordsDb.open(dir); AtlasStore store = AtlasStore.open(dir)) {
      Users users = new Users(db);
      users.add("ana", Role.ADMIN);
      Map<String, String> before = DataChecksum.of(dir);
      assertTrue(before.keySet().containsAll(Set.of("records.users", "records.tokens", "records.incidents",
          "records.versions", "records.external_ids")), before.toString());
      assertTrue(before.get("records.users").startsWith("rows=1 "), before.toString());
      assertEquals(before, DataChecksum.of(dir));

      users.changeRole("ana", Role.EDITOR);
      Map<String, String> after = DataChecksum.of(dir);
      assertNotEquals(before.get("records.users"), after.get("records.users"));
      before.remove("records.users");
      after.remove("records.users");
      assertEquals(before, after);
    }
  }

  @Test
  void onPostgresqlTheSchemasOfRecordsAndLayersAreRead() throws SQLException {
    assumeTrue(TestPostgres.available(), () -> "PostgreSQL with PostGIS not found: " + TestPostgres.whyUnavailable());
    DatabaseUrl db = TestPostgres.newDatabase("checksum");
    AtlasConfig config = AtlasConfig.local(0, dir, TestAtlas.GEODATA).withDatabase(db);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA atlas");
      st.execute("CREATE SCHEMA atlas_layers");
      st.execute("CREATE TABLE atlas.users (name text PRIMARY KEY, role text)");
      st.execute("INSERT INTO atlas.users VALUES ('bo', 'viewer'), ('ana', 'admin')");
      st.execute("CREATE TABLE atlas_layers.border (seq int PRIMARY KEY, geom geometry)");
      st.execute("INSERT INTO atlas_layers.border VALUES (1, ST_GeomFromText('POINT(45.123456789 41.0)', 4326))");
      st.execute("CREATE TABLE public.elsewhere (id int)");
      Map<String, String> before = DataChecksum.of(config);
      assertEquals(Set.of("records.users", "atlas.border"), before.keySet());
      assertTrue(before.get("records.users").startsWith("rows=2 "), before.toString());
      assertEquals(before, DataChecksum.of(config));

      st.execute("UPDATE atlas_layers.border SET geom = ST_GeomFromText('POINT(45.123456788 41.0)', 4326)");
      Map<String, String> after = DataChecksum.of(config);
      assertNotEquals(before.get("atlas.border"), after.get("atlas.border"), "a geometry moved by a nanodegree");
      assertEquals(before.get("records.users"), after.get("records.users"));
    }
  }
}
