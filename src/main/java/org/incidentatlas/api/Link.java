package org.incidentatlas.api;

/** A link of an OGC API response. */
public record Link(String href, String rel, String type, String title) {}
