package org.incidentatlas.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pages of a filtered query served so far found out: how many features it matches, and
 * where each page ended. Clients page through a layer by following next links, each asking for the
 * offset just after the last page; with the key of that page's last feature the next page starts
 * there instead of counting the rows before it, and the count is not made again. Without the marks
 * every page would cost the rows before it and a full count: paging through a layer, the square of
 * its size.
 *
 * <p>Each mark belongs to one revision of the layers, which every read's snapshot names: a change
 * makes new keys, and the old marks age out. Kept per server, bounded in number; a server that has
 * not seen the earlier pages (another one behind the same proxy) counts and skips as before.
 */
final class PageMarks {
  /** Counts and page ends remembered, each, least recently used forgotten first: a few hundred kB. */
  private static final int MAX_ENTRIES = 4096;

  private final Map<String, Long> counts = lru();
  /** By query and offset: the seq of the feature just before that offset, in stored order. */
  private final Map<String, Long> ends = lru();

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }

  /** The key of a query: the layer, the revision its snapshot reads and its conditions with their values. */
  static String key(String layer, String revision, Sql where) {
    return layer + '\n' + revision + '\n' + where.fingerprint();
  }

  synchronized Long count(String query) {
    return counts.get(query);
  }

  synchronized void count(String query, long matched) {
    counts.put(query, matched);
  }

  /** The seq of the last feature before {@code offset}, if a page that ended there was served. */
  synchronized Long endBefore(String query, long offset) {
    return ends.get(query + '@' + offset);
  }

  synchronized void pageEnded(String query, long offset, long lastSeq) {
    ends.put(query + '@' + offset, lastSeq);
  }
}
