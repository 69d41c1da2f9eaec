package org.incidentatlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.incidentatlas.editing.IncidentEditor;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.message.Labels;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.store.SortKey;
import org.incidentatlas.store.StoredFeature;

/**
 * {@code /feeds/incidents.atom}: the incidents newly published or changed, newest change first, as
 * an Atom feed, narrowed by the filters of the incidents' items. The order is the store's, on the
 * {@code updated} column; only the entries sent are read.
 */
final class IncidentFeed {
  static final String PATH = "/feeds/incidents.atom";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final String LAYER = "incidents";
  private static final List<SortKey> NEWEST_CHANGE_FIRST = List.of(new SortKey("updated", true), new SortKey("datetime", true));

  private final AtlasStore store;
  private final IncidentRecords records;
  private final Labels labels;

  IncidentFeed(AtlasStore store, IncidentRecords records, Labels labels) {
    this.store = store;
    this.records = records;
    this.labels = labels;
  }

  void incidents(Context ctx) throws IOException {
    LayerInfo layer = store.layer(LAYER).orElseThrow(() -> ApiException.notFound(MessageKey.NO_COLLECTION.with("id", LAYER)));
    Map<String, List<String>> params = ctx.queryParamMap();
    FeatureQuery q = ItemsRequest.feed(layer, params, NEWEST_CHANGE_FIRST, DEFAULT_LIMIT, MAX_LIMIT);
    // Every change of the layers names a new revision: the feed is the same while it is.
    String etag = "\"" + layer.buildId() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(AtomWriter.MEDIA_TYPE);
    if (unchanged(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    if (ctx.method() == HandlerType.HEAD) {
      ResponseBody.headersOnly(ctx);
      return;
    }
    // At most MAX_LIMIT entries, held so that one query finds when each was first published.
    List<StoredFeature> page = new ArrayList<>();
    store.stream(layer, q, page::add);
    Map<String, Instant> published = firstPublished(page);
    String base = OgcApi.base(ctx);
    String items = Hrefs.collection(base, layer) + "/items/";
    List<JsonNode> properties = new ArrayList<>();
    for (StoredFeature f : page) {
      properties.add(IncidentJson.tree(f.properties()));
    }
    String self = Hrefs.of(base + PATH, params, Representation.JSON, Representation.JSON);
    Instant updated = properties.isEmpty() ? layer.builtAt() : Instant.parse(properties.get(0).path("updated").asText());
    try (AtomWriter atom = new AtomWriter(ctx.outputStream())) {
      atom.begin(new AtomWriter.Head(self, "Incident Atlas: new and changed incidents",
          "Incidents as they are published or changed, newest change first, each with who claims what and the sources",
          updated, "Incident Atlas", base + "/", List.of(
              new AtomWriter.AtomLink(self, "self", "application/atom+xml", null),
              new AtomWriter.AtomLink(base + "/", "alternate", Formats.HTML, "The map"))));
      for (int i = 0; i < page.size(); i++) {
        String id = page.get(i).id();
        JsonNode p = properties.get(i);
        IncidentEntry entry = new IncidentEntry(p, labels);
        String eventType = p.path("event_type").asText();
        atom.entry(new AtomWriter.EntryHead(items + Hrefs.encode(id), entry.title(), Instant.parse(p.path("updated").asText()),
            published.get(id), List.of(
                new AtomWriter.AtomLink(base + "/#selected=" + LAYER + "/" + Hrefs.encode(id), "alternate", Formats.HTML,
                    "On the map"),
                new AtomWriter.AtomLink(items + Hrefs.encode(id), "alternate", Formats.GEOJSON, "As GeoJSON")),
            List.of(new AtomWriter.Category(eventType, base + "/api/collections/" + LAYER + "/queryables#event_type",
                labels.of("event", eventType)))), entry::content);
      }
    }
  }

  /** To the millisecond, as {@code updated} is kept: a first version's two times are then the same. */
  private Map<String, Instant> firstPublished(List<StoredFeature> page) {
    Map<String, Instant> out = new HashMap<>();
    records.firstPublished(page.stream().map(StoredFeature::id).toList(), IncidentEditor.GEODATA_AUTHOR)
        .forEach((id, at) -> out.put(id, at.truncatedTo(ChronoUnit.MILLIS)));
    return out;
  }

  /** Whether {@code ifNoneMatch} names {@code etag}, or any tag ({@code *}); a weak tag compares by its value. */
  private static boolean unchanged(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
