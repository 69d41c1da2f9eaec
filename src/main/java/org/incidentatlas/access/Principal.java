package org.incidentatlas.access;

import java.util.Objects;

/**
 * Who is asking: a user and their role, or nobody in particular.
 *
 * @param name the user's name; null for an anonymous caller
 * @param role what the caller may do; an anonymous caller is always a {@link Role#VIEWER}
 */
public record Principal(String name, Role role) {
  /** A caller without a token. */
  public static final Principal ANONYMOUS = new Principal(null, Role.VIEWER);

  public Principal {
    Objects.requireNonNull(role, "role");
    if (name == null && role != Role.VIEWER) {
      throw new IllegalArgumentException("an anonymous caller is a viewer, not " + role.id());
    }
  }

  public boolean anonymous() {
    return name == null;
  }
}
