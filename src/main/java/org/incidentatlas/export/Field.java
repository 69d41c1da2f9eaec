package org.incidentatlas.export;

/** A property of a layer as a column: its name in the data and the type that holds its values. */
public record Field(String property, FieldType type) {}
