package org.incidentatlas.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.FeatureQuery;
import org.incidentatlas.store.LayerInfo;

/**
 * The incidents of a layer by id and by the names of their place. A layer may hold 100,000
 * incidents but only a few hundred places, and every incident at a place carries the same names;
 * so names are indexed once per distinct set of names (a place group), each group lists its
 * incidents, and of an incident only what a result shows is kept, its repeated strings shared.
 */
final class IncidentIndex {
  static final IncidentIndex EMPTY = new IncidentIndex("", new Entry[0], new int[0], new Group[0], new String[0], new int[0]);
  private static final Set<String> FIELDS = Set.of("id", "place_name", "place_names", "date", "date_end", "event_type");
  /** Chronological, then by id: the order incidents that match equally well are listed in. */
  private static final Comparator<Entry> ORDER = Comparator
      .comparing(Entry::date, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(Entry::id);

  private record Entry(String id, String placeName, String date, String dateEnd, String eventType, double lon, double lat) {}

  /** The names shared by the incidents at one place, and those incidents in {@link #ORDER}. */
  private record Group(NameForm[] names, int[] entries) {}

  /** The best matches up to the limit, and how many there were. */
  record Matches(List<IncidentHit> hits, int matched) {}

  private final String layer;
  private final Entry[] entries;
  private final int[] groupOfEntry;
  private final Group[] groups;
  /** Folded ids in sorted order, for exact and prefix lookup by binary search. */
  private final String[] idKeys;
  private final int[] entryOfIdKey;

  private IncidentIndex(String layer, Entry[] entries, int[] groupOfEntry, Group[] groups, String[] idKeys,
      int[] entryOfIdKey) {
    this.layer = layer;
    this.entries = entries;
    this.groupOfEntry = groupOfEntry;
    this.groups = groups;
    this.idKeys = idKeys;
    this.entryOfIdKey = entryOfIdKey;
  }

  static IncidentIndex build(AtlasStore store, LayerInfo layer) {
    Map<String, String> shared = new HashMap<>();
    Map<List<String>, Integer> groupIds = new HashMap<>();
    List<List<String>> groupNames = new ArrayList<>();
    List<Entry> read = new ArrayList<>();
    List<Integer> readGroup = new ArrayList<>();
    try {
      store.stream(layer, FeatureQuery.all(), f -> {
        Map<String, Object> p = FeatureFields.read(f.properties(), FIELDS);
        double[] lonLat = FeatureFields.lonLat(f.geometry());
        String id = FeatureFields.text(p, "id");
        String placeName = share(shared, FeatureFields.text(p, "place_name"));
        Set<String> names = new LinkedHashSet<>();
        if (placeName != null) {
          names.add(placeName);
        }
        for (String n : FeatureFields.texts(p, "place_names")) {
          names.add(share(shared, n));
        }
        List<String> key = List.copyOf(names);
        Integer group = groupIds.get(key);
        if (group == null) {
          group = groupNames.size();
          groupIds.put(key, group);
          groupNames.add(key);
        }
        read.add(new Entry(id == null ? f.id() : id, placeName, share(shared, FeatureFields.text(p, "date")),
            share(shared, FeatureFields.text(p, "date_end")), share(shared, FeatureFields.text(p, "event_type")),
            lonLat[0], lonLat[1]));
        readGroup.add(group);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index layer " + layer.id() + ": " + e.getMessage(), e);
    }
    return assemble(layer.id(), read, readGroup, groupNames);
  }

  /** Incidents repeat a handful of dates, types and place names: one String each is enough. */
  private static String share(Map<String, String> shared, String s) {
    return s == null ? null : shared.computeIfAbsent(s, k -> k);
  }

  private static IncidentIndex assemble(String layer, List<Entry> read, List<Integer> readGroup, List<List<String>> groupNames) {
    int n = read.size();
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> ORDER.compare(read.get(a), read.get(b)));

    Entry[] entries = new Entry[n];
    int[] groupOfEntry = new int[n];
    int[] groupSize = new int[groupNames.size()];
    for (int k = 0; k < n; k++) {
      entries[k] = read.get(order[k]);
      groupOfEntry[k] = readGroup.get(order[k]);
      groupSize[groupOfEntry[k]]++;
    }

    // Each name is folded once, however many places and incidents carry it.
    Map<String, NameForm> forms = new HashMap<>();
    Group[] groups = new Group[groupNames.size()];
    int[] filled = new int[groups.length];
    for (int g = 0; g < groups.length; g++) {
      List<NameForm> names = new ArrayList<>();
      for (String name : groupNames.get(g)) {
        NameForm form = forms.computeIfAbsent(name, NameForm::of);
        if (form != null) {
          names.add(form);
        }
      }
      groups[g] = new Group(names.toArray(NameForm[]::new), new int[groupSize[g]]);
    }
    for (int k = 0; k < n; k++) {
      int g = groupOfEntry[k];
      groups[g].entries()[filled[g]++] = k;
    }

    Integer[] byId = new Integer[n];
    Arrays.setAll(byId, i -> i);
    String[] folded = new String[n];
    for (int k = 0; k < n; k++) {
      folded[k] = NameKey.fold(entries[k].id()).replace(" ", "");
    }
    Arrays.sort(byId, Comparator.comparing((Integer k) -> folded[k]));
    String[] idKeys = new String[n];
    int[] entryOfIdKey = new int[n];
    for (int i = 0; i < n; i++) {
      idKeys[i] = folded[byId[i]];
      entryOfIdKey[i] = byId[i];
    }
    return new IncidentIndex(layer, entries, groupOfEntry, groups, idKeys, entryOfIdKey);
  }

  Matches search(NameForm query, int limit) {
    int n = entries.length;
    Match[] groupMatch = new Match[groups.length];
    String[] groupMatchedName = new String[groups.length];
    for (int g = 0; g < groups.length; g++) {
      for (NameForm name : groups[g].names()) {
        Match m = name.match(query);
        if (m != null && (groupMatch[g] == null || m.compareTo(groupMatch[g]) < 0)) {
          groupMatch[g] = m;
          groupMatchedName[g] = name.text();
        }
      }
    }

    // One pass per kind of match, best first; an incident is listed under the best it achieves.
    BitSet listed = new BitSet(n);
    List<IncidentHit> hits = new ArrayList<>();
    int matched = 0;
    for (Match kind : Match.values()) {
      BitSet these = new BitSet(n);
      if (kind == Match.ID || kind == Match.ID_PREFIX) {
        markIds(query.foldKey(), kind == Match.ID, these);
      } else {
        for (int g = 0; g < groups.length; g++) {
          if (groupMatch[g] == kind) {
            for (int k : groups[g].entries()) {
              these.set(k);
            }
          }
        }
      }
      these.andNot(listed);
      matched += these.cardinality();
      for (int k = these.nextSetBit(0); k >= 0 && hits.size() < limit; k = these.nextSetBit(k + 1)) {
        boolean byId = kind == Match.ID || kind == Match.ID_PREFIX;
        hits.add(hit(entries[k], byId ? entries[k].id() : groupMatchedName[groupOfEntry[k]], kind));
      }
      listed.or(these);
    }
    return new Matches(hits, matched);
  }

  /** Marks the incidents whose folded id equals, or only begins with, {@code key}. */
  private void markIds(String key, boolean exact, BitSet into) {
    int i = firstAtLeast(key);
    for (; i < idKeys.length && idKeys[i].startsWith(key); i++) {
      if (idKeys[i].length() == key.length() == exact) {
        into.set(entryOfIdKey[i]);
      }
    }
  }

  private int firstAtLeast(String key) {
    int lo = 0;
    int hi = idKeys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (idKeys[mid].compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private IncidentHit hit(Entry e, String matchedName, Match match) {
    return new IncidentHit(e.id(), layer, e.placeName(), e.date(), e.dateEnd(), e.eventType(), e.lon(), e.lat(),
        matchedName, match.label());
  }
}
