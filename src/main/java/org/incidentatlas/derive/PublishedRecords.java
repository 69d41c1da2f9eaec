package org.incidentatlas.derive;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 * to the incidents of geodata, and the others, whose incidents are not served at all. The records
 * are read a page at a time whenever a layer is derived from them, never held all at once: with a
 * million records they would be most of the memory.
 */
public final class PublishedRecords {
  private static final int PAGE = 1000;

  private final IncidentRecords records;
  private final IncludedChange lastChange;
  private final SourceReport report;
  /** Records already reported as unservable: each layer reads them again. */
  private final Set<String> reported = new HashSet<>();

  /**
   * A published record's incident, the version of it that is served and when that version was
   * written (null for an incident of geodata).
   */
  public record Published(Incident incident, int version, Instant written) {}

  private PublishedRecords(IncidentRecords records, IncludedChange lastChange, SourceReport report) {
    this.records = records;
    this.lastChange = lastChange;
    this.report = report;
  }

  /**
   * The records as they stand now; records changed while the build runs are left to the server,
   * which applies them after the build ({@link #lastChange}).
   */
  public static PublishedRecords read(IncidentRecords records, SourceReport report) {
    long lastSeq = records.lastChange();
    IncludedChange lastChange = lastSeq == 0 ? IncludedChange.NONE : records.change(lastSeq)
        .orElse(new IncludedChange(lastSeq, "", 0));
    return new PublishedRecords(records, lastChange, report);
  }

  /** No records: a build of geodata alone. */
  public static PublishedRecords none() {
    return new PublishedRecords(null, IncludedChange.NONE, new SourceReport());
  }

  /** The newest change the build includes. */
  public IncludedChange lastChange() {
    return lastChange;
  }

  /** Those of {@code ids} that have a record, published or not: geodata's incident of that id is not served. */
  public Set<String> recorded(Collection<String> ids) {
    return records == null || ids.isEmpty() ? Set.of() : records.recorded(ids, lastChange.seq());
  }

  /**
   * The published records' incidents, in the order of their ids, read again at each iteration.
   * A record with a change waiting for review serves its last published version; one that cannot
   * be read under today's rules is left out, and the report says so once.
   */
  public Iterable<Published> published() {
    if (records == null) {
      return java.util.Collections::emptyIterator;
    }
    return () -> new Iterator<>() {
      private List<IncidentRecords.Served> page = List.of();
      private int at;
      private String after;
      private boolean last;
      private Published next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (at == page.size()) {
            if (last) {
              return false;
            }
            page = records.servedAfter(after, lastChange.seq(), PAGE);
            at = 0;
            last = page.size() < PAGE;
            if (page.isEmpty()) {
              return false;
            }
            after = page.get(page.size() - 1).incidentId();
          }
          next = published(page.get(at++));
        }
        return true;
      }

      @Override
      public Published next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Published p = next;
        next = null;
        return p;
      }
    };
  }

  private Published published(IncidentRecords.Served s) {
    RecordVersion v = s.served();
    return served(v, why -> {
      if (reported.add(v.incidentId())) {
        report.skip(new SourceProblem("records", "incident " + v.incidentId() + " version " + v.version(), why));
      }
    }).map(i -> new Published(i, v.version(), v.writtenAt())).orElse(null);
  }

  /**
   * The incident a version serves: none when it is not published, or when it cannot be read back
   * as an incident, which {@code unreadable} is told. A build and a publish decide it alike.
   */
  public static Optional<Incident> served(RecordVersion v, Consumer<String> unreadable) {
    if (v == null || v.status() != Status.PUBLISHED) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(v));
    } catch (InvalidRecord | IllegalArgumentException e) {
      unreadable.accept(e.getMessage());
      return Optional.empty();
    }
  }

  /** The incident of a stored version, as it was placed when written. */
  public static Incident parse(RecordVersion v) {
    return IncidentJson.parse(IncidentJson.tree(v.record()), v.incidentId());
  }
}
