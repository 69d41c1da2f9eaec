package org.incidentatlas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A download fetched over HTTP as bytes, with its headers decoded as the README says clients should. */
public record TestDownload(int status, HttpHeaders headers, byte[] body) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern FILE_NAME = Pattern.compile("attachment; filename=\"([^\"]+)\"");

  public static TestDownload get(TestAtlas atlas, String pathAndQuery) {
    return send(atlas, pathAndQuery, "GET");
  }

  public static TestDownload head(TestAtlas atlas, String pathAndQuery) {
    return send(atlas, pathAndQuery, "HEAD");
  }

  private static TestDownload send(TestAtlas atlas, String pathAndQuery, String method) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(atlas.url(pathAndQuery)))
          .method(method, HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new TestDownload(r.statusCode(), r.headers(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " failed", e);
    }
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The raw header value; fails when it is missing. */
  public String raw(String name) {
    return headers.firstValue(name).orElseThrow(() -> new AssertionError("no header " + name + " in " + headers.map()));
  }

  /** A header's text, decoded from an RFC 8187 ext-value (UTF-8''...) when it is one. */
  public String header(String name) {
    return decode(raw(name));
  }

  public String fileName() {
    Matcher m = FILE_NAME.matcher(raw("Content-Disposition"));
    if (!m.matches()) {
      throw new AssertionError("not an attachment: " + raw("Content-Disposition"));
    }
    return m.group(1);
  }

  /** Writes the body into {@code dir} under the name the server gave it. */
  public Path saveIn(Path dir) throws IOException {
    return Files.write(dir.resolve(fileName()), body);
  }

  /** RFC 8187: {@code UTF-8''} then percent-encoded UTF-8; '+' stands for itself. */
  public static String decode(String value) {
    if (!value.startsWith("UTF-8''")) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String s = value.substring("UTF-8''".length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
