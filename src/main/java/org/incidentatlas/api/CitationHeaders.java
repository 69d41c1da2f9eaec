package org.incidentatlas.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.incidentatlas.export.Citation;
import org.incidentatlas.export.SourceLicence;
import org.incidentatlas.store.LayerInfo;

/**
 * The citation of a download in its response headers, so that whoever keeps only the file's
 * bytes (curl -O, a script, a CSV that has no room for it) can still learn what it is and where
 * it came from, and a HEAD request tells it without the file. Header values must be ASCII: a
 * value with any other character is sent as an RFC 8187 ext-value, {@code UTF-8''} followed by
 * the percent-encoded UTF-8 bytes ({@code UTF-8''Armenia%E2%80%93Azerbaijan%20border}).
 */
final class CitationHeaders {
  static final String TITLE = "X-Atlas-Title";
  static final String LICENCE = "X-Atlas-Licence";
  static final String ATTRIBUTION = "X-Atlas-Attribution";
  static final String QUERY = "X-Atlas-Query";
  static final String BUILD = "X-Atlas-Build";
  static final String BUILT_AT = "X-Atlas-Built-At";
  static final String CHECKSUM = "X-Atlas-Checksum";
  static final String EXPORTED_AT = "X-Atlas-Exported-At";
  static final String CITATION = "X-Atlas-Citation";
  private static final String EXT_VALUE = "UTF-8''";

  private CitationHeaders() {}

  /**
   * The citation of an answer made from {@code layer} by this request's address, put in the
   * headers. The headers must be complete before the first byte of the answer and hold the
   * address three times, so a query longer than {@link Downloads#MAX_CITED_QUERY} is refused up
   * front: {@code what} says what the answer is and where it cites itself, {@code instead} what to do.
   */
  static Citation cite(Context ctx, LayerInfo layer, String what, String instead) {
    String query = Downloads.asciiUrl(ctx.queryString() == null ? "" : ctx.queryString());
    if (query.length() > Downloads.MAX_CITED_QUERY) {
      throw new ApiException(414, "URITooLong", what + " cites the address it was made from, so its query string may be at most "
          + Downloads.MAX_CITED_QUERY + " characters (percent-encoded); this one has " + query.length() + ". " + instead);
    }
    String base = OgcApi.base(ctx);
    String url = base + Downloads.asciiUrl(ctx.path()) + (query.isEmpty() ? "" : "?" + query);
    Citation citation = Citation.of(layer, query, url, Hrefs.collection(base, layer), Instant.now());
    apply(ctx, citation);
    return citation;
  }

  static void apply(Context ctx, Citation c) {
    List<String> links = new ArrayList<>();
    links.add("<" + c.describedBy() + ">; rel=\"describedby\"; type=\"application/json\"");
    links.add("<" + c.url() + ">; rel=\"cite-as\"");
    for (SourceLicence l : c.licences()) {
      if (l.url() != null) {
        links.add("<" + l.url() + ">; rel=\"license\"; title=\"" + ascii(l.name()) + "\"");
      }
    }
    ctx.header("Link", String.join(", ", links));
    ctx.header(TITLE, value(c.title()));
    ctx.header(LICENCE, value(c.licence()));
    ctx.header(ATTRIBUTION, value(c.attribution()));
    ctx.header(QUERY, value(c.query()));
    ctx.header(BUILD, value(c.buildId()));
    ctx.header(BUILT_AT, c.builtAt().toString());
    ctx.header(CHECKSUM, c.checksum());
    ctx.header(EXPORTED_AT, c.exportedAt().toString());
    ctx.header(CITATION, value(c.text()));
  }

  /** The text itself when it is printable ASCII, else its RFC 8187 ext-value. */
  static String value(String text) {
    boolean plain = !text.startsWith(EXT_VALUE) && text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F);
    if (plain) {
      return text;
    }
    return EXT_VALUE + percentEncoded(text, CitationHeaders::isAttrChar);
  }

  /** The UTF-8 bytes of {@code s}, those {@code keep} refuses as %XX. */
  static String percentEncoded(String s, IntPredicate keep) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int ch = b & 0xFF;
      if (keep.test(ch)) {
        sb.append((char) ch);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(ch & 0xF, 16)));
      }
    }
    return sb.toString();
  }

  /** RFC 8187 attr-char: letters, digits and !#$&+-.^_`|~ stand for themselves. */
  private static boolean isAttrChar(int ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "!#$&+-.^_`|~".indexOf(ch) >= 0;
  }

  /** For quoted strings inside a header: printable ASCII without quotes or backslashes. */
  private static String ascii(String s) {
    return s.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
  }
}
