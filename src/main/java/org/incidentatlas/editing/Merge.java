package org.incidentatlas.editing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.incident.Actor;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.incident.Statement;

/**
 * Two records of the same event made one: the kept record's own fields stay, and the other's
 * sources, claims and parties are added, its sources renumbered where their ids are taken. No
 * claim is dropped or combined: rival figures stay rival.
 */
final class Merge {
  private Merge() {}

  static Incident of(Incident kept, Incident other) {
    Set<String> taken = new HashSet<>();
    kept.sources().forEach(s -> taken.add(s.id()));
    Map<String, String> renamed = new HashMap<>();
    List<SourceRef> sources = new ArrayList<>(kept.sources());
    int n = 1;
    for (SourceRef s : other.sources()) {
      String id = s.id();
      while (taken.contains(id)) {
        id = "S" + n++;
      }
      taken.add(id);
      renamed.put(s.id(), id);
      sources.add(new SourceRef(id, s.publisher(), s.date(), s.datePrecision(), s.url(), s.archiveUrl(), s.sha256(),
          s.language(), s.quote(), s.quoteType()));
    }
    List<Actor> actors = new ArrayList<>(kept.actors());
    for (Actor a : other.actors()) {
      if (!actors.contains(a)) {
        actors.add(a);
      }
    }
    List<Statement> statements = new ArrayList<>(kept.statements());
    for (Statement s : other.statements()) {
      statements.add(new Statement(s.about(), s.value(), s.claimedBy(), renamed.get(s.source()), s.madeAt()));
    }
    String notes = other.notes().isBlank() ? kept.notes()
        : (kept.notes().isBlank() ? "" : kept.notes() + "\n") + "From " + other.id() + ": " + other.notes();
    Incident merged = new Incident(kept.id(), kept.date(), kept.dateEnd(), kept.datePrecision(), kept.eventType(),
        kept.subType(), kept.placeId(), kept.placeName(), kept.country(), kept.admin1(), kept.admin2(),
        kept.locationPrecision(), kept.uncertaintyMetres(), kept.point(), actors,
        figures(kept.fatalities(), other.fatalities(), renamed), figures(kept.injuries(), other.injuries(), renamed),
        sources, notes, statements);
    // Parsed again: the merged record must keep the limits of any other.
    return IncidentJson.parse(IncidentJson.write(merged), kept.id());
  }

  private static List<Claim> figures(List<Claim> kept, List<Claim> other, Map<String, String> renamed) {
    List<Claim> out = new ArrayList<>(kept);
    for (Claim c : other) {
      out.add(new Claim(c.group(), c.side(), c.count(), c.low(), c.high(), c.claimedBy(), renamed.get(c.source()), c.madeAt()));
    }
    return out;
  }
}
