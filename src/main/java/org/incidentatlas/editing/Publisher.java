package org.incidentatlas.editing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.derive.EnrichedIncident;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.derive.PublishedRecords;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.Status;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.IncludedChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served layers in step with the incident records. After every accepted change, and
 * every few seconds for changes made by the command line (an import), it applies the records
 * changed since the layers were last brought up to date: the same derivation as the build, over
 * the incidents the change touches, written in one transaction of the store.
 *
 * <p>It holds every served incident, enriched, in memory: the villages and zones are derived
 * again from them on each change. Geodata is read on first use, so a server that is never written
 * to never pays for it.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final long POLL_SECONDS = 2;

  private final AtlasStore store;
  private final IncidentRecords records;
  private final Path geodataDir;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "records-publisher");
    t.setDaemon(true);
    return t;
  });
  private volatile Derivation derivation;
  private Map<String, Incident> geodataIncidents;
  private Map<String, EnrichedIncident> published;
  private Map<String, Integer> versions;
  /** The newest change of the records the served set in memory follows. */
  private long tracked;

  public Publisher(AtlasStore store, IncidentRecords records, Path geodataDir) {
    this.store = store;
    this.records = records;
    this.geodataDir = geodataDir;
  }

  /** Catches up every few seconds, until closed; the server catches up once before it starts. */
  public void start() {
    poller.scheduleWithFixedDelay(() -> {
      try {
        catchUp();
      } catch (RuntimeException e) {
        LOG.error("cannot bring the layers up to date with the records", e);
      }
    }, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
  }

  /** The processing of the build, over the geodata the server was started with. */
  public Derivation derivation() {
    Derivation d = derivation;
    if (d == null) {
      synchronized (this) {
        load();
        d = derivation;
      }
    }
    return d;
  }

  /** The incident of geodata with this id, for records that have none of their own yet. */
  public synchronized Optional<Incident> geodataIncident(String id) {
    load();
    return Optional.ofNullable(geodataIncidents.get(id));
  }

  /** The incidents served now, enriched. */
  public synchronized List<EnrichedIncident> published() {
    load();
    return List.copyOf(published.values());
  }

  /**
   * Applies every record changed since the layers were last brought up to date; returns how many.
   * Where servers share the database, another may have applied some of them already, or may be
   * applying them now: the store applies under a lock what the layers still lack when it holds it.
   */
  public synchronized int catchUp() {
    long newest = records.lastChange();
    // Nothing to apply, and nothing to follow unless the served set is in memory already.
    if (newest <= store.includedChange().seq() && (published == null || newest <= tracked)) {
      return 0;
    }
    load();
    // The served set follows every change, also those another server applied to the layers.
    List<IncidentRecords.Served> changed = records.servedChangedSince(tracked);
    if (!changed.isEmpty()) {
      changed.forEach(s -> track(s.incidentId(), s.served()));
      tracked = changed.get(changed.size() - 1).changeSeq();
    }
    long upTo = Math.max(newest, tracked);
    if (store.includedChange().seq() >= upTo) {
      return 0;
    }
    IncludedChange target = records.change(upTo).orElse(new IncludedChange(upTo, "", 0));
    int[] applied = {0};
    store.apply(includedNow -> {
      // In the order of their changes: the last is the newest change of all the records.
      List<String> ids = records.servedChangedSince(includedNow).stream().map(IncidentRecords.Served::incidentId).toList();
      applied[0] = ids.size();
      return derivation.changes(ids, published, versions, store.ids("shelled_villages"));
    }, target);
    return applied[0];
  }

  /**
   * Brings the layers up to date, as after a write the records have stored. That write is on the
   * disk and is acknowledged whatever happens here: when the layers cannot follow now, the poller
   * tries again, and a server that stops before it does catches up at its next start.
   */
  public void tryCatchUp() {
    try {
      catchUp();
    } catch (RuntimeException e) {
      LOG.error("the layers do not show the latest change yet; trying again in {} s", POLL_SECONDS, e);
    }
  }

  /**
   * Takes the version of a record the layers serve into the served set (the current one, or the
   * last published one while a change to it waits for review), or the record out of it.
   */
  private void track(String id, RecordVersion v) {
    published.remove(id);
    if (v == null || v.status() != Status.PUBLISHED) {
      versions.remove(id);
      return;
    }
    versions.put(id, v.version());
    try {
      published.put(v.incidentId(), derivation.enrich(PublishedRecords.parse(v)));
    } catch (InvalidRecord | IllegalArgumentException e) {
      LOG.error("record {} version {} cannot be served: {}", v.incidentId(), v.version(), e.getMessage());
    }
  }

  private void load() {
    if (published != null) {
      return;
    }
    SourceReport report = new SourceReport();
    Geodata data = Geodata.read(geodataDir, report);
    Derivation d = new Derivation(data);
    Map<String, Incident> fromGeodata = new LinkedHashMap<>();
    data.incidents().forEach(i -> fromGeodata.put(i.id(), i));
    geodataIncidents = fromGeodata;
    derivation = d;
    versions = new HashMap<>();
    published = new LinkedHashMap<>();
    // Chosen as the build chooses them; the build has reported those it cannot serve.
    for (EnrichedIncident e : d.served(List.of(), Set.of(), new SourceReport())) {
      published.put(e.incident().id(), e);
    }
    // Read first: a change written while the records are read is taken up again, which is harmless.
    tracked = records.lastChange();
    records.eachServed(s -> track(s.incidentId(), s.served()));
  }

  /** Stops the polling and waits for a catch-up under way, so that it never meets a closed database. */
  @Override
  public void close() {
    poller.shutdown();
    try {
      if (!poller.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the layers were still being brought up to date at shutdown; the next start catches up");
        poller.shutdownNow();
      }
    } catch (InterruptedException e) {
      poller.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
