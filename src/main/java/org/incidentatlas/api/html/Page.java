package org.incidentatlas.api.html;

/** A page to render: the template under {@code /html/} and the values it shows. */
public record Page(String template, Object model) {}
