package org.incidentatlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.derive.PublishedRecords;
import org.incidentatlas.editing.Duplicates;
import org.incidentatlas.editing.IncidentEditor;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.message.InvalidArgument;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.Status;
import org.incidentatlas.store.StoredFeature;

/**
 * Writing incident records: OGC API Features Part 4 (create, replace, update, delete) on the
 * incidents collection, the review workflow, merging, and the history of every record. Handlers
 * read the request and hand it to {@link IncidentEditor}, which holds the rules.
 */
final class RecordsApi {
  static final String COLLECTION = "incidents";
  /** A record is a few kilobytes; this leaves room for long quotes and many sources. */
  static final int MAX_BODY_BYTES = 256 * 1024;
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final Set<String> FEATURE_TYPES = Set.of(Formats.GEOJSON, Formats.JSON);
  private static final String FEATURE = "the request body must be an incident record, a GeoJSON Feature object";

  private final IncidentEditor editor;
  private final OgcApi ogc;

  RecordsApi(IncidentEditor editor, OgcApi ogc) {
    this.editor = editor;
    this.ogc = ogc;
  }

  /** POST on the items: a new draft. */
  void create(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    ObjectNode body = body(ctx, FEATURE_TYPES, FEATURE);
    IncidentEditor.Written w = editor.create(who, body, note(body));
    String href = itemHref(ctx, w.version().incidentId());
    ctx.status(201).header("Location", href);
    // Nothing to read back: the record was made by this transaction, with no id of another
    // dataset and no version served.
    respond(ctx, w.version(), w.duplicates(), List.of(), Optional.empty());
  }

  /** PUT: the record replaced by the body. */
  void replace(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    ObjectNode body = body(ctx, FEATURE_TYPES, FEATURE);
    IncidentEditor.Written w = editor.replace(who, id(ctx), ctx.header("If-Match"), body, note(body));
    respond(ctx, w.version(), w.duplicates());
  }

  /** PATCH: a JSON merge patch of the record. */
  void patch(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    ObjectNode body = body(ctx, Set.of(MERGE_PATCH, Formats.JSON), "the request body must be a JSON merge patch (RFC 7396)"
        + " of the record, an object");
    IncidentEditor.Written w = editor.patch(who, id(ctx), ctx.header("If-Match"), body, note(body));
    respond(ctx, w.version(), w.duplicates());
  }

  /** DELETE: archives the record, with the reason given as {@code ?reason=} or in a JSON body. */
  void archive(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    String reason = ctx.queryParam("reason");
    Optional<ObjectNode> body = JsonBody.optionalObject(ctx, Set.of(Formats.JSON), MAX_BODY_BYTES,
        "the request body, when there is one, must be a JSON object with reason");
    if (body.isPresent()) {
      String inBody = text(fields(body.get(), Set.of("reason")), "reason");
      if (reason != null && inBody != null) {
        throw new InvalidRecord("reason", MessageKey.RECORD_REASON_TWICE.with());
      }
      reason = reason == null ? inBody : reason;
    }
    RecordVersion v = editor.archive(who, id(ctx), ctx.header("If-Match"), reason);
    respond(ctx, v, null);
  }

  /** POST {@code {"status": ..., "reason": ...}} to .../status: a move through review. */
  void status(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    JsonNode body = fields(body(ctx, Set.of(Formats.JSON), "the request body must be a JSON object"), Set.of("status", "reason"));
    String to = text(body, "status");
    Status status;
    try {
      status = Status.of(to);
    } catch (InvalidArgument e) {
      throw new InvalidRecord("status", to == null ? MessageKey.RECORD_REQUIRED.with() : e.text());
    }
    RecordVersion v = editor.move(who, id(ctx), ctx.header("If-Match"), status, text(body, "reason"));
    respond(ctx, v, null);
  }

  /** POST {@code {"from": id, "reason": ...}} to .../merge: merges record {@code from} into this one. */
  void merge(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    incidentsOnly(ctx);
    JsonNode body = fields(body(ctx, Set.of(Formats.JSON), "the request body must be a JSON object"), Set.of("from", "reason"));
    RecordVersion v = editor.merge(who, id(ctx), ctx.header("If-Match"), text(body, "from"),
        text(body, "reason"));
    respond(ctx, v, null);
  }

  /**
   * GET of an incident: a published one as the layer serves it, with its ETag; a record that is not
   * published only for editors, as written. Archived records are gone (410) for everyone else.
   */
  void item(Context ctx) throws IOException {
    if (!COLLECTION.equals(ctx.pathParam("collectionId"))) {
      ogc.item(ctx);
      return;
    }
    // An editor reads a record as it stands, a change waiting for review included.
    if (Authenticator.principal(ctx).role().includes(Role.EDITOR)) {
      Optional<RecordVersion> current = editor.records().current(ctx.pathParam("featureId"));
      if (current.isPresent() && current.get().status() != Status.PUBLISHED) {
        notServed(ctx, current.get().incidentId());
        return;
      }
    }
    // The layer answers for what is published, so a public read never touches the records.
    ogc.item(ctx, new OgcApi.ItemAnswer() {
      @Override
      public void served(Context c, StoredFeature feature) {
        c.header("ETag", IncidentEditor.etag(IncidentJson.tree(feature.properties()).path("version").asInt(1)));
      }

      @Override
      public void absent(Context c, String id) {
        notServed(c, id);
      }
    });
  }

  /** A record the layer does not serve: editors get it as written; archived ones are gone for others. */
  private void notServed(Context ctx, String id) {
    Optional<RecordVersion> current = editor.records().current(id);
    boolean editorCalls = Authenticator.principal(ctx).role().includes(Role.EDITOR);
    if (current.isEmpty() || current.get().status() == Status.PUBLISHED || !editorCalls) {
      if (current.isPresent() && current.get().status() == Status.ARCHIVED) {
        throw new ApiException(410, "Gone", MessageKey.RECORD_ARCHIVED.with("id", id, "reason", current.get().reason()));
      }
      throw ApiException.notFound(MessageKey.NO_FEATURE.with("id", id, "collection", COLLECTION));
    }
    RecordVersion v = current.get();
    respond(ctx, v, v.status() == Status.ARCHIVED ? null : editor.duplicates(PublishedRecords.parse(v)));
  }

  /** GET .../history: every version of a record, oldest first. */
  void history(Context ctx) {
    incidentsOnly(ctx);
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("f"));
    Representation r = Representation.of(ctx);
    String id = id(ctx);
    List<RecordVersion> versions = readableHistory(ctx, id);
    String href = itemHref(ctx, id);
    ObjectNode out = IncidentJson.JSON.createObjectNode();
    out.put("id", id);
    ArrayNode list = out.putArray("versions");
    for (RecordVersion v : versions) {
      ObjectNode o = summary(v);
      o.putArray("links").addObject().put("rel", "item").put("type", Formats.GEOJSON)
          .put("href", href + "/history/" + v.version());
      list.add(o);
    }
    ArrayNode links = out.putArray("links");
    links.addObject().put("rel", "self").put("type", Formats.JSON).put("href", href + "/history");
    links.addObject().put("rel", "item").put("type", Formats.GEOJSON).put("href", href);
    if (r == Representation.HTML) {
      Pages.document(ctx, "History of " + id, out, Formats.JSON);
      return;
    }
    ctx.json(out);
  }

  /** GET .../history/{version}: the record as it was in that version. */
  void version(Context ctx) {
    incidentsOnly(ctx);
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("f"));
    Representation r = Representation.of(ctx);
    String id = id(ctx);
    int number;
    try {
      number = Integer.parseInt(ctx.pathParam("version"));
    } catch (NumberFormatException e) {
      throw ApiException.badParameter(MessageKey.BAD_VERSION.with("value", ctx.pathParam("version")));
    }
    RecordVersion v = readableHistory(ctx, id).stream().filter(h -> h.version() == number).findFirst()
        .orElseThrow(() -> ApiException.notFound(MessageKey.NO_VERSION.with("id", id, "version", number)));
    ObjectNode feature = recordFeature(v);
    ctx.header("ETag", IncidentEditor.etag(v.version()));
    if (r == Representation.HTML) {
      Pages.document(ctx, id + ", version " + number, feature, Formats.GEOJSON);
      return;
    }
    sendGeoJson(ctx, feature);
  }

  /** GET /api/records?status=...: records for editors and reviewers, newest change first. */
  void list(Context ctx) {
    Principal who = Authenticator.require(ctx, Role.EDITOR);
    QueryParams.checkKnown(ctx.queryParamMap(), Set.of("status", "mine", "limit", "f"));
    Representation r = Representation.of(ctx);
    List<Status> statuses = new ArrayList<>();
    String statusParam = ctx.queryParam("status");
    try {
      for (String s : (statusParam == null ? "draft,in_review" : statusParam).split(",")) {
        statuses.add(Status.of(s.strip().toLowerCase(Locale.ROOT)));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("status: " + e.getMessage());
    }
    boolean mine = "true".equals(ctx.queryParam("mine"));
    int limit = (int) QueryParams.integer(ctx.queryParamMap(), "limit", 100, 1, 1000);
    ArrayNode records = IncidentJson.JSON.createArrayNode();
    List<RecordVersion> listed = editor.records().list(statuses, mine ? who.name() : null, limit);
    Map<String, Integer> served = editor.records().servedVersions(listed.stream().map(RecordVersion::incidentId).toList());
    for (RecordVersion v : listed) {
      ObjectNode o = summary(v);
      JsonNode tree = IncidentJson.tree(v.record());
      JsonNode p = tree.path("properties");
      for (String field : List.of("date", "event_type", "place_name", "country")) {
        o.set(field, p.path(field));
      }
      // Where it is, so that a map can show the records in the works.
      o.set("geometry", tree.path("geometry"));
      o.put("href", itemHref(ctx, v.incidentId()));
      publishedVersion(v, o, Optional.ofNullable(served.get(v.incidentId())));
      records.add(o);
    }
    ObjectNode out = IncidentJson.JSON.createObjectNode();
    out.set("records", records);
    if (r == Representation.HTML) {
      Pages.document(ctx, "Records", out, Formats.JSON);
      return;
    }
    ctx.json(out);
  }

  /** Bytes, not a String: Jetty would encode a String in Latin-1 and lose "Ağdam". */
  private static void sendGeoJson(Context ctx, ObjectNode feature) {
    ctx.contentType(Formats.GEOJSON).result(feature.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------

  private List<RecordVersion> readableHistory(Context ctx, String id) {
    List<RecordVersion> versions = editor.history(id);
    if (versions.isEmpty()) {
      throw ApiException.notFound(MessageKey.NO_INCIDENT.with("id", id));
    }
    // The history of what is published is public, up to the version served: a change waiting
    // for review, like a record still in the works, is for editors only.
    if (Authenticator.principal(ctx).role().includes(Role.EDITOR)) {
      return versions;
    }
    RecordVersion last = versions.get(versions.size() - 1);
    int served = last.status() == Status.PUBLISHED ? last.version() : editor.records().servedVersion(id).orElse(0);
    if (served == 0) {
      throw ApiException.notFound(MessageKey.NO_INCIDENT.with("id", id));
    }
    return versions.stream().filter(v -> v.version() <= served).toList();
  }

  /** {@code duplicates} null when they were not looked for (a status move): then none are listed. */
  private void respond(Context ctx, RecordVersion v, Duplicates.Found duplicates) {
    respond(ctx, v, duplicates, editor.records().externalIds(v.incidentId()), editor.records().servedVersion(v.incidentId()));
  }

  private void respond(Context ctx, RecordVersion v, Duplicates.Found duplicates, List<String> externalIds,
      Optional<Integer> served) {
    ObjectNode feature = recordFeature(v);
    ObjectNode p = (ObjectNode) feature.get("properties");
    if (duplicates != null) {
      p.set("possible_duplicates", IncidentJson.JSON.valueToTree(duplicates.nearest()));
      p.put("possible_duplicates_total", duplicates.total());
    }
    p.set("external_ids", IncidentJson.JSON.valueToTree(externalIds));
    publishedVersion(v, p, served);
    ArrayNode links = feature.putArray("links");
    String href = itemHref(ctx, v.incidentId());
    links.addObject().put("rel", "self").put("type", Formats.GEOJSON).put("href", href);
    links.addObject().put("rel", "version-history").put("type", Formats.JSON).put("href", href + "/history");
    ctx.header("ETag", IncidentEditor.etag(v.version()));
    sendGeoJson(ctx, feature);
  }

  /** A change to a published record names the version that stays served until it is published. */
  private static void publishedVersion(RecordVersion v, ObjectNode out, Optional<Integer> served) {
    if (v.status() == Status.PUBLISHED || v.status() == Status.ARCHIVED) {
      return;
    }
    served.ifPresent(n -> out.put("published_version", n));
  }

  private static ObjectNode recordFeature(RecordVersion v) {
    ObjectNode feature = (ObjectNode) IncidentJson.tree(v.record());
    ObjectNode p = (ObjectNode) feature.get("properties");
    p.put("status", v.status().id());
    p.put("status_reason", v.reason());
    p.put("version", v.version());
    return feature;
  }

  private static ObjectNode summary(RecordVersion v) {
    ObjectNode o = IncidentJson.JSON.createObjectNode();
    o.put("id", v.incidentId());
    o.put("version", v.version());
    o.put("status", v.status().id());
    o.put("reason", v.reason());
    o.put("author", v.author());
    o.put("written_at", v.writtenAt().toString());
    o.put("note", v.note());
    o.set("changed", IncidentJson.JSON.valueToTree(v.changed()));
    return o;
  }

  private static void incidentsOnly(Context ctx) {
    String collection = ctx.pathParamMap().get("collectionId");
    if (collection != null && !COLLECTION.equals(collection)) {
      throw new ApiException(405, "MethodNotAllowed", MessageKey.DERIVED_COLLECTION.with("collection", collection));
    }
  }

  private static String id(Context ctx) {
    return ctx.pathParam("featureId");
  }

  private static String itemHref(Context ctx, String id) {
    return OgcApi.base(ctx) + "/api/collections/" + COLLECTION + "/items/" + Hrefs.encode(id);
  }

  /** The request body: one JSON object of one of the accepted media types and at most {@link #MAX_BODY_BYTES}, read strictly. */
  private static ObjectNode body(Context ctx, Set<String> mediaTypes, String expected) {
    return JsonBody.object(ctx, mediaTypes, MAX_BODY_BYTES, expected);
  }

  /** A body that may hold only {@code allowed}: any other member is refused by name. */
  private static ObjectNode fields(ObjectNode body, Set<String> allowed) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidRecord(name, MessageKey.RECORD_NOT_REQUEST_FIELD.with("fields", String.join(" and ", new TreeSet<>(allowed))));
      }
    }
    return body;
  }

  /**
   * The author's note on a change: a member {@code note} next to the feature's own members,
   * taken out of the body, which is then the record or the patch alone.
   */
  private static String note(ObjectNode body) {
    String note = text(body, "note");
    body.remove("note");
    return note;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body == null ? null : body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidRecord(field, MessageKey.RECORD_MUST_BE_STRING.with());
    }
    return v.asText();
  }
}
