package org.incidentatlas.store;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.incidentatlas.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point indexes a server holds, all of one revision of the layers ({@code build id + included
 * change}). Each change this server applies, or another server announces, moves their points
 * instead of dropping them; one missing is read from the database in the background, since reading
 * a million points takes seconds that no request waits for. An index is replaced, never changed, so
 * that a read keeps the one of its snapshot.
 *
 * <p>What it holds changes under the write lock of the store's revisions, together with the
 * catalogue: a read takes its snapshot, the catalogue and an index under the read lock, all of
 * one revision.
 */
final class HeldPointIndexes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeldPointIndexes.class);

  /** Reads a layer's points in a snapshot of the database. */
  @FunctionalInterface
  interface Reader {
    /**
     * The index of the layer's points and the revision it was read at; null when the layer has no
     * point index, or when {@code heldAt} says the index of the snapshot's revision is held already.
     */
    Loaded read(String layerId, Predicate<String> heldAt) throws SQLException;
  }

  /** An index read whole, and the revision of the layers it was read at. */
  record Loaded(String revision, PointIndex index) {}

  /**
   * How long a read that finds a point index of another revision than its own leaves it to the
   * announcement of the change before reading the index again.
   */
  private static final long ANNOUNCEMENT_WAIT_MILLIS = 1000;
  /** The point indexes this server holds, all of one revision; replaced, never changed. */
  private volatile PointIndexes held = new PointIndexes(null, Map.of());
  /** Counts the replacements of {@link #held} but by a load; written under the write lock. */
  private long indexGeneration;
  /**
   * The latest changes the indexes followed, oldest first, so that an index read at a revision
   * they have since left can catch up with them: reading a large layer takes longer than the time
   * between writes on a busy server. Under the write lock.
   */
  private final ArrayDeque<Transition> recent = new ArrayDeque<>();
  private long recentMoves;
  private static final int RECENT_CHANGES = 256;
  private static final long RECENT_MOVES = 200_000;
  /** Point indexes read whole from the database since this store was opened. */
  private final AtomicLong reads = new AtomicLong();
  /** Layers whose point index is being read. */
  private final Set<String> loading = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "point-index-loader");
    t.setDaemon(true);
    return t;
  });
  private final ReentrantReadWriteLock lock;
  private final Reader reader;

  HeldPointIndexes(ReentrantReadWriteLock lock, Reader reader) {
    this.lock = lock;
    this.reader = reader;
  }

  /**
   * The index of the layer at {@code revision}, when held; otherwise it is read in the background
   * and the caller goes to the database meanwhile. Under the read lock.
   */
  Optional<PointIndex> at(LayerInfo layer, String revision) {
    PointIndexes now = held;
    PointIndex index = now.byLayer().get(layer.id());
    if (index != null && revision.equals(now.revision()) && index.size() == layer.featureCount()) {
      return Optional.of(index);
    }
    // An index of another revision is most often one whose change is still being announced,
    // after which it moves on to this revision by itself.
    load(layer.id(), index == null ? 0 : ANNOUNCEMENT_WAIT_MILLIS);
    return Optional.empty();
  }

  /**
   * The point indexes of one revision of the layers ({@code build id + included change}), each of
   * its layer as that revision has it.
   */
  private record PointIndexes(String revision, Map<String, PointIndex> byLayer) {}

  /**
   * The indexes after a change from revision {@code before} to {@code after} that changed
   * {@code changed} layers, moving the points of those in {@code moves}: what the indexes held
   * of the revision before is carried on, moved; an index of a changed layer without its moves is
   * dropped and read again. Indexes of another revision than {@code before} are all dropped;
   * indexes already at {@code after} or later stay as they are. Under the write lock.
   */
  void advance(String before, String after, Set<String> changed, Map<String, PointMoves> moves) {
    if (notAfter(after, held.revision())) {
      // The announcement of this change came first and moved them.
      return;
    }
    load(moved(before, after, changed, moves));
  }

  private Set<String> moved(String before, String after, Set<String> changed, Map<String, PointMoves> moves) {
    PointIndexes now = held;
    indexGeneration++;
    remember(new Transition(before, after, changed, moves));
    if (!before.equals(now.revision())) {
      held = new PointIndexes(after, Map.of());
      return now.byLayer().keySet();
    }
    Map<String, PointIndex> next = new HashMap<>();
    Set<String> dropped = new HashSet<>();
    now.byLayer().forEach((layer, index) -> {
      if (!changed.contains(layer)) {
        next.put(layer, index);
      } else if (moves.containsKey(layer)) {
        try {
          next.put(layer, moves.get(layer).applyTo(index));
        } catch (IllegalArgumentException e) {
          // Moves that do not fit the index: it is read again rather than trusted.
          LOG.warn("the point index of {} cannot follow the change to {}: {}", layer, after, e.getMessage());
          dropped.add(layer);
        }
      } else {
        dropped.add(layer);
      }
    });
    held = new PointIndexes(after, Map.copyOf(next));
    return dropped;
  }

  /**
   * Follows another server's change in the point indexes, by the detail of its announcement
   * ({@link #announcement}); without one, or after a missed announcement, drops them all. An
   * announcement of a revision the indexes already have (this server's own) changes nothing.
   * What is dropped is read again. Under the write lock.
   */
  void followElsewhere(String detail) {
    load(droppedFollowing(detail));
  }

  private Set<String> droppedFollowing(String detail) {
    PointIndexes now = held;
    if (detail != null) {
      try {
        String[] lines = detail.split("\n");
        String before = lines[0];
        String after = lines[1];
        if (notAfter(after, now.revision())) {
          return Set.of();
        }
        Set<String> changed = new HashSet<>();
        Map<String, PointMoves> moves = new HashMap<>();
        for (int i = 2; i < lines.length; i++) {
          int space = lines[i].indexOf(' ');
          String layer = space < 0 ? lines[i] : lines[i].substring(0, space);
          changed.add(layer);
          String text = space < 0 ? "*" : lines[i].substring(space + 1);
          if (!text.equals("*")) {
            moves.put(layer, PointMoves.parse(text));
          }
        }
        return moved(before, after, changed, moves);
      } catch (RuntimeException e) {
        // An announcement this version cannot read: as if it said nothing.
      }
    }
    indexGeneration++;
    held = new PointIndexes(null, Map.of());
    recent.clear();
    recentMoves = 0;
    return now.byLayer().keySet();
  }

  /** A change of the layers as the point indexes follow it. */
  private record Transition(String before, String after, Set<String> changed, Map<String, PointMoves> moves) {
    long size() {
      return moves.values().stream().mapToLong(PointMoves::size).sum();
    }
  }

  private void remember(Transition t) {
    recent.addLast(t);
    recentMoves += t.size();
    while (recent.size() > RECENT_CHANGES || (recentMoves > RECENT_MOVES && recent.size() > 1)) {
      recentMoves -= recent.removeFirst().size();
    }
  }

  /**
   * The index of {@code layerId} read at {@code from}, moved through the changes followed since
   * to {@code to}; null when they do not lead there or one changed the layer without its moves.
   * Under the write lock.
   */
  private PointIndex catchUp(String layerId, PointIndex index, String from, String to) {
    String at = from;
    for (Transition t : recent) {
      if (at.equals(to)) {
        break;
      }
      if (!t.before().equals(at)) {
        continue;
      }
      if (t.changed().contains(layerId)) {
        PointMoves moves = t.moves().get(layerId);
        if (moves == null) {
          return null;
        }
        try {
          index = moves.applyTo(index);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      at = t.after();
    }
    return at.equals(to) ? index : null;
  }

  /**
   * Whether {@code revision} is {@code current} or older, so that an announcement of it is old
   * news: the same build, including no later change.
   */
  private static boolean notAfter(String revision, String current) {
    if (current == null) {
      return false;
    }
    int r = revision.lastIndexOf('+');
    int c = current.lastIndexOf('+');
    return r > 0 && c > 0 && revision.substring(0, r).equals(current.substring(0, c))
        && Long.parseLong(revision.substring(r + 1)) <= Long.parseLong(current.substring(c + 1));
  }

  /**
   * What an update from {@code before} to {@code after} tells the other servers: both revisions,
   * then a line per changed layer with its point moves ({@link PointMoves#text}) or {@code *},
   * which the moves of the layers that moved most turn into until it fits an announcement.
   */
  static String announcement(String before, String after, List<String> changed, Map<String, PointMoves> moves) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String layer : changed) {
      lines.put(layer, moves.containsKey(layer) ? moves.get(layer).text() : "*");
    }
    while (true) {
      StringBuilder sb = new StringBuilder(before).append('\n').append(after);
      lines.forEach((layer, text) -> sb.append('\n').append(layer).append(' ').append(text));
      String text = sb.toString();
      if (text.getBytes(StandardCharsets.UTF_8).length <= Database.ANNOUNCEMENT_DETAIL_BYTES) {
        return text;
      }
      String longest = lines.entrySet().stream().filter(e -> !e.getValue().equals("*"))
          .max(Comparator.comparingInt(e -> e.getValue().length())).map(Map.Entry::getKey).orElse(null);
      if (longest == null) {
        // Too many layers to name: the others drop what they hold.
        return null;
      }
      lines.put(longest, "*");
    }
  }

  /** Reads the point indexes of the layers in the background, unless they are being read already. */
  private void load(Set<String> layerIds) {
    layerIds.forEach(id -> load(id, 0));
  }

  /**
   * Reads the point index of the layer in the background after {@code delayMillis}, unless it is
   * being read already or by then held at the revision the layers have.
   */
  void load(String layerId, long delayMillis) {
    if (loading.add(layerId)) {
      try {
        loader.schedule(() -> {
          try {
            readAndKeep(layerId);
          } catch (RuntimeException e) {
            if (!loader.isShutdown()) {
              LOG.warn("cannot read the point index of {}: {}", layerId, e.getMessage());
            }
          } finally {
            loading.remove(layerId);
          }
        }, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        loading.remove(layerId);
      }
    }
  }

  /**
   * Reads the layer's points in a snapshot and keeps their index with the others of that
   * revision; or alone, when nothing changed the indexes meanwhile, which means the layers moved
   * on while this server held indexes of an older revision (another process changed them, or a new
   * build). An index read while the indexes moved to another revision is dropped: a later read
   * asks for it again.
   */
  private void readAndKeep(String layerId) {
    long generationBefore;
    lock.readLock().lock();
    try {
      generationBefore = indexGeneration;
    } finally {
      lock.readLock().unlock();
    }
    try {
      Loaded loaded = reader.read(layerId, revision -> at(layerId, revision).isPresent());
      if (loaded == null) {
        return;
      }
      reads.incrementAndGet();
      String revision = loaded.revision();
      PointIndex index = loaded.index();
      lock.writeLock().lock();
      try {
        PointIndexes now = held;
        PointIndex current = revision.equals(now.revision()) ? index
            : now.revision() == null ? null : catchUp(layerId, index, revision, now.revision());
        if (current != null) {
          Map<String, PointIndex> with = new HashMap<>(now.byLayer());
          with.put(layerId, current);
          held = new PointIndexes(now.revision(), Map.copyOf(with));
        } else if (indexGeneration == generationBefore) {
          held = new PointIndexes(revision, Map.of(layerId, index));
        }
      } finally {
        lock.writeLock().unlock();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot index " + layerId + ": " + e.getMessage(), e);
    }
  }


  /** How many indexes were read whole from the database: for tests. */
  long reads() {
    return reads.get();
  }

  /** The revision of the index of the layer held, if any: for tests. */
  Optional<String> revision(String layerId) {
    PointIndexes now = held;
    return now.byLayer().containsKey(layerId) ? Optional.of(now.revision()) : Optional.empty();
  }

  /** The index of the layer held at {@code revision}, if any. */
  Optional<PointIndex> at(String layerId, String revision) {
    PointIndexes now = held;
    return revision.equals(now.revision()) ? Optional.ofNullable(now.byLayer().get(layerId)) : Optional.empty();
  }

  @Override
  public void close() {
    loader.shutdownNow();
  }
}
