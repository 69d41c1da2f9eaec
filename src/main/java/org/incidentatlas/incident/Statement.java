package org.incidentatlas.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A claim about the incident other than a figure: when it happened, what it was, where, or who
 * is responsible, with who says so and in which source.
 *
 * @param about     {@code date}, {@code event_type}, {@code place} or {@code responsibility}
 * @param value     the claimed day ({@code YYYY-MM-DD}), event type, place name or party
 * @param claimedBy who makes the statement
 * @param source    id of the record's source that reports it
 * @param madeAt    day the statement was made, null when only the source's date is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Statement(String about, String value, String claimedBy, String source, String madeAt) {
  public static final List<String> SUBJECTS = List.of("date", "event_type", "place", "responsibility");
}
