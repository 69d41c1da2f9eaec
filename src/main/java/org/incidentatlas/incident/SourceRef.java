package org.incidentatlas.incident;

/**
 * A report an incident record rests on.
 *
 * @param date          {@code YYYY-MM-DD}, or {@code YYYY-MM} when only the month is known
 * @param url           null when no address is known
 * @param language      ISO 639-1 code of the report's language
 * @param quote         short passage in the report's language
 * @param quoteType     {@code verbatim}, or {@code paraphrase} when the wording is not the report's own
 */
public record SourceRef(String id, String publisher, String date, String datePrecision, String url,
    String language, String quote, String quoteType) {}
