package org.incidentatlas.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do. Roles are cumulative, in the order declared: each includes every role
 * before it, so a check asks for the least role an action needs.
 */
public enum Role {
  /** Reads published data; everyone without a token is a viewer. */
  VIEWER,
  /** Creates drafts and changes them. */
  EDITOR,
  /** Publishes and rejects drafts. */
  REVIEWER,
  /** Manages users and their tokens. */
  ADMIN;

  /** Whether this role may do everything {@code other} may. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** The lower-case name used in JSON, in the records and on the command line. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code id}, exactly as {@link #id()} writes it. */
  @JsonCreator
  public static Role parse(String id) {
    for (Role r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be one of " + ids() + ", got '" + id + "'");
  }

  /** Every role's id, least first: {@code viewer, editor, reviewer, admin}. */
  public static String ids() {
    return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
  }
}
