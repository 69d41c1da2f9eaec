package org.incidentatlas.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.incidentatlas.ingest.SourceException;
import org.incidentatlas.ingest.SourceProblem;
import org.incidentatlas.ingest.SourceReport;

/**
 * Reads {@code period_claims.json} into {@link PeriodClaim}s. A file that is not the expected
 * JSON stops the build; an entry with wrong fields is skipped and reported with its index and id,
 * naming every field that is wrong, as {@link IncidentParser} does for incidents.
 */
public final class PeriodClaimParser {
  private static final List<String> GROUPS = List.of("military", "civilian", "unknown");

  private PeriodClaimParser() {}

  /** The valid entries of the file; the others are skipped in {@code report}. */
  public static List<PeriodClaim> read(Path path, String file, SourceReport report) {
    JsonNode root;
    try {
      root = IncidentJson.JSON.readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new SourceException(file + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode entries = root == null ? null : root.get("period_claims");
    if (entries == null || !entries.isArray()) {
      throw new SourceException(file + ": must be an object with an array 'period_claims'");
    }
    List<PeriodClaim> claims = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int n = 0; n < entries.size(); n++) {
      JsonNode entry = entries.get(n);
      report.read(file);
      String location = "entry " + (n + 1) + (entry.hasNonNull("id") ? " (" + entry.get("id").asText() + ")" : "");
      try {
        PeriodClaim claim = parse(entry);
        if (!ids.add(claim.id())) {
          throw new IllegalArgumentException("id '" + claim.id() + "' already used");
        }
        claims.add(claim);
      } catch (IllegalArgumentException e) {
        report.skip(new SourceProblem(file, location, e.getMessage()));
      }
    }
    return claims;
  }

  /** @throws IllegalArgumentException naming every field that is missing or wrong */
  public static PeriodClaim parse(JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      throw new IllegalArgumentException("an entry must be a JSON object");
    }
    Fields f = new Fields(entry, "", new ArrayList<>());
    String id = f.text("id", true);
    if (id != null && !IncidentJson.ID.matcher(id).matches()) {
      f.fail("id", "'" + id + "' is not an id (letters, digits, '.', '_', ':', '-')");
    }
    LocalDate date = f.date("date", true);
    LocalDate dateEnd = f.date("date_end", false);
    if (date != null && dateEnd != null && dateEnd.isBefore(date)) {
      f.fail("date_end", dateEnd + " is before date " + date);
    }
    Fields area = f.object("area");
    List<String> admin1 = new ArrayList<>();
    String label = null;
    if (area != null) {
      JsonNode list = area.node.get("admin1");
      if (list == null || !list.isArray() || list.isEmpty()) {
        area.fail("admin1", "must list at least one first-level division");
      } else {
        for (int i = 0; i < list.size(); i++) {
          if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
            area.fail("admin1[" + i + "]", "must be the name of a division");
          } else {
            admin1.add(list.get(i).asText());
          }
        }
      }
      label = area.text("label", true);
    }
    String statement = f.text("statement", true);
    List<SourceRef> sources = f.list("sources", true, PeriodClaimParser::source);
    Set<String> sourceIds = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!sourceIds.add(sources.get(i).id())) {
        f.fail("sources[" + i + "].id", "'" + sources.get(i).id() + "' is used by another source");
      }
    }
    List<Claim> fatalities = f.list("fatalities", false, c -> figure(c, sourceIds));
    List<Claim> injuries = f.list("injuries", false, c -> figure(c, sourceIds));
    List<PeriodClaim.Damage> damage = f.list("damage", false, c -> damage(c, sourceIds));
    String notes = f.text("notes", false);
    if (!f.errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", f.errors));
    }
    return new PeriodClaim(id, date, dateEnd == null ? date : dateEnd, new PeriodClaim.Area(admin1, label), statement,
        fatalities, injuries, damage, sources, notes == null ? "" : notes);
  }

  private static SourceRef source(Fields f) {
    String id = f.text("id", true);
    return new SourceRef(id == null ? "" : id, f.text("publisher", true), f.text("date", true),
        f.text("date_precision", false), f.text("url", false), f.text("archive_url", false), f.text("sha256", false),
        f.text("language", true), f.text("quote", false), f.text("quote_type", false));
  }

  private static Claim figure(Fields f, Set<String> sourceIds) {
    int count = f.count("count", true);
    Integer low = f.node.has("low") ? f.count("low", false) : null;
    Integer high = f.node.has("high") ? f.count("high", false) : null;
    if (low != null && low > count) {
      f.fail("low", low + " is above count " + count);
    }
    if (high != null && high < count) {
      f.fail("high", high + " is below count " + count);
    }
    return new Claim(f.oneOf("group", GROUPS), f.oneOf("side", PeriodClaim.SIDES), count, low, high,
        f.text("claimed_by", true), sourceOf(f, sourceIds), madeAt(f));
  }

  private static PeriodClaim.Damage damage(Fields f, Set<String> sourceIds) {
    String state = f.node().hasNonNull("state") ? f.oneOf("state", PeriodClaim.STATES) : "damaged";
    return new PeriodClaim.Damage(f.oneOf("object", PeriodClaim.OBJECTS), state, f.count("count", true), f.oneOf("side", PeriodClaim.SIDES),
        f.text("claimed_by", true), sourceOf(f, sourceIds), madeAt(f));
  }

  private static String madeAt(Fields f) {
    LocalDate d = f.date("made_at", false);
    return d == null ? null : d.toString();
  }

  /** Every figure rests on a source of its entry. */
  private static String sourceOf(Fields f, Set<String> sourceIds) {
    String source = f.text("source", true);
    if (source != null && !sourceIds.contains(source)) {
      f.fail("source", "'" + source + "' is not one of the entry's sources " + sourceIds.stream().sorted().toList());
    }
    return source;
  }

  /** The fields of one JSON object, each failure recorded with its path. */
  private record Fields(JsonNode node, String path, List<String> errors) {
    void fail(String field, String reason) {
      errors.add(path + field + ": " + reason);
    }

    private JsonNode value(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        if (required) {
          fail(field, "required");
        }
        return null;
      }
      return v;
    }

    String text(String field, boolean required) {
      JsonNode v = value(field, required);
      if (v != null && !v.isTextual()) {
        fail(field, "must be a string");
        return null;
      }
      return v == null ? null : v.asText();
    }

    String oneOf(String field, List<String> allowed) {
      String v = text(field, true);
      if (v != null && !allowed.contains(v)) {
        fail(field, "'" + v + "' is not one of " + allowed);
        return null;
      }
      return v;
    }

    int count(String field, boolean required) {
      JsonNode v = value(field, required);
      if (v == null) {
        return 0;
      }
      if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > IncidentJson.MAX_COUNT) {
        fail(field, "must be a whole number from 0 to " + IncidentJson.MAX_COUNT + ", is " + v);
        return 0;
      }
      return v.asInt();
    }

    LocalDate date(String field, boolean required) {
      String v = text(field, required);
      if (v == null) {
        return null;
      }
      try {
        return LocalDate.parse(v);
      } catch (DateTimeParseException e) {
        fail(field, "'" + v + "' is not a day YYYY-MM-DD");
        return null;
      }
    }

    Fields object(String field) {
      JsonNode v = value(field, true);
      if (v != null && !v.isObject()) {
        fail(field, "must be an object");
        return null;
      }
      return v == null ? null : new Fields(v, path + field + ".", errors);
    }

    <T> List<T> list(String field, boolean required, Function<Fields, T> item) {
      JsonNode v = value(field, false);
      List<T> out = new ArrayList<>();
      if (v == null || (v.isArray() && v.isEmpty())) {
        if (required) {
          fail(field, "must list at least one");
        }
        return out;
      }
      if (!v.isArray()) {
        fail(field, "must be an array");
        return out;
      }
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isObject()) {
          fail(field + "[" + i + "]", "must be an object");
        } else {
          out.add(item.apply(new Fields(v.get(i), path + field + "[" + i + "].", errors)));
        }
      }
      return out;
    }
  }
}
