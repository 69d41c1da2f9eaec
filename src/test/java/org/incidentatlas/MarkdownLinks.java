package org.incidentatlas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown files, and whether they resolve: the file a link names exists,
 * relative to the file that links it, and its anchor names a heading of the target as GitHub
 * makes heading anchors. Links to other sites ({@code http:}, {@code https:}, {@code mailto:})
 * are not followed, and nothing inside code (fenced blocks, indented blocks, code spans) is a link.
 */
final class MarkdownLinks {
  /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
  private static final Pattern INLINE = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
  /** A reference definition, {@code [label]: target}. */
  private static final Pattern DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  /** A code span: a run of backticks, anything but an empty line, the same run again. */
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)((?:(?!\\n[ \\t]*\\n)[\\s\\S])+?)\\1");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private MarkdownLinks() {}

  /** One link of a file, where it is: its 1-based line and its target as written. */
  record Link(Path file, int line, String target) {}

  /** A link that does not resolve, and why. */
  record Problem(Link link, String reason) {
    @Override
    public String toString() {
      return link.file() + ":" + link.line() + ": " + link.target() + ": " + reason;
    }
  }

  /** Every link of {@code file} whose target does not resolve. */
  static List<Problem> check(Path file) {
    List<Problem> problems = new ArrayList<>();
    Map<Path, Set<String>> anchorsOf = new HashMap<>();
    for (Link link : links(file)) {
      String target = link.target();
      if (target.isEmpty()) {
        problems.add(new Problem(link, "the link has no target"));
        continue;
      }
      if (SCHEME.matcher(target).find()) {
        continue;  // another site, or mailto:
      }
      int hash = target.indexOf('#');
      String path = decode(hash < 0 ? target : target.substring(0, hash));
      String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
      Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
      if (!Files.exists(resolved)) {
        problems.add(new Problem(link, "no file at " + resolved));
        continue;
      }
      if (anchor == null) {
        continue;
      }
      if (!resolved.getFileName().toString().endsWith(".md")) {
        continue;  // an anchor in another kind of file (a line of source) is not a heading
      }
      Set<String> anchors = anchorsOf.computeIfAbsent(resolved.toAbsolutePath(), MarkdownLinks::anchors);
      if (!anchors.contains(anchor)) {
        problems.add(new Problem(link, "no heading of " + resolved.getFileName() + " has the anchor #" + anchor));
      }
    }
    return problems;
  }

  /** The links of {@code file} in order, outside code; a link's text may run over lines. */
  static List<Link> links(Path file) {
    List<Link> links = new ArrayList<>();
    List<String> lines = prose(read(file));
    String text = String.join("\n", lines);
    Matcher m = INLINE.matcher(text);
    while (m.find()) {
      links.add(new Link(file, lineOf(text, m.start()), m.group(2)));
    }
    for (int i = 0; i < lines.size(); i++) {
      Matcher definition = DEFINITION.matcher(lines.get(i));
      if (definition.matches()) {
        links.add(new Link(file, i + 1, definition.group(1)));
      }
    }
    links.sort(java.util.Comparator.comparingInt(Link::line));
    return links;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The anchors GitHub gives the headings of {@code file}. */
  static Set<String> anchors(Path file) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutFences(read(file))) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String slug = slug(m.group(2) == null ? "" : m.group(2));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  /**
   * The anchor GitHub makes of a heading: of the text as shown (code spans without their backticks,
   * links and images as their text), lowercase, without punctuation but for hyphens and
   * underscores, each space a hyphen. Letters and digits of any script stay, so "Größe" is "größe".
   */
  static String slug(String heading) {
    String text = CODE_SPAN.matcher(heading).replaceAll(m -> Matcher.quoteReplacement(m.group(2)))
        .replaceAll("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\([^)]*\\)", "$1")
        .replaceAll("<[^>]+>", "")
        .strip()
        .toLowerCase(java.util.Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c == ' ') {
        slug.append('-');
      } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)
          || Character.getType(c) == Character.NON_SPACING_MARK || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
        slug.appendCodePoint(c);
      }
    });
    return slug.toString();
  }

  /**
   * The lines of {@code text} with code blanked, so that line numbers stay and nothing in code is
   * taken for a link: fenced code blocks become empty lines and code spans (which may run over
   * the lines of a paragraph) spaces.
   */
  static List<String> prose(String text) {
    String unfenced = String.join("\n", withoutFences(text));
    Matcher m = CODE_SPAN.matcher(unfenced);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group().replaceAll("[^\n]", " ")));
    }
    m.appendTail(out);
    return List.of(out.toString().split("\n", -1));
  }

  /** The lines of {@code text}, those of fenced code blocks (fences included) left empty. */
  static List<String> withoutFences(String text) {
    List<String> out = new ArrayList<>();
    String fence = null;
    for (String line : text.split("\r?\n", -1)) {
      Matcher f = FENCE.matcher(line);
      boolean isFence = f.find();
      if (fence == null && isFence) {
        fence = f.group(1);
      } else if (fence != null && isFence && f.group(1).charAt(0) == fence.charAt(0)
          && f.group(1).length() >= fence.length() && line.substring(f.end()).isBlank()) {
        fence = null;
      } else if (fence == null) {
        out.add(line);
        continue;
      }
      out.add("");
    }
    return out;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
