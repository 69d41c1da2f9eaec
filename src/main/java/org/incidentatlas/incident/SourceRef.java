package org.incidentatlas.incident;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A report an incident record rests on.
 *
 * @param date          {@code YYYY-MM-DD}, or {@code YYYY-MM} when only the month is known
 * @param url           null when no address is known
 * @param archiveUrl    address of an archived copy (e.g. the Wayback Machine), null when none
 * @param sha256        SHA-256 of the saved copy of the report, hex, null when none was saved
 * @param language      ISO 639-1 code of the report's language
 * @param quote         short passage in the report's language
 * @param quoteType     {@code verbatim}, or {@code paraphrase} when the wording is not the report's own
 */
public record SourceRef(String id, String publisher, String date, String datePrecision, String url,
    @JsonInclude(JsonInclude.Include.NON_NULL) String archiveUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
    String language, String quote, String quoteType) {

  public SourceRef(String id, String publisher, String date, String datePrecision, String url, String language,
      String quote, String quoteType) {
    this(id, publisher, date, datePrecision, url, null, null, language, quote, quoteType);
  }
}
