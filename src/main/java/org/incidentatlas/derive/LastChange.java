package org.incidentatlas.derive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.incident.Statement;

/**
 * The {@code updated} property of an incident: when the atlas's account of it last changed. For a
 * record that is when the version the layers serve was written. For an incident of geodata that
 * nobody has changed the atlas cannot know when the file was edited, and a build's own time would
 * make every build tell feed readers that all of them changed; the newest day its sources and
 * claims name stands in, the earliest its account can date from (a month counts from its first
 * day). Either way the value is the same in a build and in a change applied to the served layers.
 */
public final class LastChange {
  /**
   * RFC 3339 in UTC to the millisecond, always as long: the column is text, and equal widths make
   * its order that of the instants.
   */
  public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private LastChange() {}

  /** {@code written}, the time the served version was written, or null for an incident of geodata. */
  public static String of(Instant written, Incident incident) {
    return FORMAT.format(written != null ? written : newestDay(incident).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The newest of the incident's last day and the days its sources and claims name. */
  static LocalDate newestDay(Incident i) {
    Stream<String> days = Stream.of(
        i.sources().stream().map(SourceRef::date),
        Stream.concat(i.fatalities().stream(), i.injuries().stream()).map(Claim::madeAt),
        i.statements().stream().map(Statement::madeAt)).flatMap(s -> s);
    LocalDate newest = i.dateEnd();
    for (String d : (Iterable<String>) days::iterator) {
      LocalDate day = day(d);
      if (day != null && day.isAfter(newest)) {
        newest = day;
      }
    }
    return newest;
  }

  /** A day ({@code YYYY-MM-DD}, or the start of a longer time) or a month's first day; null when it is neither. */
  private static LocalDate day(String text) {
    if (text == null) {
      return null;
    }
    try {
      return text.length() == 7 ? LocalDate.parse(text + "-01")
          : text.length() >= 10 ? LocalDate.parse(text.substring(0, 10)) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
