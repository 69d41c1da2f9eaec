package org.incidentatlas.incident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the values the atlas shows are derived from an incident's claims (figures: see
 * {@link ClaimedRange}). The record's own date, type and place are the editor's reading of the
 * sources; claims that say otherwise stay in the record and the field is named as disputed,
 * never silently resolved.
 */
public final class ClaimRules {
  private ClaimRules() {}

  /** The parties held responsible, each with who holds them so: {@code party (claimant, ...)}. */
  public static List<String> responsibility(Incident i) {
    Map<String, Set<String>> byParty = new LinkedHashMap<>();
    for (Statement s : i.statements()) {
      if (s.about().equals("responsibility")) {
        byParty.computeIfAbsent(s.value(), k -> new LinkedHashSet<>()).add(s.claimedBy());
      }
    }
    List<String> out = new ArrayList<>();
    byParty.forEach((party, claimants) -> out.add(party + " (" + String.join("; ", claimants) + ")"));
    return out;
  }

  /**
   * What the claims disagree on: {@code date} when a claimed day lies outside the record's days,
   * {@code event_type} or {@code place} when a claim names another type or place,
   * {@code responsibility} when claimants blame different parties, {@code fatalities} and
   * {@code injuries} when their figures differ.
   */
  public static List<String> disputed(Incident i) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> blamed = new LinkedHashSet<>();
    for (Statement s : i.statements()) {
      switch (s.about()) {
        case "date" -> {
          LocalDate d = LocalDate.parse(s.value());
          if (d.isBefore(i.date()) || d.isAfter(i.dateEnd())) {
            out.add("date");
          }
        }
        case "event_type" -> {
          if (!s.value().equals(i.eventType())) {
            out.add("event_type");
          }
        }
        case "place" -> {
          if (i.placeName() != null && !s.value().equalsIgnoreCase(i.placeName())) {
            out.add("place");
          }
        }
        default -> blamed.add(s.value());
      }
    }
    if (blamed.size() > 1) {
      out.add("responsibility");
    }
    ClaimedRange fatalities = ClaimedRange.of(i.fatalities());
    if (fatalities != null && fatalities.disputed()) {
      out.add("fatalities");
    }
    ClaimedRange injuries = ClaimedRange.of(i.injuries());
    if (injuries != null && injuries.disputed()) {
      out.add("injuries");
    }
    return List.copyOf(out);
  }
}
