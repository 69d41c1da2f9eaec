package org.incidentatlas.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;
import org.incidentatlas.message.Labels;

/**
 * What a feed entry says of an incident, from its served properties: a title of its kind, place
 * and days, and as content who claims what figures and statements, when, and the sources they cite.
 */
final class IncidentEntry {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

  private final JsonNode p;
  private final Labels labels;

  IncidentEntry(JsonNode properties, Labels labels) {
    this.p = properties;
    this.labels = labels;
  }

  /** E.g. {@code Shelling at Ağdam (Azerbaijan), 14 July 2020}. */
  String title() {
    return labels.of("event", text("event_type")) + " at " + place() + ", " + days();
  }

  /** The place as recorded, with its country. */
  private String place() {
    String name = text("place_name") != null ? text("place_name") : text("admin2") != null ? text("admin2") : "an unnamed place";
    String country = labels.of("side", text("country"));
    return country == null ? name : name + " (" + country + ")";
  }

  private String days() {
    LocalDate from = LocalDate.parse(text("date"));
    LocalDate to = text("date_end") == null ? from : LocalDate.parse(text("date_end"));
    if ("month".equals(text("date_precision"))) {
      return from.format(MONTH);
    }
    return from.equals(to) ? from.format(DAY) : from.format(DAY) + " – " + to.format(DAY);
  }

  void content(AtomWriter.Xhtml html) throws XMLStreamException {
    List<String> where = new ArrayList<>();
    for (String name : List.of("admin2", "admin1")) {
      if (text(name) != null) {
        where.add(text(name));
      }
    }
    html.element("p", title() + (where.isEmpty() ? "" : "; " + String.join(", ", where)) + ". Location: "
        + labels.of("precision", text("location_precision"))
        + (p.path("uncertainty_m").isNumber() ? ", within " + p.get("uncertainty_m").asInt() + " m" : "") + ".");
    figures(html, "fatalities", "killed");
    figures(html, "injuries", "injured");
    statements(html);
    sources(html);
  }

  /** The range the atlas derives, then each claim of the figure as made. */
  private void figures(AtomWriter.Xhtml html, String figure, String verb) throws XMLStreamException {
    JsonNode claims = p.path(figure);
    if (!claims.isArray() || claims.isEmpty()) {
      return;
    }
    String range = p.path(figure + "_low").isNumber() && p.path(figure + "_high").isNumber()
        ? ": " + p.get(figure + "_low").asText() + "–" + p.get(figure + "_high").asText()
            + (p.path(figure + "_best").isNumber() ? " (median of the best figures " + p.get(figure + "_best").asText() + ")" : "")
        : "";
    html.element("p", "People " + verb + ", as claimed" + range + ". Claims are never added together:");
    html.start("ul");
    for (JsonNode c : claims) {
      String count = c.path("count").asText();
      String figureText = c.path("low").isNumber() || c.path("high").isNumber()
          ? count + " (" + c.path("low").asText(count) + "–" + c.path("high").asText(count) + ")" : count;
      html.element("li", claimant(c) + ": " + figureText + " " + labels.of("group", textOf(c, "group")) + " of "
          + labels.of("side", textOf(c, "side")) + " " + verb + when(c) + source(c));
    }
    html.end();
  }

  private void statements(AtomWriter.Xhtml html) throws XMLStreamException {
    JsonNode claims = p.path("claims");
    if (!claims.isArray() || claims.isEmpty()) {
      return;
    }
    html.element("p", "Statements:");
    html.start("ul");
    for (JsonNode c : claims) {
      html.element("li", claimant(c) + " — " + labels.of("about", textOf(c, "about")) + ": " + textOf(c, "value") + when(c)
          + source(c));
    }
    html.end();
  }

  private void sources(AtomWriter.Xhtml html) throws XMLStreamException {
    JsonNode sources = p.path("sources");
    if (!sources.isArray() || sources.isEmpty()) {
      return;
    }
    html.element("p", "Sources:");
    html.start("ul");
    for (JsonNode s : sources) {
      html.start("li");
      html.text(textOf(s, "id") + ": ");
      String publisher = textOf(s, "publisher") == null ? "unnamed source" : textOf(s, "publisher");
      if (web(textOf(s, "url"))) {
        html.link(textOf(s, "url"), publisher);
      } else {
        html.text(publisher);
      }
      html.text((textOf(s, "date") == null ? "" : ", " + textOf(s, "date"))
          + (textOf(s, "language") == null ? "" : " (" + textOf(s, "language") + ")"));
      if (textOf(s, "quote") != null) {
        html.text(": “" + textOf(s, "quote") + "”" + ("paraphrase".equals(textOf(s, "quote_type")) ? " (paraphrased)" : ""));
      }
      if (web(textOf(s, "archive_url"))) {
        html.text(" ");
        html.link(textOf(s, "archive_url"), "archived copy");
      }
      html.end();
    }
    html.end();
  }

  /** Only web addresses become links: a record's are checked so, and a reader follows nothing else. */
  private static boolean web(String url) {
    return url != null && (url.startsWith("https://") || url.startsWith("http://"));
  }

  private static String claimant(JsonNode c) {
    return textOf(c, "claimed_by") == null ? "Unnamed claimant" : textOf(c, "claimed_by");
  }

  private static String when(JsonNode c) {
    return textOf(c, "made_at") == null ? "" : ", said on " + textOf(c, "made_at");
  }

  private static String source(JsonNode c) {
    return textOf(c, "source") == null ? "" : " [" + textOf(c, "source") + "]";
  }

  private String text(String name) {
    return textOf(p, name);
  }

  private static String textOf(JsonNode node, String name) {
    JsonNode v = node.path(name);
    return v.isNull() || v.isMissingNode() || v.asText().isBlank() ? null : v.asText();
  }
}
