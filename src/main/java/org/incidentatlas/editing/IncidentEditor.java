package org.incidentatlas.editing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.derive.PublishedRecords;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.Status;
import org.incidentatlas.store.Bbox;
import org.incidentatlas.store.StoreException;

/**
 * The rules of writing incident records: who may make which change in which status, optimistic
 * locking by version, and what each change stores. Every accepted change is a new version in one
 * transaction; when it touches a published record the served layers are brought up to date before
 * the call returns.
 *
 * <p>Callers have signed the caller in with at least the editor role (a missing or unknown token
 * is the HTTP layer's 401); the rules here are those that depend on the record and its status.
 *
 * <p>An incident of geodata that has no record yet gets one on its first change: version 1 is the
 * incident as geodata has it, published, so its history starts where the atlas did.
 */
public final class IncidentEditor {
  /** The author of the versions that copy geodata's incidents. */
  public static final String GEODATA_AUTHOR = "geodata";
  private static final int MAX_NOTE = 2000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();

  private final IncidentRecords records;
  private final Publisher publisher;

  /** A change accepted: the version stored and the possible duplicates of the record. */
  public record Written(RecordVersion version, Duplicates.Found duplicates) {}

  /** The moves of the review workflow and the role each needs. */
  private record Move(Status from, Status to, Role role) {}

  private static final List<Move> MOVES = List.of(
      new Move(Status.DRAFT, Status.IN_REVIEW, Role.EDITOR),
      new Move(Status.IN_REVIEW, Status.DRAFT, Role.EDITOR),
      new Move(Status.REJECTED, Status.DRAFT, Role.EDITOR),
      new Move(Status.IN_REVIEW, Status.PUBLISHED, Role.REVIEWER),
      new Move(Status.IN_REVIEW, Status.REJECTED, Role.REVIEWER),
      new Move(Status.PUBLISHED, Status.IN_REVIEW, Role.REVIEWER),
      new Move(Status.ARCHIVED, Status.DRAFT, Role.REVIEWER));

  public IncidentEditor(IncidentRecords records, Publisher publisher) {
    this.records = records;
    this.publisher = publisher;
  }

  /** The ETag of a record version. */
  public static String etag(int version) {
    return "\"v" + version + "\"";
  }

  /** Creates a draft. The feature's id is used when it gives one, else one is made. */
  public Written create(Principal who, JsonNode feature, String note) {
    String id = feature != null && feature.hasNonNull("id") ? feature.get("id").asText() : newId();
    Incident placed = placed(feature, id);
    if (publisher.geodataIncident(id).isPresent()) {
      throw EditRefused.conflict(MessageKey.EDIT_EXISTS.with("id", id));
    }
    RecordVersion v = transaction(c -> {
      if (records.exists(c, id)) {
        throw EditRefused.conflict(MessageKey.EDIT_EXISTS.with("id", id));
      }
      ObjectNode written = IncidentJson.write(placed);
      return records.create(c, version(id, 1, Status.DRAFT, null, who.name(), note, List.of("created"), written),
          written);
    });
    return new Written(v, duplicates(placed));
  }

  /** Replaces a record's content (PUT). */
  public Written replace(Principal who, String id, String ifMatch, JsonNode feature, String note) {
    Incident placed = placed(feature, id);
    return change(who, id, ifMatch, note, placed);
  }

  /** Applies a JSON merge patch (RFC 7396) to a record's content (PATCH). */
  public Written patch(Principal who, String id, String ifMatch, JsonNode mergePatch, String note) {
    if (mergePatch == null || !mergePatch.isObject()) {
      throw new InvalidRecord("", MessageKey.RECORD_MERGE_PATCH_OBJECT.with());
    }
    RecordVersion current = currentOrGeodata(id)
        .orElseThrow(() -> EditRefused.notFound(id));
    JsonNode merged = mergePatch(IncidentJson.tree(current.record()), mergePatch);
    Incident placed = placed(merged, id);
    return change(who, id, ifMatch, note, placed);
  }

  private Written change(Principal who, String id, String ifMatch, String note, Incident placed) {
    RecordVersion v = write(id, ifMatch, (c, current) -> {
      // An editor's change to a published record waits for review; the published version stays served.
      boolean proposal = current.status() == Status.PUBLISHED && !who.role().includes(Role.REVIEWER);
      if (!proposal) {
        mayChange(who, current.status());
      }
      ObjectNode written = IncidentJson.write(placed);
      List<String> changed = changedFields(IncidentJson.tree(current.record()), written);
      if (changed.isEmpty()) {
        throw EditRefused.conflict(MessageKey.EDIT_UNCHANGED.with("version", current.version()));
      }
      if (proposal) {
        return records.addPending(c, version(id, current.version() + 1, Status.IN_REVIEW, null, who.name(), note, changed,
            written));
      }
      // A rejected record that is worked on again is a draft again.
      Status status = current.status() == Status.REJECTED ? Status.DRAFT : current.status();
      return records.add(c, version(id, current.version() + 1, status, null, who.name(), note, changed, written));
    });
    return new Written(v, duplicates(placed));
  }

  /** Archives a record (DELETE): it leaves every layer but keeps its history. */
  public RecordVersion archive(Principal who, String id, String ifMatch, String reason) {
    requireReason(reason, "archive");
    return write(id, ifMatch, (c, current) -> {
      if (current.status() == Status.ARCHIVED) {
        throw EditRefused.conflict(MessageKey.EDIT_ALREADY_ARCHIVED.with("id", id));
      }
      mayChange(who, current.status());
      if (records.servedVersion(c, id).isPresent() && !who.role().includes(Role.REVIEWER)) {
        throw EditRefused.forbidden(MessageKey.EDIT_ARCHIVE_WAITING_CHANGE.with("id", id, "yours", who.role().id()));
      }
      return records.add(c, new RecordVersion(id, current.version() + 1, 0, Status.ARCHIVED, reason, who.name(),
          IncidentRecords.now(), reason, List.of("status"), current.record()));
    });
  }

  /** Moves a record through review. */
  public RecordVersion move(Principal who, String id, String ifMatch, Status to, String reason) {
    if (to.needsReason()) {
      requireReason(reason, to.id());
    }
    return write(id, ifMatch, (c, current) -> {
      Move move = MOVES.stream().filter(m -> m.from() == current.status() && m.to() == to).findFirst()
          .orElseThrow(() -> EditRefused.conflict((to == Status.ARCHIVED ? MessageKey.EDIT_CANNOT_MOVE_ARCHIVE
              : MessageKey.EDIT_CANNOT_MOVE).with("from", current.status().id(), "to", to.id(),
              "allowed", allowedFrom(current.status()))));
      if (!who.role().includes(move.role())) {
        throw EditRefused.forbidden(MessageKey.EDIT_MOVE_NEEDS_ROLE.with("from", current.status().id(), "to", to.id(),
            "role", move.role().id(), "yours", who.role().id()));
      }
      return records.add(c, new RecordVersion(id, current.version() + 1, 0, to, to.needsReason() ? reason : null,
          who.name(), IncidentRecords.now(), reason, List.of("status"), current.record()));
    });
  }

  /**
   * Merges record {@code from} into {@code into}: its sources, claims and parties join those of
   * {@code into}, and {@code from} is archived as merged. Both histories stay.
   */
  public RecordVersion merge(Principal who, String into, String ifMatch, String from, String reason) {
    requireRole(who, Role.REVIEWER, "merge incidents");
    requireReason(reason, "merge");
    if (from == null || from.equals(into)) {
      throw new InvalidRecord("from", MessageKey.RECORD_MERGE_WHICH.with("into", into));
    }
    RecordVersion fromVersion = currentOrGeodata(from).orElseThrow(() -> EditRefused.notFound(from));
    if (fromVersion.status() == Status.ARCHIVED) {
      throw EditRefused.conflict(MessageKey.EDIT_FROM_ARCHIVED.with("id", from));
    }
    RecordVersion merged = write(into, ifMatch, (c, current) -> {
      if (current.status() == Status.ARCHIVED) {
        throw EditRefused.conflict(MessageKey.EDIT_INTO_ARCHIVED.with("id", into));
      }
      Incident target = PublishedRecords.parse(current);
      // The merged record is checked as any other write is, places and all.
      Incident combined = publisher.derivation().place(Merge.of(target, PublishedRecords.parse(fromVersion)));
      ObjectNode written = IncidentJson.write(combined);
      List<String> changed = changedFields(IncidentJson.tree(current.record()), written);
      RecordVersion v = records.add(c, version(into, current.version() + 1, current.status(), null, who.name(),
          "merged " + from + " into it: " + reason, changed, written));
      RecordVersion source = lockedCurrent(c, from);
      if (source.version() != fromVersion.version()) {
        throw EditRefused.stale(MessageKey.EDIT_CHANGED_WHILE_MERGING.with("id", from));
      }
      records.add(c, new RecordVersion(from, source.version() + 1, 0, Status.ARCHIVED, "merged into " + into + ": " + reason,
          who.name(), IncidentRecords.now(), "merged into " + into, List.of("status"), source.record()));
      return v;
    });
    publisher.tryCatchUp();
    return merged;
  }

  /** The current version of a record, or version 1 of a geodata incident that has none yet. */
  public Optional<RecordVersion> currentOrGeodata(String id) {
    Optional<RecordVersion> current = records.current(id);
    if (current.isPresent()) {
      return current;
    }
    return publisher.geodataIncident(id).map(this::geodataVersion);
  }

  /** Every version of a record, oldest first; a geodata incident without record has its one. */
  public List<RecordVersion> history(String id) {
    List<RecordVersion> versions = records.history(id);
    if (!versions.isEmpty()) {
      return versions;
    }
    return publisher.geodataIncident(id).map(i -> List.of(geodataVersion(i))).orElse(List.of());
  }

  /**
   * Possible duplicates of a record among served records and those being written or reviewed.
   * Records in the works are compared by what is kept beside them (type, days, point, place), not
   * read whole: a place with a long record in the works costs a row each, not a parse each.
   */
  public Duplicates.Found duplicates(Incident incident) {
    Bbox reach = Duplicates.reach(incident.point());
    List<Status> inTheWorks = List.of(Status.DRAFT, Status.IN_REVIEW);
    Duplicates.Nearest nearest = new Duplicates.Nearest(incident);
    publisher.servedNear(incident, reach, Duplicates.MAX_DAYS, nearest::offer);
    for (IncidentRecords.Reported r : records.near(inTheWorks, incident.eventType(), incident.date(),
        incident.dateEnd(), Duplicates.MAX_DAYS, reach, incident.placeId())) {
      // A place id names one place of the gazetteer, so a record at the same place has its name.
      String placeName = r.placeId() != null && r.placeId().equals(incident.placeId()) ? incident.placeName() : null;
      nearest.offer(r.id(), r.eventType(), r.from(), r.to(), r.placeId(), placeName, r.lon(), r.lat());
    }
    return nearest.found();
  }

  public IncidentRecords records() {
    return records;
  }

  // ---------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Change {
    RecordVersion apply(Connection c, RecordVersion current) throws SQLException;
  }

  /**
   * Runs a change of an existing record in one transaction, holding the record's lock from the
   * check of {@code If-Match} to the new version, then brings the layers up to date when the
   * change touches what is served.
   */
  private RecordVersion write(String id, String ifMatch, Change change) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new EditRefused(428, "PreconditionRequired", MessageKey.EDIT_IF_MATCH_REQUIRED.with());
    }
    boolean[] touchesServed = new boolean[1];
    RecordVersion written = transaction(c -> {
      RecordVersion current = lockedCurrent(c, id);
      if (!matches(ifMatch, current.version())) {
        throw EditRefused.stale(MessageKey.EDIT_STALE.with("id", id, "version", current.version(),
            "etag", etag(current.version()), "sent", ifMatch.strip()));
      }
      boolean servedBefore = records.servedVersion(c, id).isPresent();
      RecordVersion v = change.apply(c, current);
      touchesServed[0] = servedBefore || current.status() == Status.PUBLISHED || v.status() == Status.PUBLISHED;
      return v;
    });
    if (touchesServed[0]) {
      publisher.tryCatchUp();
    }
    return written;
  }

  /** The record's current version under lock; a geodata incident gets its version 1 stored first. */
  private RecordVersion lockedCurrent(Connection c, String id) throws SQLException {
    Optional<RecordVersion> current = records.currentForUpdate(c, id);
    if (current.isPresent()) {
      return current.get();
    }
    Incident fromGeodata = publisher.geodataIncident(id).orElseThrow(() -> EditRefused.notFound(id));
    return records.add(c, geodataVersion(fromGeodata));
  }

  private RecordVersion geodataVersion(Incident i) {
    return new RecordVersion(i.id(), 1, 0, Status.PUBLISHED, null, GEODATA_AUTHOR, IncidentRecords.now(),
        "as recorded in geodata/incidents.geojson", List.of("created"), IncidentJson.bytes(IncidentJson.write(i)));
  }

  /**
   * SQL states of a write that met another at the same record: a duplicate key (two creations of
   * one id), a lock timeout (H2), a deadlock or serialization failure (both engines), a lock not
   * available (PostgreSQL).
   */
  private static final Set<String> CONCURRENT = Set.of("23505", "HYT00", "40001", "40P01", "55P03");

  private <T> T transaction(org.incidentatlas.records.RecordsDb.Work<T> work) {
    try {
      return records.db().transaction(work);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && CONCURRENT.contains(sql.getSQLState())) {
        throw EditRefused.stale(MessageKey.EDIT_CONCURRENT.with());
      }
      throw e;
    }
  }

  private static boolean matches(String ifMatch, int version) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag(version)) || t.equals("W/" + etag(version))) {
        return true;
      }
    }
    return false;
  }

  private Incident placed(JsonNode feature, String id) {
    return publisher.derivation().place(IncidentJson.parse(feature, id));
  }

  private static RecordVersion version(String id, int version, Status status, String reason, String author, String note,
      List<String> changed, ObjectNode written) {
    return new RecordVersion(id, version, 0, status, reason, author, IncidentRecords.now(), checkedNote(note), changed,
        IncidentJson.bytes(written));
  }

  private static String checkedNote(String note) {
    if (note != null && note.length() > MAX_NOTE) {
      throw new InvalidRecord("note", MessageKey.RECORD_TOO_LONG.with("length", note.length(), "max", MAX_NOTE));
    }
    return note == null || note.isBlank() ? null : note.strip();
  }

  private static void requireReason(String reason, String what) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidRecord("reason", MessageKey.RECORD_REASON_REQUIRED.with("action", what));
    }
    checkedNote(reason);
  }

  private static void requireRole(Principal who, Role role, String what) {
    if (!who.role().includes(role)) {
      throw EditRefused.forbidden(MessageKey.EDIT_NEEDS_ROLE.with("action", what, "role", role.id(), "yours", who.role().id()));
    }
  }

  /**
   * Editors change drafts and records in review; archived records are for reviewers, and so is
   * a published one, which an editor's change does not replace but proposes (see {@link #replace}).
   */
  private static void mayChange(Principal who, Status status) {
    if ((status == Status.PUBLISHED || status == Status.ARCHIVED) && !who.role().includes(Role.REVIEWER)) {
      throw EditRefused.forbidden(MessageKey.EDIT_REVIEWER_CHANGES.with("status", status.id(), "yours", who.role().id()));
    }
  }

  private static String allowedFrom(Status from) {
    List<String> to = MOVES.stream().filter(m -> m.from() == from).map(m -> m.to().id()).toList();
    return to.isEmpty() ? "nothing" : String.join(", ", to);
  }

  private static String newId() {
    StringBuilder sb = new StringBuilder("IA-");
    for (int i = 0; i < 8; i++) {
      sb.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
    }
    return sb.toString();
  }

  /** The top-level fields in which two versions of a record differ. */
  static List<String> changedFields(JsonNode before, JsonNode after) {
    Set<String> out = new LinkedHashSet<>();
    if (!before.path("geometry").equals(after.path("geometry"))) {
      out.add("geometry");
    }
    Set<String> keys = new LinkedHashSet<>();
    before.path("properties").fieldNames().forEachRemaining(keys::add);
    after.path("properties").fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      if (!before.path("properties").path(k).equals(after.path("properties").path(k))) {
        out.add(k);
      }
    }
    return List.copyOf(out);
  }

  /** RFC 7396: objects merge key by key, null removes, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : IncidentJson.JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }
}
