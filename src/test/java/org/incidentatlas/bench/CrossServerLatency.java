package org.incidentatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How soon a record published on one server is served by another server of the same PostgreSQL
 * database, for {@code bench/two-servers.sh}: a new draft on server A, moved to {@code in_review}
 * and then to {@code published} (each with the ETag of the version before as If-Match), and from
 * the moment A acknowledges the publishing, server B's
 * {@code /api/collections/incidents/items/{id}} asked without a token every 5 ms until it answers
 * 200. The time from that acknowledgement to B's first 200 is the sample; B learns of the change
 * by PostgreSQL's NOTIFY and reads the layer again.
 *
 * <p>Uses only the JDK. Exits with 1 when a record is not served by B within the give-up time.
 *
 * <p>Usage: {@code CrossServerLatency BASE_A BASE_B TOKEN SAMPLES}
 */
public final class CrossServerLatency {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final long POLL_MILLIS = 5;
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String a;
  private final String b;
  private final String token;
  private final Random random = new Random(3);

  private CrossServerLatency(String a, String b, String token) {
    this.a = a;
    this.b = b;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    CrossServerLatency bench = new CrossServerLatency(args[0], args[1], args[2]);
    int samples = Integer.parseInt(args[3]);
    bench.sample(); // the first publishing after start, left out
    double[] visible = new double[samples];
    double[] publish = new double[samples];
    long start = System.nanoTime();
    for (int i = 0; i < samples; i++) {
      double[] s = bench.sample();
      publish[i] = s[0];
      visible[i] = s[1];
      if (visible[i] < 0) {
        System.out.printf(Locale.ROOT, "sample %d: not served by B after %d s%n", i + 1, GIVE_UP.toSeconds());
        System.exit(1);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(visible);
    Arrays.sort(publish);
    System.out.printf(Locale.ROOT, "%d records published on A in %.1f s%n", samples, seconds);
    System.out.println(line("publish on A (in_review + published), ms", publish));
    System.out.println(line("visible on B after A's answer, ms", visible));
    System.out.printf(Locale.ROOT, "within 1 s at p99: %s%n", percentile(visible, 99) <= 1000 ? "yes" : "no");
  }

  private static String line(String what, double[] sorted) {
    return String.format(Locale.ROOT, "%-42s median %.1f, p95 %.1f, p99 %.1f, max %.1f", what,
        percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
  }

  /** One record: {the time to publish it on A, the time from then until B serves it (-1: never)}. */
  private double[] sample() throws IOException, InterruptedException {
    HttpResponse<String> created = send(request(a + "/api/collections/incidents/items")
        .header("Content-Type", "application/geo+json").POST(HttpRequest.BodyPublishers.ofString(record())).build(), 201);
    Matcher m = ID.matcher(created.body());
    if (!m.find()) {
      throw new IllegalStateException("no id in the answer: " + created.body());
    }
    String id = m.group(1);
    long before = System.nanoTime();
    HttpResponse<String> reviewed = move(id, etag(created), "in_review");
    move(id, etag(reviewed), "published");
    long published = System.nanoTime();
    HttpRequest poll = HttpRequest.newBuilder(URI.create(b + "/api/collections/incidents/items/" + id))
        .timeout(Duration.ofSeconds(10)).GET().build();
    while (System.nanoTime() - published < GIVE_UP.toNanos()) {
      int status = client.send(poll, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return new double[] {(published - before) / 1e6, (System.nanoTime() - published) / 1e6};
      }
      if (status != 404) {
        throw new IllegalStateException("GET " + poll.uri() + " on B: " + status);
      }
      Thread.sleep(POLL_MILLIS);
    }
    return new double[] {(published - before) / 1e6, -1};
  }

  private HttpResponse<String> move(String id, String etag, String status) throws IOException, InterruptedException {
    return send(request(a + "/api/collections/incidents/items/" + id + "/status")
        .header("Content-Type", "application/json").header("If-Match", etag)
        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(), 200);
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
          + response.body());
    }
    return response;
  }

  private static String etag(HttpResponse<String> response) {
    return response.headers().firstValue("ETag")
        .orElseThrow(() -> new IllegalStateException("no ETag: " + response.request().uri()));
  }

  /** A new record near Dondar Quşçu (Tovuz), a day in 12–21 July 2020, as WriteLatency writes them. */
  private String record() {
    double lon = 45.62 + (random.nextDouble() - 0.5) * 0.008;
    double lat = 40.95 + (random.nextDouble() - 0.5) * 0.008;
    LocalDate date = LocalDate.of(2020, 7, 12).plusDays(random.nextInt(10));
    return String.format(Locale.ROOT, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
        + "\"coordinates\":[%.5f,%.5f]},\"properties\":{\"date\":\"%s\",\"event_type\":\"shelling\","
        + "\"country\":\"AZ\",\"sources\":[{\"id\":\"S1\",\"publisher\":\"Bench\",\"language\":\"en\"}]}}",
        lon, lat, date);
  }

  /** Nearest rank: the smallest value with at least p % of the values at or below it. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
