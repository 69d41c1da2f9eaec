package org.incidentatlas.incident;

/**
 * A party to an incident, ACLED-style.
 *
 * @param side {@code AZ}, {@code AM} or null when neither
 * @param role {@code actor1}, {@code actor2} or {@code claimant}
 */
public record Actor(String name, String side, String role) {}
