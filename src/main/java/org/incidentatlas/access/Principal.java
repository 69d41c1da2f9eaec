package org.incidentatlas.access;

/** Who makes a request: a signed-in user, or an anonymous viewer (name null). */
public record Principal(String name, Role role) {}
