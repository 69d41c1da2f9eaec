package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Users;
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
}
