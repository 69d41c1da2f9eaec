package org.incidentatlas.derive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.ingest.SourceProblem;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.Status;
import org.incidentatlas.store.IncludedChange;

/**
 * What the incident records contribute to a build: the published records, which replace or add
 * to the incidents of geodata, and the ids of the others, which are not served at all.
 *
 * @param lastChange the newest change the build includes
 */
public record PublishedRecords(List<Incident> published, Set<String> withdrawn, Map<String, Integer> versions,
    IncludedChange lastChange) {

  public static PublishedRecords read(IncidentRecords records, SourceReport report) {
    long lastSeq = records.lastChange();
    IncludedChange lastChange = lastSeq == 0 ? IncludedChange.NONE : records.change(lastSeq)
        .orElse(new IncludedChange(lastSeq, "", 0));
    List<Incident> published = new ArrayList<>();
    Set<String> withdrawn = new HashSet<>();
    Map<String, Integer> versions = new HashMap<>();
    records.eachServed(s -> {
      if (s.changeSeq() > lastSeq) {
        return; // written while the build ran: the server applies it after the build
      }
      // A record with a change waiting for review serves its last published version.
      RecordVersion v = s.served();
      if (v == null || v.status() != Status.PUBLISHED) {
        withdrawn.add(s.incidentId());
        return;
      }
      versions.put(v.incidentId(), v.version());
      try {
        published.add(parse(v));
      } catch (InvalidRecord e) {
        withdrawn.add(v.incidentId());
        report.skip(new SourceProblem("records", "incident " + v.incidentId() + " version " + v.version(), e.getMessage()));
      }
    });
    return new PublishedRecords(published, withdrawn, versions, lastChange);
  }

  /** The incident of a stored version, as it was placed when written. */
  public static Incident parse(RecordVersion v) {
    return IncidentJson.parse(IncidentJson.tree(v.record()), v.incidentId());
  }
}
