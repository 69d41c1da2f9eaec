package org.incidentatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency of acknowledged writes against a running server, for {@code bench/write-latency.sh}:
 * new drafts (POST to the incidents' items) and publishing them (a move to {@code in_review},
 * then to {@code published}, each with the ETag of the version before as If-Match). Each
 * request is timed from before it is sent to after the whole answer is read, with
 * {@link System#nanoTime()}, by {@link HttpClient} over HTTP/1.1 keep-alive connections; a
 * request that is not answered with success stops the run.
 *
 * <p>Runs with one writer and then with two concurrent writers, each writer on a connection of
 * its own sending its next request once the last is answered. In each run the drafts are all
 * created first and then the first of them are moved to {@code in_review}, all of them, and then
 * to {@code published}, so that each kind of write has a stretch of time of its own for its
 * throughput. Before the first run a few writes warm the server up; they are reported alone and
 * left out of the figures.
 *
 * <p>Whether a rate is sustained shows in how it holds over the run: each kind of write is also
 * cut into ten stretches of equal counts, in the order the answers came, and the lowest and
 * highest rate of those stretches are printed beside the whole run's (a run that slows as records
 * pile up shows a low last stretch). Give 2,000 creates or more for a figure that holds.
 *
 * <p>Uses only the JDK, so that it can measure the jar of any commit.
 *
 * <p>Usage: {@code WriteLatency BASE_URL TOKEN CREATES PUBLISHES [WRITERS]}, WRITERS the numbers of
 * concurrent writers to run with, one after the other, comma-separated (default {@code 1,2}).
 */
public final class WriteLatency {
  private static final int WARMUP_CREATES = 20;
  private static final int WARMUP_PUBLISHES = 5;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final String[] EVENT_TYPES = {"armed_clash", "shelling", "drone_strike"};

  private final String base;
  private final String token;
  private final Random random = new Random(1);

  private WriteLatency(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    WriteLatency bench = new WriteLatency(args[0], args[1]);
    int creates = Integer.parseInt(args[2]);
    int publishes = Integer.parseInt(args[3]);
    bench.warmUp();
    System.out.println();
    System.out.printf(Locale.ROOT, "%-26s %6s %9s %9s %9s %9s %12s %19s%n",
        "ms per acknowledged write", "count", "median", "p95", "p99", "max", "writes/s", "tenths: lowest-highest");
    int[] writerCounts = Arrays.stream((args.length > 4 ? args[4] : "1,2").split(","))
        .mapToInt(Integer::parseInt).toArray();
    for (int writers : writerCounts) {
      for (Result r : bench.run(writers, creates, publishes)) {
        if (r.sortedMs().length > 0) {
          System.out.println(r);
        }
      }
    }
  }

  /** The first writes after the server started: the first of each kind is timed alone. */
  private void warmUp() throws IOException, InterruptedException {
    HttpClient client = client();
    List<Written> drafts = new ArrayList<>();
    for (int i = 0; i < WARMUP_CREATES; i++) {
      drafts.add(create(client));
    }
    List<Written> reviewed = new ArrayList<>();
    for (int i = 0; i < WARMUP_PUBLISHES; i++) {
      reviewed.add(move(client, drafts.get(i), "in_review"));
    }
    List<Written> published = new ArrayList<>();
    for (int i = 0; i < WARMUP_PUBLISHES; i++) {
      published.add(move(client, reviewed.get(i), "published"));
    }
    System.out.printf(Locale.ROOT,
        "warm-up, left out of the figures: %d drafts (the first %.1f ms, the rest median %.1f ms),"
            + " %d published (the first to in_review %.1f ms, to published %.1f ms)%n",
        WARMUP_CREATES, drafts.get(0).ms(), median(drafts.subList(1, drafts.size())),
        WARMUP_PUBLISHES, reviewed.get(0).ms(), published.get(0).ms());
  }

  private List<Result> run(int writers, int creates, int publishes) throws Exception {
    String who = writers == 1 ? "1 writer" : writers + " writers";
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<HttpClient> clients = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        clients.add(client());
      }
      Phase created = phase(pool, clients, share(creates, writers), (client, n) -> create(client));
      List<Written> drafts = new ArrayList<>(created.written());
      // More publishes asked for than drafts created: the rest are made here, untimed.
      while (drafts.size() < publishes) {
        drafts.add(create(clients.get(0)));
      }
      List<List<Written>> toPublish = split(drafts.subList(0, publishes), writers);
      Phase reviewed = phase(pool, clients, toPublish,
          (client, draft) -> move(client, draft, "in_review"));
      Phase published = phase(pool, clients, split(reviewed.written(), writers),
          (client, record) -> move(client, record, "published"));
      return List.of(created.result("create draft, " + who),
          reviewed.result("to in_review, " + who),
          published.result("to published, " + who));
    } finally {
      pool.shutdown();
    }
  }

  private interface Write<T> {
    Written write(HttpClient client, T item) throws IOException, InterruptedException;
  }

  /** Every writer writes its own items one after another; all start together. */
  private static <T> Phase phase(ExecutorService pool, List<HttpClient> clients, List<List<T>> items,
      Write<T> write) throws Exception {
    CyclicBarrier start = new CyclicBarrier(clients.size());
    List<Future<List<Written>>> futures = new ArrayList<>();
    long[] begun = new long[clients.size()];
    for (int w = 0; w < clients.size(); w++) {
      int writer = w;
      Callable<List<Written>> task = () -> {
        start.await();
        begun[writer] = System.nanoTime();
        List<Written> written = new ArrayList<>();
        for (T item : items.get(writer)) {
          written.add(write.write(clients.get(writer), item));
        }
        return written;
      };
      futures.add(pool.submit(task));
    }
    List<Written> written = new ArrayList<>();
    for (Future<List<Written>> f : futures) {
      written.addAll(f.get());
    }
    long end = System.nanoTime();
    long first = Arrays.stream(begun).min().orElse(end);
    return new Phase(written, first, end);
  }

  private static final int STRETCHES = 10;

  private record Phase(List<Written> written, long begun, long ended) {
    Result result(String kind) {
      double[] ms = written.stream().mapToDouble(Written::ms).sorted().toArray();
      return new Result(kind, ms, written.size() / ((ended - begun) / 1e9), stretches());
    }

    /** The rate of each tenth of the writes, by the time their answers came. */
    private double[] stretches() {
      long[] at = written.stream().mapToLong(Written::answeredAt).sorted().toArray();
      if (at.length < STRETCHES) {
        return new double[0];
      }
      double[] rates = new double[STRETCHES];
      long from = begun;
      for (int s = 0; s < STRETCHES; s++) {
        int lo = at.length * s / STRETCHES;
        int hi = at.length * (s + 1) / STRETCHES;
        long to = at[hi - 1];
        rates[s] = (hi - lo) / (Math.max(1, to - from) / 1e9);
        from = to;
      }
      return rates;
    }
  }

  private record Result(String kind, double[] sortedMs, double perSecond, double[] stretches) {
    @Override
    public String toString() {
      String tenths = stretches.length == 0 ? "" : String.format(Locale.ROOT, "%9.1f-%.1f",
          Arrays.stream(stretches).min().orElseThrow(), Arrays.stream(stretches).max().orElseThrow());
      return String.format(Locale.ROOT, "%-26s %6d %9.1f %9.1f %9.1f %9.1f %12.1f %19s", kind, sortedMs.length,
          percentile(sortedMs, 50), percentile(sortedMs, 95), percentile(sortedMs, 99),
          sortedMs[sortedMs.length - 1], perSecond, tenths);
    }
  }

  /**
   * A record as written: its id, the ETag of the version written, how long the write took, and
   * when its answer had come ({@link System#nanoTime()}).
   */
  private record Written(String id, String etag, double ms, long answeredAt) {}

  private Written create(HttpClient client) throws IOException, InterruptedException {
    HttpRequest request = request(base + "/api/collections/incidents/items")
        .header("Content-Type", "application/geo+json")
        .POST(HttpRequest.BodyPublishers.ofString(record()))
        .build();
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long answered = System.nanoTime();
    check(response, 201);
    Matcher id = ID.matcher(response.body());
    if (!id.find()) {
      throw new IllegalStateException("no id in the answer: " + response.body());
    }
    return new Written(id.group(1), etag(response), (answered - start) / 1e6, answered);
  }

  private Written move(HttpClient client, Written record, String status) throws IOException, InterruptedException {
    HttpRequest request = request(base + "/api/collections/incidents/items/" + record.id() + "/status")
        .header("Content-Type", "application/json")
        .header("If-Match", record.etag())
        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"))
        .build();
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long answered = System.nanoTime();
    check(response, 200);
    return new Written(record.id(), etag(response), (answered - start) / 1e6, answered);
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token);
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static void check(HttpResponse<String> response, int expected) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": "
          + response.statusCode() + " " + response.body());
    }
  }

  private static String etag(HttpResponse<String> response) {
    return response.headers().firstValue("ETag")
        .orElseThrow(() -> new IllegalStateException("no ETag: " + response.request().uri()));
  }

  /**
   * A new record: a point within about 400 m of 45.62 E, 40.95 N (by Dondar Quşçu, Tovuz), a day
   * in 12–21 July 2020, one of the event types. Synchronised: writers share the random numbers.
   */
  private synchronized String record() {
    double lon = 45.62 + (random.nextDouble() - 0.5) * 0.008;
    double lat = 40.95 + (random.nextDouble() - 0.5) * 0.008;
    LocalDate date = LocalDate.of(2020, 7, 12).plusDays(random.nextInt(10));
    String type = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
    return String.format(Locale.ROOT, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
        + "\"coordinates\":[%.5f,%.5f]},\"properties\":{\"date\":\"%s\",\"event_type\":\"%s\","
        + "\"country\":\"AZ\",\"sources\":[{\"id\":\"S1\",\"publisher\":\"Bench\",\"language\":\"en\"}]}}",
        lon, lat, date, type);
  }

  /** N items in nearly equal shares, one for each writer. */
  private static List<List<Integer>> share(int n, int writers) {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return split(items, writers);
  }

  /** Dealt round, so that each writer's share is in the order of the whole. */
  private static <T> List<List<T>> split(List<T> items, int writers) {
    List<List<T>> shares = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      shares.get(i % writers).add(items.get(i));
    }
    return shares;
  }

  /** Nearest rank: the smallest value with at least p % of the values at or below it. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static double median(List<Written> written) {
    return percentile(written.stream().mapToDouble(Written::ms).sorted().toArray(), 50);
  }
}
