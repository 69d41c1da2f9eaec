package org.incidentatlas.access;

import java.time.Instant;

/**
 * A user as listed: never with a token or its hash.
 *
 * @param name         unique name, 1 to 64 letters, digits, dots, underscores or hyphens
 * @param role         what the user may do
 * @param created      when the user was added
 * @param activeTokens how many of the user's tokens are not revoked
 */
public record User(String name, Role role, Instant created, int activeTokens) {}
