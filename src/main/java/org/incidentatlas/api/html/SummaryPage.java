package org.incidentatlas.api.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.incidentatlas.api.Formats;
import org.incidentatlas.api.Link;
import org.incidentatlas.api.html.Value.Field;
import org.incidentatlas.export.Citation;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.PeriodClaim;
import org.incidentatlas.message.Labels;
import org.incidentatlas.store.LayerInfo;
import org.incidentatlas.summary.PeriodSummary;
import org.incidentatlas.summary.PeriodSummary.ClaimRow;
import org.incidentatlas.summary.PeriodSummary.Part;

/**
 * A summary of the incidents a query selects, for a person: counts, the claims in the order they
 * were made, the period claims apart, the places and the sources, and how to cite it. Codes are
 * named in words.
 */
public final class SummaryPage {
  private static final Map<String, String> PEOPLE = Map.of("AM", "Armenian", "AZ", "Azerbaijani");
  /** What the page shows of a citation's items, and how it names them. */
  private static final Map<String, String> CITATION_FIELDS = orderedMap("licence", "Licence", "attribution", "Attribution",
      "url", "Address", "build", "Build", "built_at", "Built at", "checksum", "Checksum of the source files (SHA-256)",
      "exported_at", "Made at");
  private static final Pattern HTTP = Pattern.compile("(?i)https?://\\S+");
  private static final Map<String, String> FIGURES = Map.of("fatalities", "killed", "injuries", "injured");

  public static final String TITLE = "Summary of the incidents";

  private SummaryPage() {}

  public record Model(Frame frame, String title, String lead, List<Field> query, List<Count> types, List<Count> sides,
      Listing<ClaimView> claims, List<PeriodClaimView> periodClaims, Listing<PlaceView> villages, Listing<SourceView> sources,
      String sourceReferences, String citation, List<Field> citationFields, String itemsHref, String jsonHref) {
    public boolean hasQuery() {
      return !query.isEmpty();
    }

    public boolean hasPeriodClaims() {
      return !periodClaims.isEmpty();
    }
  }

  public record Count(String label, String count) {}

  /** A list as shown, and what the page says when it is cut. */
  public record Listing<T>(List<T> items, String cut) {
    public boolean hasItems() {
      return !items.isEmpty();
    }
  }

  /** @param datedBySource whether {@code date} is the source's, the claim having no {@code made_at} */
  public record ClaimView(String date, boolean datedBySource, String incident, String incidentHref, String place, String whose,
      String figure, String claimant, String publisher, String sourceDate, String url) {}

  public record PeriodClaimView(String id, String href, String days, String area, String statement, List<String> figures,
      String covers) {}

  /** @param village the place's feature among the shelled villages, null when none */
  public record PlaceView(String name, PeriodSummary.VillageLink village, String country, String admin1, String incidents) {}

  public record SourceView(String date, String publisher, String url) {}

  /**
   * @param query        the query's parameters, without {@code f}
   * @param incidentHref the page of an incident, by id
   * @param periodHref   the page of a period claim, by id
   * @param labels       the words for coded values, as the map names them
   */
  public static Page of(String base, LayerInfo layer, PeriodSummary s, Map<String, List<String>> query, Citation citation,
      Function<String, String> incidentHref, Function<String, String> periodHref, List<Link> links, Labels labels) {
    List<Field> selection = new ArrayList<>();
    query.forEach((name, values) -> selection.add(new Field(name, Value.text(String.join(", ", values)))));
    List<Count> types = s.byEventType().entrySet().stream()
        .map(e -> new Count(labels.of("event", e.getKey()), Layers.count(e.getValue()))).toList();
    List<Count> sides = s.bySide().entrySet().stream()
        .map(e -> new Count(country(labels, e.getKey(), "not recorded"), Layers.count(e.getValue()))).toList();
    List<ClaimView> claims = s.claims().items().stream().map(c -> claim(c, incidentHref)).toList();
    List<PeriodClaimView> period = s.periodClaims().stream().map(c -> new PeriodClaimView(c.id(), periodHref.apply(c.id()),
        c.date().equals(c.dateEnd()) ? c.date() : c.date() + " – " + c.dateEnd(), c.area(), c.statement(), figures(c, labels),
        "covers " + Layers.count(c.coversMatching()) + " of these incidents")).toList();
    List<PlaceView> places = s.villages().items().stream().map(p -> new PlaceView(p.placeName(), p.shelledVillage(),
        country(labels, p.country(), "not recorded"), p.admin1(), Layers.count(p.incidents()))).toList();
    List<SourceView> sources = s.sources().distinct().items().stream()
        .map(x -> new SourceView(x.date(), x.publisher(), link(x.url()))).toList();
    List<Field> cite = new ArrayList<>();
    Map<String, String> items = citation.items();
    CITATION_FIELDS.forEach((key, label) -> cite.add(new Field(label, Value.text(items.get(key)))));
    Frame frame = new Frame(TITLE, Trail.from(base).collection(layer.id(), layer.title()).here("Summary"),
        links, false);
    return new Page("summary", new Model(frame, TITLE, lead(s), selection, types, sides,
        new Listing<>(claims, cut(s.claims(), "claims")), period, new Listing<>(places, cut(s.villages(), "places")),
        new Listing<>(sources, cut(s.sources().distinct(), "sources")), Layers.count(s.sources().references()),
        citation.text(), cite, Layers.href(links, "items", Formats.HTML), Layers.href(links, "alternate", Formats.JSON)));
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String lead(PeriodSummary s) {
    if (s.incidents() == 0) {
      return "No incident matches.";
    }
    String days = s.firstDate().equals(s.lastDate()) ? "on " + s.firstDate() : "from " + s.firstDate() + " to " + s.lastDate();
    return (s.incidents() == 1 ? "1 incident" : Layers.count(s.incidents()) + " incidents") + " match, " + days + ", with "
        + (s.claims().total() == 1 ? "1 claimed figure" : Layers.count(s.claims().total()) + " claimed figures") + ".";
  }

  private static String cut(Part<?> part, String what) {
    if (!part.truncated()) {
      return null;
    }
    String total = part.total() == null ? "more" : Layers.count(part.total());
    return "Only the first " + Layers.count(part.limit()) + " of " + total + " " + what + " are listed; narrow the query to see"
        + " the others.";
  }

  /** Only http(s) addresses become links, as on every page ({@link Value}). */
  private static String link(String url) {
    return url != null && HTTP.matcher(url).matches() ? url : null;
  }

  private static ClaimView claim(ClaimRow c, Function<String, String> incidentHref) {
    PeriodSummary.Source src = c.source();
    return new ClaimView(c.orderDate(), c.madeAt() == null && c.orderDate() != null, c.incident(), incidentHref.apply(c.incident()),
        c.placeName(), whose(c.side(), c.group()), figure(c.count(), c.low(), c.high()) + " " + FIGURES.get(c.figure()),
        c.claimedBy(), src == null ? null : src.publisher(), src == null ? null : src.date(), src == null ? null : link(src.url()));
  }

  /** A country's name, or {@code otherwise} where none is recorded. */
  private static String country(Labels labels, String code, String otherwise) {
    return code == null || code.equals("unknown") ? otherwise : labels.of("side", code);
  }

  private static List<String> figures(PeriodSummary.PeriodClaimRow c, Labels labels) {
    List<String> out = new ArrayList<>();
    c.fatalities().forEach(f -> out.add(said(f, "killed")));
    c.injuries().forEach(f -> out.add(said(f, "injured")));
    for (PeriodClaim.Damage d : c.damage()) {
      out.add(d.count() + " " + d.object() + " " + (d.state() == null ? "damaged" : d.state().replace('_', ' ')) + ", "
          + country(labels, d.side(), "side unknown") + ", as claimed by " + d.claimedBy());
    }
    return out;
  }

  /** A period claim's figure in words, e.g. "12 killed, Azerbaijani military, as claimed by ...". */
  private static String said(Claim f, String what) {
    return figure(f.count(), f.low(), f.high()) + " " + what + ", " + whose(f.side(), f.group()) + ", as claimed by " + f.claimedBy();
  }

  /** Whose people a figure counts, e.g. "Azerbaijani military". */
  private static String whose(String side, String group) {
    String people = PEOPLE.getOrDefault(side, "side unknown,");
    return people + " " + ("unknown".equals(group) ? "(group unknown)" : group);
  }

  private static String figure(int count, Integer low, Integer high) {
    return low == null && high == null ? String.valueOf(count)
        : count + " (" + (low == null ? count : low) + "–" + (high == null ? count : high) + ")";
  }
}
