package org.incidentatlas.editing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.derive.PublishedRecords;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.Attribute;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.Condition;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.IncludedChange;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.PropertyFilter;
import org.incidentatlas.store.TimeRange;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served layers in step with the incident records. After every accepted change, and
 * every few seconds for changes made by the command line (an import), it applies the records
 * changed since the layers were last brought up to date: the same derivation as the build, over
 * the features the change touches, written in one transaction of the store.
 *
 * <p>It holds nothing per record: what a change leaves behind (where an incident was, the other
 * incidents of its village and zone) is read from the served layers. Geodata is read on first
 * use, so a server that is never written to never pays for it.
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
  private volatile Map<String, Incident> geodataIncidents;

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
    load();
    return derivation;
  }

  /** The incident of geodata with this id, for records that have none of their own yet. */
  public Optional<Incident> geodataIncident(String id) {
    load();
    return Optional.ofNullable(geodataIncidents.get(id));
  }

  /**
   * The served incidents of the same event type within {@code days} of {@code incident} that lie
   * in {@code box} or at its place, each given to {@code sink} once, with no more than a duplicate
   * check compares: none is held here.
   */
  public void servedNear(Incident incident, Bbox box, int days, Consumer<Incident> sink) {
    Optional<LayerInfo> layer = store.layer("incidents");
    if (layer.isEmpty()) {
      return;
    }
    Attribute eventType = layer.get().attribute("event_type").orElseThrow();
    TimeRange time = new TimeRange(incident.date().minusDays(days), incident.dateEnd().plusDays(days));
    List<PropertyFilter> sameType = List.of(new PropertyFilter(eventType, List.of(incident.eventType())));
    List<String> wanted = List.of("id", "place_id", "place_name", "event_type");
    Function<AtlasStore.FeatureValues, Incident> incidentOf = f -> new Incident((String) f.values().get("id"), f.start(),
        f.end(), null, (String) f.values().get("event_type"), null, (String) f.values().get("place_id"),
        (String) f.values().get("place_name"), null, null, null, null, 0, (Point) f.geometry(), List.of(), List.of(),
        List.of(), List.of(), "");
    store.streamValues("incidents", new FeatureQuery(box, time, sameType, null, List.of(), FeatureQuery.UNLIMITED, 0),
        wanted, f -> sink.accept(incidentOf.apply(f)));
    if (incident.placeId() != null) {
      // Those at the place inside the box came with the box.
      List<Geometry> inBox = box.polygons();
      store.streamValues("incidents", new FeatureQuery(null, time, sameType,
          Condition.equal(layer.get(), "place_id", incident.placeId()), List.of(), FeatureQuery.UNLIMITED, 0), wanted, f -> {
            if (inBox.stream().noneMatch(b -> b.intersects(f.geometry()))) {
              sink.accept(incidentOf.apply(f));
            }
          });
    }
  }

  /**
   * Applies every record changed since the layers were last brought up to date; returns how many.
   * Where servers share the database, another may have applied some of them already, or may be
   * applying them now: the store applies under a lock what the layers still lack when it holds it.
   */
  public synchronized int catchUp() {
    long newest = records.lastChange();
    if (newest <= store.includedChange().seq()) {
      return 0;
    }
    Derivation d = derivation();
    IncludedChange target = records.change(newest).orElse(new IncludedChange(newest, "", 0));
    int[] applied = {0};
    store.apply(includedNow -> {
      List<Derivation.Changed> changed = new ArrayList<>();
      for (IncidentRecords.Served s : records.servedChangedSince(includedNow)) {
        changed.add(changed(s));
      }
      applied[0] = changed.size();
      return d.changes(changed, store);
    }, target);
    return applied[0];
  }

  /** The incident a changed record serves now (the current version, or the last published one while a change to it waits for review), if any. */
  private static Derivation.Changed changed(IncidentRecords.Served s) {
    RecordVersion v = s.served();
    return PublishedRecords.served(v, why -> LOG.error("record {} version {} cannot be served: {}", v.incidentId(), v.version(), why))
        .map(i -> new Derivation.Changed(s.incidentId(), i, v.version(), v.writtenAt()))
        .orElse(new Derivation.Changed(s.incidentId(), null, 0, null));
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

  /** Reads geodata once: the fixed parts the derivation works over, and its incidents. */
  private void load() {
    if (derivation != null) {
      return;
    }
    synchronized (this) {
      if (derivation != null) {
        return;
      }
      Geodata data = Geodata.read(geodataDir, new SourceReport());
      Map<String, Incident> fromGeodata = new LinkedHashMap<>();
      data.incidents().forEach(i -> fromGeodata.put(i.id(), i));
      geodataIncidents = fromGeodata;
      derivation = new Derivation(data);
    }
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
