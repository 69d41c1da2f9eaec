package org.incidentatlas.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.incidentatlas.config.AtlasConfig;
import org.incidentatlas.database.ConnectionPool;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.H2Database;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layers the atlas serves: the catalogue and two tables per layer, in the embedded H2 file or
 * in PostgreSQL ({@link Database}). They are built by {@link LayerWriter}, which writes them anew
 * beside the served ones and swaps them in, and then kept up to date with the incident records by
 * {@link #apply}, which changes all affected layers in one transaction.
 *
 * <p>A reader never sees a half-applied change: each read runs in a snapshot of the database, and
 * the snapshot, the catalogue and the in-memory point indexes are taken together under a lock
 * that an update holds only while it commits and brings the caches to the new revision. A read
 * uses a cache only when it is of the revision its snapshot sees, and reads the database
 * otherwise. Where several servers share the database, each drops its catalogue when another
 * announces a change, and follows the announced moves of points in its point indexes.
 */
public final class AtlasStore implements AutoCloseable {
  public static final int SRID = 4326;
  private static final Logger LOG = LoggerFactory.getLogger(AtlasStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Rows fetched from the database at a time, and features read by key in one statement. */
  private static final int FETCH = 500;
  /** A filter keeping at least one feature in this many is paged on in key order ({@link #streamSelected}). */
  private static final int KEY_ORDER_SHARE = 20;
  /** The most keys of a page read in one go rather than {@link #FETCH} at a time. */
  private static final long PAGE_KEYS_AT_ONCE = 10_000;

  /** Receives features as they are read. */
  @FunctionalInterface
  public interface FeatureSink {
    void accept(StoredFeature feature) throws IOException;

    /**
     * A feature whose geometry and properties lie in {@code bytes} at the offsets and lengths
     * given, as an engine reads many features at once. {@code bytes} is reused once this returns.
     * A sink that writes them on as they are takes them from there; by default they are copied out.
     */
    default void accept(String id, byte[] bytes, int geometryAt, int geometryLength, int propertiesAt,
        int propertiesLength) throws IOException {
      accept(new StoredFeature(id, Arrays.copyOfRange(bytes, geometryAt, geometryAt + geometryLength),
          Arrays.copyOfRange(bytes, propertiesAt, propertiesAt + propertiesLength)));
    }
  }

  private final Database db;
  private final ConnectionPool pool;
  private final AutoCloseable listening;
  private volatile List<LayerInfo> catalogue;
  /** The revision of the layers the cached catalogue describes: build id and included change. */
  private volatile String catalogueRevision;
  /** Counts the changes of the layers this server has seen: a catalogue read before one is not cached. */
  private volatile long generation;
  private final ReentrantReadWriteLock revisions = new ReentrantReadWriteLock();
  /** Held from a change's commit until the indexes have followed it. */
  private final Object committing = new Object();
  private final HeldPointIndexes pointIndexes = new HeldPointIndexes(revisions, this::readPoints);
  /** Counts and page ends of filtered queries, so that paging through one costs its pages only. */
  private final PageMarks pageMarks = new PageMarks();
  /** Called after another server changed the layers, with the change they now include (-1: unknown). */
  private final List<LongConsumer> changeListeners = new CopyOnWriteArrayList<>();
  private volatile long rowsWritten;
  private volatile long blocksWritten;

  private AtlasStore(Database db) {
    this.db = db;
    this.pool = db.openLayers();
    this.listening = db.onLayersChanged(this::changedElsewhere);
  }

  /** Opens the served layers of the database; an empty one when nothing is built. */
  public static AtlasStore open(Database db) {
    return new AtlasStore(db);
  }

  /** The layers of the configured database. */
  public static AtlasStore open(AtlasConfig config) {
    return open(Database.of(config));
  }

  /** The layers of the embedded store in {@code dataDir}. */
  public static AtlasStore open(Path dataDir) {
    return open(new H2Database(dataDir));
  }

  /** The file of the served layers of the embedded store in {@code dataDir}. */
  public static Path file(Path dataDir) {
    return H2Database.layersFile(dataDir);
  }

  public Database database() {
    return db;
  }

  /** Runs {@code listener} whenever another server has changed the layers. */
  public void onChangedElsewhere(LongConsumer listener) {
    changeListeners.add(listener);
  }

  private void changedElsewhere(long included, String detail) {
    revisions.writeLock().lock();
    try {
      catalogue = null;
      catalogueRevision = null;
      generation++;
      pointIndexes.followElsewhere(detail);
    } finally {
      revisions.writeLock().unlock();
    }
    changeListeners.forEach(l -> l.accept(included));
  }


  /** Rows of layer tables written by {@link #apply} since this store was opened. */
  public long rowsWritten() {
    return rowsWritten;
  }

  /**
   * Rows of the layers' tables of blocks written or deleted by {@link #apply} since this store was
   * opened, apart from {@link #rowsWritten}: one per block that holds a changed feature, where the
   * engine keeps blocks ({@link Database#blockSize}), none where it does not.
   */
  public long blocksWritten() {
    return blocksWritten;
  }

  /** Fingerprint of the geodata the current build was made from; empty when nothing is built. */
  public Optional<String> fingerprint() {
    try (Connection c = pool.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT fingerprint FROM build")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return Optional.empty();
      }
      throw new StoreException("cannot read build info: " + e.getMessage(), e);
    }
  }

  /** The newest change of the incident records the layers include; {@link IncludedChange#NONE} when nothing is built. */
  public IncludedChange includedChange() {
    try (Connection c = pool.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT records_seq, records_incident, records_version FROM build")) {
      return rs.next() ? new IncludedChange(rs.getLong(1), rs.getString(2), rs.getInt(3)) : IncludedChange.NONE;
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return IncludedChange.NONE;
      }
      throw new StoreException("cannot read build info: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every layer's indexes through, so that a file damaged by a crash is found at start and
   * not by a request: the spatial index, the feature ids and the catalogue's counts must agree.
   *
   * @throws StoreException naming what cannot be read or does not agree
   */
  public void verify() {
    Geometry world = new GeometryFactory().toGeometry(new Envelope(-180, 180, -90, 90));
    world.setSRID(SRID);
    try (Connection c = pool.connection()) {
      for (LayerInfo layer : readCatalogue()) {
        long indexed;
        long ids;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Schema.table(layer.id()) + " WHERE geom && ?")) {
          ps.setObject(1, db.geometryParameter(world));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            indexed = rs.getLong(1);
          }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(fid) FROM " + Schema.geojsonTable(layer.id()))) {
          rs.next();
          ids = rs.getLong(1);
        }
        if (indexed != layer.featureCount() || ids != layer.featureCount()) {
          throw new StoreException("layer " + layer.id() + " lists " + layer.featureCount() + " features, its spatial index "
              + indexed + " and its ids " + ids, null);
        }
      }
    } catch (SQLException | RuntimeException e) {
      throw e instanceof StoreException s ? s : new StoreException("cannot read the layers: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the changes to their layers and records that the layers now include the incident
   * records up to {@code included}, all in one transaction. Readers see the layers before or
   * after, never between.
   */
  public void apply(List<LayerChange> changes, IncludedChange included) {
    apply(seq -> changes, included);
  }

  /** What to change in the layers, given the newest change they include now. */
  @FunctionalInterface
  public interface ChangesSince {
    List<LayerChange> changes(long includedSeq);
  }

  /**
   * Applies the changes {@code since} returns for the change the layers include when this server
   * holds the lock on updates: another server may have applied some or all of them meanwhile.
   * Nothing is written when the layers already include {@code included}.
   *
   * @return whether anything was written
   */
  public boolean apply(ChangesSince since, IncludedChange included) {
    try (Connection c = pool.connection()) {
      c.setAutoCommit(false);
      try {
        db.lockLayerUpdates(c);
        String revision;
        long includedNow;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, records_seq FROM build")) {
          if (!rs.next()) {
            throw new StoreException("cannot update layers: nothing is built", null);
          }
          revision = rs.getString(1) + "+" + included.seq();
          includedNow = rs.getLong(2);
        }
        if (includedNow >= included.seq()) {
          c.rollback();
          return false;
        }
        String before = revision.substring(0, revision.lastIndexOf('+') + 1) + includedNow;
        long written = 0;
        long blocks = 0;
        List<LayerInfo> layers = readCatalogue(c);
        List<LayerChange> changes = since.changes(includedNow);
        List<String> changed = new ArrayList<>();
        Map<String, PointMoves> moves = new HashMap<>();
        for (LayerChange change : changes) {
          if (!change.isEmpty()) {
            LayerInfo layer = layers.stream().filter(l -> l.id().equals(change.layerId())).findFirst()
                .orElseThrow(() -> new StoreException("cannot update layer " + change.layerId() + ": no such layer", null));
            if (!changed.contains(layer.id())) {
              changed.add(layer.id());
            }
            LayerUpdate update = new LayerUpdate(c, db, layer,
                layer.points() ? moves.computeIfAbsent(layer.id(), id -> new PointMoves()) : null);
            update.apply(change, revision);
            written += update.rowsWritten();
            blocks += update.blocksWritten();
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE build SET records_seq = ?, records_incident = ?, records_version = ?")) {
          ps.setLong(1, included.seq());
          ps.setString(2, included.incidentId());
          ps.setInt(3, included.version());
          ps.executeUpdate();
        }
        db.announceLayersChanged(c, included.seq(), db.shared() ? HeldPointIndexes.announcement(before, revision, changed, moves) : null);
        // Committed outside the write lock, which would hold every read of this server until the
        // commit is on the disk. A read whose snapshot sees the change before the indexes follow
        // it goes to the database that once. This server's changes still reach its indexes in the
        // order they were committed; its listener may bring one there first.
        synchronized (committing) {
          c.commit();
          revisions.writeLock().lock();
          try {
            catalogue = null;
            catalogueRevision = null;
            generation++;
            // The indexes follow the points that moved; reading a layer's points again takes seconds.
            pointIndexes.advance(before, revision, Set.copyOf(changed), moves);
          } finally {
            revisions.writeLock().unlock();
          }
        }
        rowsWritten += written;
        blocksWritten += blocks;
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot update layers: " + e.getMessage(), e);
    }
  }

  /**
   * Opens a read on a snapshot of the database, with the current catalogue entry of the layer and,
   * for a box-only query of a point layer, its point index, all of the same revision.
   */
  private Read begin(Connection c, String layerId, FeatureQuery q) throws SQLException {
    revisions.readLock().lock();
    try {
      String revision = beginSnapshot(c);
      try {
        List<LayerInfo> layers = catalogue;
        boolean cached = layers != null && revision.equals(catalogueRevision);
        if (!cached) {
          // Another server changed the layers and its announcement is still on the way.
          layers = readCatalogue(c);
        }
        LayerInfo layer = layers.stream().filter(l -> l.id().equals(layerId)).findFirst()
            .orElseThrow(() -> new StoreException("layer " + layerId + " is gone", null));
        return new Read(layer, pointIndex(layer, q, revision), revision);
      } catch (SQLException | RuntimeException | Error e) {
        // The connection goes back to the pool as it was lent, not inside this snapshot.
        endAfter(e, () -> end(c));
        throw e;
      }
    } finally {
      revisions.readLock().unlock();
    }
  }

  /**
   * Begins a snapshot read on {@code c} with the query that fixes its snapshot: the build and the
   * newest change of the records the layers include, as the snapshot sees them.
   */
  private String beginSnapshot(Connection c) throws SQLException {
    db.beginSnapshot(c);
    // Prepared, so that the driver keeps it described and prepared on the connection.
    try (PreparedStatement ps = c.prepareStatement("SELECT id, records_seq FROM build"); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) + "+" + rs.getLong(2) : "";
    } catch (SQLException | RuntimeException | Error e) {
      endAfter(e, () -> db.endSnapshot(c));
      throw e;
    }
  }

  /** @param revision the revision of the layers the read's snapshot sees */
  private record Read(LayerInfo layer, Optional<PointIndex> index, String revision) {}

  /** Ends a snapshot read and hands the connection back as the pool gave it. */
  private void end(Connection c) throws SQLException {
    db.endSnapshot(c);
  }

  /** What ends a read: its transaction, its snapshot. */
  @FunctionalInterface
  private interface Ending {
    void end() throws SQLException;
  }

  /** The body of a read, which may fail in a way of its own ({@code X}) besides SQL. */
  @FunctionalInterface
  private interface Reading<T, X extends Exception> {
    T read() throws SQLException, X;
  }

  /**
   * Runs {@code reading}, then {@code ending} whether it succeeded or not. When both fail, the
   * read's own failure is what the caller must see; that ending failed too is added to it.
   */
  private static <T, X extends Exception> T thenEnd(Reading<T, X> reading, Ending ending) throws SQLException, X {
    T result;
    try {
      result = reading.read();
    } catch (Throwable e) {
      endAfter(e, ending);
      throw e;
    }
    ending.end();
    return result;
  }

  /** Ends a read that failed with {@code failure}, to which a failure to end it is added. */
  private static void endAfter(Throwable failure, Ending ending) {
    try {
      ending.end();
    } catch (SQLException | RuntimeException ended) {
      failure.addSuppressed(ended);
    }
  }

  /** A database that was never built has no tables: that is a state, not an error. */
  private boolean isEmptyDatabase(SQLException e) {
    return db.isMissingTable(e);
  }

  /** The catalogue, read once and again after each change of the layers. */
  public List<LayerInfo> layers() {
    List<LayerInfo> layers = catalogue;
    if (layers == null) {
      try (Connection c = pool.connection()) {
        long before = generation;
        String revision = beginSnapshot(c);
        layers = thenEnd(() -> List.copyOf(readCatalogue(c)), () -> end(c));
        revisions.writeLock().lock();
        try {
          if (generation == before) {
            catalogue = layers;
            catalogueRevision = revision;
          }
        } finally {
          revisions.writeLock().unlock();
        }
      } catch (SQLException e) {
        if (isEmptyDatabase(e)) {
          return List.of();
        }
        throw new StoreException("cannot read catalogue: " + e.getMessage(), e);
      }
    }
    return layers;
  }

  public Optional<LayerInfo> layer(String id) {
    return layers().stream().filter(l -> l.id().equals(id)).findFirst();
  }

  private List<LayerInfo> readCatalogue() {
    try (Connection c = pool.connection()) {
      return readCatalogue(c);
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return List.of();
      }
      throw new StoreException("cannot read catalogue: " + e.getMessage(), e);
    }
  }

  private static List<LayerInfo> readCatalogue(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM catalogue ORDER BY ord")) {
      List<LayerInfo> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(layerInfo(rs));
        }
      }
      return out;
    }
  }

  private static LayerInfo layerInfo(ResultSet rs) throws SQLException {
    Double minLon = (Double) rs.getObject("min_lon");
    Bbox bbox = minLon == null ? null
        : new Bbox(minLon, rs.getDouble("min_lat"), rs.getDouble("max_lon"), rs.getDouble("max_lat"));
    List<LayerInfo.SourceFile> sources;
    List<Attribute> attributes;
    List<FeatureProperty> properties;
    try {
      sources = JSON.readValue(rs.getString("sources"), new TypeReference<>() {});
      attributes = JSON.readValue(rs.getString("attributes"), new TypeReference<>() {});
      properties = JSON.readValue(rs.getString("properties"), new TypeReference<>() {});
    } catch (IOException e) {
      throw new SQLException("unreadable catalogue entry", e);
    }
    return new LayerInfo(rs.getString("id"), rs.getString("title"), rs.getString("description"),
        rs.getString("geometry_type"), bbox, rs.getObject("t_start", LocalDate.class), rs.getObject("t_end", LocalDate.class),
        rs.getLong("feature_count"), sources, attributes.stream().filter(Attribute::queryable).toList(), properties,
        rs.getString("build_id"), rs.getObject("built_at", OffsetDateTime.class).toInstant(),
        attributes.stream().filter(a -> !a.queryable()).findFirst().orElse(null));
  }

  /**
   * How many features of the layer match the query, ignoring its limit and offset: for tests and
   * tools (the API counts in {@link #page}, from the snapshot it pages through).
   */
  public long count(LayerInfo layer, FeatureQuery q) {
    try (Connection c = pool.connection()) {
      Read read = begin(c, layer.id(), q);
      return thenEnd(() -> {
        if (q.selectsAll()) {
          return read.layer().featureCount();
        }
        if (read.index().isPresent()) {
          return read.index().get().count(q.bbox().envelopes());
        }
        Sql where = where(read.layer(), q);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Schema.table(layer.id()) + where.text())) {
          where.bind(ps, 1, db);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        }
      }, () -> end(c));
    } catch (SQLException e) {
      throw new StoreException("cannot count " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The in-memory index of a point layer of the revision {@code revision}, for a query whose only
   * condition is a box: H2's spatial index looks every candidate up again in its R-tree, which made
   * such requests slow on large layers, and PostgreSQL takes two scans of its GiST index and more
   * round trips. When this server holds none of that revision, the query goes to the database and
   * the index is read in the background: reading a million points takes seconds, which no
   * request waits for. Callers hold the read lock of {@code revisions}.
   */
  private Optional<PointIndex> pointIndex(LayerInfo layer, FeatureQuery q, String revision) {
    return layer.points() && q.boxOnly() ? pointIndexes.at(layer, revision) : Optional.empty();
  }

  /** Reads the points of a point layer in a snapshot, for {@link HeldPointIndexes}. */
  private HeldPointIndexes.Loaded readPoints(String layerId, Predicate<String> heldAt) throws SQLException {
    try (Connection c = pool.connection()) {
      String revision = beginSnapshot(c);
      PointIndex index = thenEnd(() -> {
        if (heldAt.test(revision)) {
          return null;
        }
        LayerInfo layer = readCatalogue(c).stream().filter(l -> l.id().equals(layerId)).findFirst().orElse(null);
        if (layer == null || !layer.points()) {
          return null;
        }
        int n = Math.toIntExact(layer.featureCount());
        double[] x = new double[n];
        double[] y = new double[n];
        try (Statement st = c.createStatement()) {
          st.setFetchSize(FETCH);
          // In any order: each point goes to its seq. Where seq is not the row key (H2), ordering by it
          // read every row through its index, three times as long as the scan.
          try (ResultSet rs = st.executeQuery("SELECT seq, geom FROM " + Schema.table(layerId))) {
            while (rs.next()) {
              int seq = Math.toIntExact(rs.getLong(1));
              Coordinate point = db.geometry(rs, 2).getCoordinate();
              x[seq] = point.getX();
              y[seq] = point.getY();
            }
          }
        }
        return new PointIndex(x, y);
      }, () -> end(c));
      return index == null ? null : new HeldPointIndexes.Loaded(revision, index);
    } catch (SQLException e) {
      if (isEmptyDatabase(e)) {
        return null;
      }
      throw e;
    }
  }


  /** How many point indexes were read whole from the database: for tests. */
  long pointIndexReads() {
    return pointIndexes.reads();
  }

  /** The revision of the point index of the layer this server holds, if any: for tests. */
  Optional<String> pointIndexRevision(String layerId) {
    return pointIndexes.revision(layerId);
  }

  /** The point index of the layer this server holds at {@code revision}, if any: for tests. */
  Optional<PointIndex> heldPointIndex(String layerId, String revision) {
    return pointIndexes.at(layerId, revision);
  }

  /**
   * Waits until this server holds the point index of the layer at the revision the layers have
   * now, asking for it to be read; for tests and benchmarks, since requests never wait for it.
   *
   * @return whether it came within {@code millis}
   */
  boolean awaitPointIndex(String layerId, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      String revision;
      try (Connection c = pool.connection()) {
        revision = thenEnd(() -> beginSnapshot(c), () -> end(c));
      } catch (SQLException e) {
        throw new StoreException("cannot read the revision: " + e.getMessage(), e);
      }
      if (pointIndexRevision(layerId).filter(revision::equals).isPresent()) {
        return true;
      }
      pointIndexes.load(layerId, 0);
      Thread.sleep(10);
    }
    return false;
  }

  /** The ids of a layer's features, in stored order: for tests and tools. */
  public List<String> ids(String layerId) {
    try (Connection c = pool.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT fid FROM " + Schema.geojsonTable(layerId) + " ORDER BY seq")) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the ids of " + layerId + ": " + e.getMessage(), e);
    }
  }

  public Optional<StoredFeature> feature(LayerInfo layer, String fid) {
    String sql = "SELECT fid, geometry, properties FROM " + Schema.geojsonTable(layer.id()) + " WHERE fid = ?";
    try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, fid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(storedFeature(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read feature " + fid + ": " + e.getMessage(), e);
    }
  }

  /** Streams the matching features in the query's order to {@code sink}, one row at a time. */
  public void stream(LayerInfo layer, FeatureQuery q, FeatureSink sink) throws IOException {
    read(layer, q, null, sink);
  }

  /** Receives how many features a query matches, ignoring its limit and offset. */
  @FunctionalInterface
  public interface MatchedSink {
    void matched(long count) throws IOException;
  }

  /**
   * A page of items: tells {@code matched} how many features the query matches, ignoring its
   * limit and offset, and then streams the page as {@link #stream} does, both from one snapshot,
   * so that the count is that of the features paged through.
   */
  public void page(LayerInfo layer, FeatureQuery q, MatchedSink matched, FeatureSink sink) throws IOException {
    read(layer, q, matched, sink);
  }

  private void read(LayerInfo layer, FeatureQuery q, MatchedSink matched, FeatureSink sink) throws IOException {
    try (Connection c = pool.connection()) {
      Read read = begin(c, layer.id(), q);
      thenEnd(() -> {
        MatchedSink counted = matched;
        if (counted != null && q.selectsAll()) {
          counted.matched(read.layer().featureCount());
          counted = null;
        }
        if (q.selectsAll() && q.sort().isEmpty()) {
          streamInStoredOrder(c, read.layer(), q, sink);
        } else if (read.index().isPresent()) {
          if (counted != null) {
            counted.matched(read.index().get().count(q.bbox().envelopes()));
          }
          streamIndexed(c, read.layer(), read.index().get(), q, sink);
        } else {
          streamSelected(c, read, q, counted, sink);
        }
        return null;
      }, () -> end(c));
    } catch (SQLException e) {
      throw new StoreException("cannot read " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Unfiltered and in stored order, the page is the GeoJSON rows from seq = offset on: seq numbers
   * a layer from 0 without gaps, so the page is a range of keys (OFFSET would read every row
   * before it), read as a whole layer is, and the filter table is not read at all.
   */
  private void streamInStoredOrder(Connection c, LayerInfo layer, FeatureQuery q, FeatureSink sink)
      throws SQLException, IOException {
    db.streamFeatures(c, Schema.geojsonTable(layer.id()), Schema.blockTable(layer.id()), q.offset(), q.limit(), sink);
  }

  /**
   * Selects and orders on the filter table, then reads the GeoJSON of each batch of selected rows
   * by key. Only the features returned are read in full, and what the database sorts is keys.
   */
  private void streamSelected(Connection c, Read read, FeatureQuery q, MatchedSink counting, FeatureSink sink)
      throws SQLException, IOException {
    LayerInfo layer = read.layer();
    Sql where = where(layer, q);
    String marked = PageMarks.key(layer.id(), read.revision(), where);
    MatchedSink matched = counting;
    Long known = matched == null ? null : pageMarks.count(marked);
    if (known != null) {
      matched.matched(known);
      matched = null;
    }
    // In stored order a page that follows one served before starts after that page's last key.
    boolean storedOrder = q.sort().isEmpty() && q.limit() != FeatureQuery.UNLIMITED;
    Long after = storedOrder && q.offset() > 0 ? pageMarks.endBefore(marked, q.offset()) : null;
    String count = "SELECT COUNT(*) FROM " + filterTable(layer, q) + where.text();
    String select;
    if (after == null) {
      select = "SELECT seq FROM " + filterTable(layer, q) + where.text() + orderBy(layer, q) + " LIMIT ? OFFSET ?";
    } else {
      // Where the filter keeps a good share of the layer, reading on from that key finds the next
      // page within a few pages' rows; through an index on the filter, every page would sort all
      // the matches after it. A filter that keeps few is left to the index.
      Long total = pageMarks.count(marked);
      String from = total == null || total * KEY_ORDER_SHARE < layer.featureCount() ? filterTable(layer, q)
          : Schema.table(layer.id()) + (db.reinsertsMovedRows() ? db.readThrough(Schema.seqIndex(layer.id())) : "");
      select = "SELECT seq FROM " + from + (where.text().isEmpty() ? " WHERE " : where.text() + " AND ") + "seq > ?"
          + orderBy(layer, q) + " LIMIT ?";
    }
    // Where the engine takes both queries in one round trip, the count comes with the page's keys.
    // The keys then come all at once: a page has at most a few thousand.
    boolean together = matched != null && db.batchesQueries() && q.limit() <= PAGE_KEYS_AT_ONCE;
    if (matched != null && !together) {
      try (PreparedStatement ps = c.prepareStatement(count)) {
        where.bind(ps, 1, db);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          pageMarks.count(marked, rs.getLong(1));
          matched.matched(rs.getLong(1));
        }
      }
    }
    try (PreparedStatement keys = c.prepareStatement(together ? count + "; " + select : select);
         PreparedStatement features = c.prepareStatement(byKeys(layer))) {
      int next = where.bind(keys, 1, db);
      if (together) {
        next = where.bind(keys, next, db);
      }
      if (after != null) {
        keys.setLong(next++, after);
        keys.setLong(next, q.limit());
      } else {
        keys.setLong(next, q.limit());
        keys.setLong(next + 1, q.offset());
      }
      if (together) {
        keys.execute();
        try (ResultSet rs = keys.getResultSet()) {
          rs.next();
          pageMarks.count(marked, rs.getLong(1));
          matched.matched(rs.getLong(1));
        }
        if (!keys.getMoreResults()) {
          throw new SQLException("no keys after the count");
        }
      } else {
        keys.setFetchSize(FETCH);
        keys.execute();
      }
      List<Long> batch = new ArrayList<>(FETCH);
      long sent = 0;
      long last = -1;
      try (ResultSet rs = keys.getResultSet()) {
        while (rs.next()) {
          last = rs.getLong(1);
          batch.add(last);
          sent++;
          if (batch.size() == FETCH) {
            readBatch(features, batch, sink);
          }
        }
      }
      readBatch(features, batch, sink);
      if (storedOrder && sent == q.limit()) {
        pageMarks.pageEnded(marked, q.offset() + sent, last);
      }
    }
  }

  /** A box on a point layer: the index gives the page's keys a batch at a time. */
  private void streamIndexed(Connection c, LayerInfo layer, PointIndex index, FeatureQuery q, FeatureSink sink)
      throws SQLException, IOException {
    List<Envelope> areas = q.bbox().envelopes();
    try (PreparedStatement features = c.prepareStatement(byKeys(layer))) {
      List<Long> batch = new ArrayList<>(FETCH);
      long sent = 0;
      while (sent < q.limit()) {
        index.page(areas, q.offset() + sent, Math.min(FETCH, q.limit() - sent), batch::add);
        if (batch.isEmpty()) {
          return;
        }
        sent += batch.size();
        readBatch(features, batch, sink);
      }
    }
  }

  private static String byKeys(LayerInfo layer) {
    return "SELECT seq, fid, geometry, properties FROM " + Schema.geojsonTable(layer.id()) + " WHERE seq = ANY(?)";
  }

  /** Sends the features of {@code keys} in the order of the keys, and empties the batch. */
  private static void readBatch(PreparedStatement features, List<Long> keys, FeatureSink sink)
      throws SQLException, IOException {
    if (keys.isEmpty()) {
      return;
    }
    Map<Long, StoredFeature> byKey = new HashMap<>(keys.size() * 2);
    features.setObject(1, keys.toArray(Long[]::new));
    try (ResultSet rs = features.executeQuery()) {
      while (rs.next()) {
        byKey.put(rs.getLong(1), storedFeature(rs, 2));
      }
    }
    for (Long key : keys) {
      sink.accept(byKey.get(key));
    }
    keys.clear();
  }

  /** A row of {@code SELECT fid, geometry, properties}. */
  private static StoredFeature storedFeature(ResultSet rs) throws SQLException {
    return storedFeature(rs, 1);
  }

  /** fid, geometry and properties from column {@code first} on. */
  private static StoredFeature storedFeature(ResultSet rs, int first) throws SQLException {
    return new StoredFeature(rs.getString(first), rs.getBytes(first + 1), rs.getBytes(first + 2));
  }

  /**
   * The sort keys, then seq: seq is unique, so the order is total and a page holds the same
   * features whenever it is asked for. Features without a value come last either way.
   */
  private static String orderBy(LayerInfo layer, FeatureQuery q) {
    if (q.sort().isEmpty() && q.bbox() != null && coversLittle(layer, q.bbox())) {
      // Not "seq", which the primary key gives in order: a planner that expects a box's features
      // spread evenly over the layer walks the key until it has a page of them, but seq follows a
      // Hilbert curve, so they lie together, often past most of the layer. PostgreSQL read
      // 660,000 rows in 5 s for a page of 100 from a box of 1,659 features, where its spatial
      // index finds the 1,659 and sorts them in 12 ms. A box over most of the layer finds its
      // first features early on the key, and sorting all of them would take a second.
      return " ORDER BY seq + 0";
    }
    StringBuilder sb = new StringBuilder(" ORDER BY ");
    for (SortKey k : q.sort()) {
      String direction = k.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ";
      if (k.property().equals("datetime") && layer.temporal()) {
        sb.append("t_start").append(direction).append("t_end").append(direction);
        continue;
      }
      Attribute a = layer.attribute(k.property()).filter(Attribute::sortable)
          .orElseThrow(() -> new IllegalArgumentException("not sortable: " + k.property()));
      sb.append(a.column()).append(direction);
    }
    return sb.append("seq").toString();
  }

  /** Whether the box covers less than half of the layer's extent. */
  /**
   * The filter table of a query: a box over little of the layer is read through the spatial
   * index, and an equality on one column (a place) through that column's index, where the engine
   * would otherwise take the index of a broader filter beside them.
   */
  private String filterTable(LayerInfo layer, FeatureQuery q) {
    String table = Schema.table(layer.id());
    if (q.bbox() != null && coversLittle(layer, q.bbox())) {
      return table + db.readThrough(Schema.spatialIndex(layer.id()));
    }
    if (q.bbox() == null && q.condition() != null && q.condition().indexedColumn != null) {
      return table + db.readThrough(Schema.columnIndex(layer.id(), q.condition().indexedColumn));
    }
    return table;
  }

  private static boolean coversLittle(LayerInfo layer, Bbox box) {
    if (layer.bbox() == null) {
      return true;
    }
    Envelope extent = layer.bbox().envelopes().get(0);
    for (Envelope e : layer.bbox().envelopes()) {
      extent.expandToInclude(e);
    }
    double covered = 0;
    for (Envelope e : box.envelopes()) {
      covered += extent.intersection(e).getArea();
    }
    return covered < extent.getArea() / 2;
  }

  /**
   * The box, days, filter parameters and CQL2 condition of the query, all of which must hold. The
   * spatial index compares bounding boxes, which is exact for points only; for lines and polygons
   * the rows it finds are tested against the box itself.
   */
  private static Sql where(LayerInfo layer, FeatureQuery q) {
    List<Sql> terms = new ArrayList<>();
    if (q.bbox() != null) {
      List<Sql> boxes = new ArrayList<>();
      for (Geometry box : q.bbox().polygons()) {
        boxes.add(layer.points() ? Sql.of("geom && ?", box)
            : Sql.of("(geom && ? AND atlas_spatial('INTERSECTS', geom, ?))", box, box));
      }
      terms.add(Sql.join("OR", boxes));
    }
    if (q.time() != null) {
      if (q.time().end() != null) {
        terms.add(Sql.of("t_start <= ?", q.time().end()));
      }
      if (q.time().start() != null) {
        terms.add(Sql.of("t_end >= ?", q.time().start()));
      }
    }
    for (PropertyFilter f : q.filters()) {
      terms.add(f.sql());
    }
    if (q.condition() != null) {
      terms.add(q.condition().sql);
    }
    if (terms.isEmpty()) {
      return Sql.of("");
    }
    Sql all = Sql.join("AND", terms);
    return new Sql(" WHERE " + all.text(), all.params());
  }

  /** A feature's geometry, days and some of its queryable values, as the narrow table holds them. */
  public record FeatureValues(Geometry geometry, LocalDate start, LocalDate end, Map<String, Object> values) {}

  /**
   * Streams the geometry, days and the queryable values {@code properties} of the features that
   * match {@code q}. Only the narrow table is read: no feature's GeoJSON is decoded.
   */
  public void streamValues(String layerId, FeatureQuery q, List<String> properties,
      java.util.function.Consumer<FeatureValues> sink) {
    LayerInfo layer = layer(layerId).orElseThrow(() -> new StoreException("no layer " + layerId, null));
    List<Attribute> wanted = properties.stream().map(p -> layer.attribute(p)
        .orElseThrow(() -> new IllegalArgumentException("layer " + layerId + " has no queryable " + p))).toList();
    Sql where = where(layer, q);
    StringBuilder columns = new StringBuilder("geom, t_start, t_end");
    wanted.forEach(a -> columns.append(", ").append(a.column()));
    String sql = "SELECT " + columns + " FROM " + filterTable(layer, q) + where.text() + " ORDER BY seq";
    try (Connection c = pool.connection()) {
      c.setAutoCommit(false);
      thenEnd(() -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          where.bind(ps, 1, db);
          ps.setFetchSize(FETCH);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Map<String, Object> values = new HashMap<>();
              for (int i = 0; i < wanted.size(); i++) {
                values.put(wanted.get(i).property(), rs.getObject(4 + i));
              }
              sink.accept(new FeatureValues(db.geometry(rs, 1), rs.getObject(2, LocalDate.class),
                  rs.getObject(3, LocalDate.class), values));
            }
          }
        }
        return null;
      }, () -> {
        c.rollback();
        c.setAutoCommit(true);
      });
    } catch (SQLException e) {
      throw new StoreException("cannot read " + layerId + ": " + e.getMessage(), e);
    }
  }

  /** A matching feature's first day, its value of a queryable and its {@link Attribute.Type#TALLY}. */
  @FunctionalInterface
  public interface TallySink {
    void accept(LocalDate day, String group, String tally);
  }

  /**
   * Streams, for each feature that matches {@code q} (its limit and offset ignored), its first day,
   * its value of the queryable {@code group} and its tally, from the narrow table alone and on one
   * snapshot: sums over a million incidents read neither GeoJSON nor geometry. (Grouping equal
   * rows in SQL first made it slower on H2.)
   */
  public void tallies(LayerInfo layer, FeatureQuery q, String group, TallySink sink) {
    Attribute grouping = layer.attribute(group)
        .orElseThrow(() -> new IllegalArgumentException("layer " + layer.id() + " has no queryable " + group));
    if (layer.tally() == null) {
      throw new IllegalArgumentException("layer " + layer.id() + " keeps no tally");
    }
    try (Connection c = pool.connection()) {
      Read read = begin(c, layer.id(), q);
      thenEnd(() -> {
        Sql where = where(read.layer(), q);
        String sql = "SELECT t_start, " + grouping.column() + ", " + read.layer().tally().column() + " FROM "
            + filterTable(read.layer(), q) + where.text();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          where.bind(ps, 1, db);
          ps.setFetchSize(FETCH);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              sink.accept(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3));
            }
          }
        }
        return null;
      }, () -> end(c));
    } catch (SQLException e) {
      throw new StoreException("cannot sum up " + layer.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A layer's two tables as a read of its own SQL names them: for lookups the feature queries do
   * not express, such as search over names and ids, which must not hold a layer in memory.
   */
  public record LayerTables(LayerInfo layer, String narrow, String geojson, Database db) {
    /** The narrow table's column of the queryable {@code property}. */
    public String column(String property) {
      return layer.attribute(property).orElseThrow(() -> new IllegalArgumentException(
          "layer " + layer.id() + " has no queryable " + property)).column();
    }
  }

  /** A read of a layer's tables by SQL of its own. */
  @FunctionalInterface
  public interface TableRead<T> {
    T read(Connection c, LayerTables tables) throws SQLException;
  }

  /**
   * Runs {@code read} on a snapshot of the layers, as every feature query runs, with the layer's
   * catalogue entry of that snapshot.
   */
  public <T> T read(String layerId, TableRead<T> read) {
    try (Connection c = pool.connection()) {
      Read r = begin(c, layerId, FeatureQuery.all());
      return thenEnd(() -> read.read(c, new LayerTables(r.layer(), Schema.table(layerId), Schema.geojsonTable(layerId), db)),
          () -> end(c));
    } catch (SQLException e) {
      throw new StoreException("cannot read " + layerId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pointIndexes.close();
    try {
      listening.close();
    } catch (Exception e) {
      throw new StoreException("cannot stop listening for changes: " + e.getMessage(), e);
    }
    pool.close();
  }
}
