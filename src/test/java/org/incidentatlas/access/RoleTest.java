package org.incidentatlas.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RoleTest {
  @Test
  void eachRoleIncludesItselfAndTheRolesBelowIt() {
    assertTrue(Role.ADMIN.includes(Role.REVIEWER) && Role.ADMIN.includes(Role.EDITOR) && Role.ADMIN.includes(Role.VIEWER));
    assertTrue(Role.REVIEWER.includes(Role.EDITOR) && Role.EDITOR.includes(Role.VIEWER));
    for (Role r : Role.values()) {
      assertTrue(r.includes(r), r.id());
    }
    assertFalse(Role.EDITOR.includes(Role.REVIEWER));
    assertFalse(Role.REVIEWER.includes(Role.ADMIN));
    assertFalse(Role.VIEWER.includes(Role.EDITOR));
  }

  @Test
  void rolesAreWrittenAndReadInLowerCase() throws Exception {
    assertEquals("viewer, editor, reviewer, admin", Role.ids());
    assertEquals(Role.REVIEWER, Role.parse("reviewer"));
    ObjectMapper json = new ObjectMapper();
    assertEquals("\"editor\"", json.writeValueAsString(Role.EDITOR));
    assertEquals(Role.ADMIN, json.readValue("\"admin\"", Role.class));
  }

  @Test
  void anUnknownRoleIsRefusedWithTheRolesThereAre() {
    for (String bad : new String[] {"Admin", "ADMIN", "root", "", " editor"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Role.parse(bad));
      assertEquals("role must be one of viewer, editor, reviewer, admin, got '" + bad + "'", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Role.parse(null));
  }

  @Test
  void anAnonymousCallerIsAlwaysAViewer() {
    assertTrue(Principal.ANONYMOUS.anonymous());
    assertEquals(Role.VIEWER, Principal.ANONYMOUS.role());
    assertThrows(IllegalArgumentException.class, () -> new Principal(null, Role.ADMIN));
    assertFalse(new Principal("ana", Role.VIEWER).anonymous());
  }
}
