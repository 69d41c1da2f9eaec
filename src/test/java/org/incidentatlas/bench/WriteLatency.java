package org.incidentatlas.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * {@link System#nanoTime()}, over HTTP/1.1 keep-alive connections; a request that is not answered
 * with success stops the run.
 *
 * <p>The client is a few lines of HTTP/1.1 on a socket ({@link Connection}), not the JDK's
 * {@code HttpClient}: it shares the two cores with the server, and the JDK's client spent about
 * 2.7 ms of processor time on each draft, some two thirds of what the server spent.
 *
 * <p>Runs with one writer and then with two concurrent writers, each writer on a connection of
 * its own sending its next request once the last is answered. In each run the drafts are all
 * created first and then the first of them are moved to {@code in_review}, all of them, and then
 * to {@code published}, so that each kind of write has a stretch of time of its own for its
 * throughput. Before the first run a few writes warm the server up ({@code WARMUP_CREATES}, default
 * 1,000 drafts, then five publishes): the server's compilers work for its first thousand or so
 * drafts, which would set the lowest stretch. They are reported alone and left out of the figures.
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
  private static final int WARMUP_CREATES = Integer.parseInt(System.getenv().getOrDefault("WARMUP_CREATES", "1000"));
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
    List<Result> results = new ArrayList<>();
    int[] writerCounts = Arrays.stream((args.length > 4 ? args[4] : "1,2").split(","))
        .mapToInt(Integer::parseInt).toArray();
    for (int writers : writerCounts) {
      for (Result r : bench.run(writers, creates, publishes)) {
        if (r.sortedMs().length > 0) {
          System.out.println(r);
          results.add(r);
        }
      }
    }
    System.out.println();
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "tenths of %s, writes/s:%s%n", r.kind(),
          Arrays.stream(r.stretches()).mapToObj(t -> String.format(Locale.ROOT, " %.1f", t)).reduce("", String::concat));
    }
  }

  /** The first writes after the server started: the first of each kind is timed alone. */
  private void warmUp() throws IOException {
    Connection client = client();
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
      List<Connection> clients = new ArrayList<>();
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
    Written write(Connection client, T item) throws IOException;
  }

  /** Every writer writes its own items one after another; all start together. */
  private static <T> Phase phase(ExecutorService pool, List<Connection> clients, List<List<T>> items,
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

  private Written create(Connection client) throws IOException {
    long start = System.nanoTime();
    Reply reply = client.post("/api/collections/incidents/items", "application/geo+json", null, record());
    long answered = System.nanoTime();
    reply.check(201);
    Matcher id = ID.matcher(reply.body());
    if (!id.find()) {
      throw new IllegalStateException("no id in the answer: " + reply.body());
    }
    return new Written(id.group(1), reply.etag(), (answered - start) / 1e6, answered);
  }

  private Written move(Connection client, Written record, String status) throws IOException {
    long start = System.nanoTime();
    Reply reply = client.post("/api/collections/incidents/items/" + record.id() + "/status", "application/json",
        record.etag(), "{\"status\":\"" + status + "\"}");
    long answered = System.nanoTime();
    reply.check(200);
    return new Written(record.id(), reply.etag(), (answered - start) / 1e6, answered);
  }

  private Connection client() {
    return new Connection(URI.create(base), token);
  }

  /** An answer: its status, headers (names in lower case) and body. */
  private record Reply(String request, int status, Map<String, String> headers, String body) {
    void check(int expected) {
      if (status != expected) {
        throw new IllegalStateException(request + ": " + status + " " + body);
      }
    }

    String etag() {
      String etag = headers.get("etag");
      if (etag == null) {
        throw new IllegalStateException("no ETag: " + request);
      }
      return etag;
    }
  }

  /**
   * One keep-alive HTTP/1.1 connection, opened again when the server closes it. Reads answers with
   * a Content-Length or chunked; enough for the atlas's answers to writes.
   */
  private static final class Connection {
    private final URI base;
    private final String token;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Connection(URI base, String token) {
      this.base = base;
      this.token = token;
    }

    Reply post(String path, String contentType, String ifMatch, String body) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
          .append("Authorization: Bearer ").append(token).append("\r\n")
          .append("Content-Type: ").append(contentType).append("\r\n")
          .append("Content-Length: ").append(content.length).append("\r\n");
      if (ifMatch != null) {
        head.append("If-Match: ").append(ifMatch).append("\r\n");
      }
      byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
      byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
      System.arraycopy(content, 0, request, headBytes.length, content.length);
      out.write(request);
      out.flush();
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("POST " + path + ": the server closed the connection without an answer");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      byte[] answer = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? chunked()
          : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      if ("close".equalsIgnoreCase(headers.get("connection"))) {
        socket.close();
        socket = null;
      }
      return new Reply("POST " + path, status, headers, new String(answer, StandardCharsets.UTF_8));
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0; ) {
        body.write(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
        // Trailers are not used.
      }
      return body.toByteArray();
    }

    /** A line up to CRLF, without it; null at the end of the stream. */
    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b; (b = in.read()) != -1; ) {
        if (b == '\n') {
          int n = line.length();
          return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        }
        line.append((char) b);
      }
      return line.length() == 0 ? null : line.toString();
    }
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
