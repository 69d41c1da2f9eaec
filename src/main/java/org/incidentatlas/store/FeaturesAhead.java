package org.incidentatlas.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A layer's features, made on a thread of their own a few hundred ahead of the one that takes
 * them. Making an incident's feature (its enrichment: geodesic distances, the zone and the country
 * it lies in) took about two thirds of a build's pass over its incidents and turning it into rows
 * (its GeoJSON, the encoded row the sort keeps) the other third, one after the other on one core;
 * this way the rows are made while the next features are. The features are taken in the order the
 * layer gives them, and only the one thread ever iterates over them.
 *
 * <p>The thread is never interrupted: the iteration may read the records from their database,
 * and an interrupt closes the file a read is blocked on. It stops at the next batch instead.
 */
final class FeaturesAhead implements Iterator<LayerFeature>, AutoCloseable {
  private static final int BATCH = 256;
  private static final int BATCHES_AHEAD = 8;
  /** Put after the last batch, and after a failure. */
  private static final List<LayerFeature> END = List.of();

  private final BlockingQueue<List<LayerFeature>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
  private final Thread thread;
  private volatile boolean closed;
  /** Written before END is put, read after it is taken. */
  private Throwable failure;
  private List<LayerFeature> batch = new ArrayList<>();
  private int at;
  private boolean ended;

  FeaturesAhead(Iterable<LayerFeature> features, String layerId) {
    thread = new Thread(() -> {
      try {
        List<LayerFeature> b = new ArrayList<>(BATCH);
        for (Iterator<LayerFeature> it = features.iterator(); it.hasNext() && !closed; ) {
          b.add(it.next());
          if (b.size() == BATCH) {
            put(b);
            b = new ArrayList<>(BATCH);
          }
        }
        if (!b.isEmpty()) {
          put(b);
        }
      } catch (Throwable t) {
        failure = t;
      }
      try {
        put(END);
      } catch (Throwable t) {
        // closed: nobody takes it
      }
    }, "features of layer " + layerId);
    thread.setDaemon(true);
    thread.start();
  }

  private void put(List<LayerFeature> b) throws InterruptedException {
    while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
    }
  }

  @Override
  public boolean hasNext() {
    while (at == batch.size()) {
      if (ended) {
        return false;
      }
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the features of a layer were made", e);
      }
      at = 0;
      if (batch == END) {
        ended = true;
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
          throw r;
        }
        if (t instanceof Error e) {
          throw e;
        }
        if (t != null) {
          throw new IllegalStateException(t);
        }
      }
    }
    return true;
  }

  @Override
  public LayerFeature next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return batch.get(at++);
  }

  /** Stops the thread, at its next batch, and waits for it: nothing touches the features after this. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
