package org.incidentatlas.access;

/** What a user may do; each role may do everything the roles before it may. */
public enum Role {
  VIEWER, EDITOR, REVIEWER, ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
