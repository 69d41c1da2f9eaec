package org.incidentatlas.editing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.incidentatlas.derive.Derivation;
import org.incidentatlas.importer.ImportFormat;
import org.incidentatlas.importer.ImportProblem;
import org.incidentatlas.importer.ImportResult;
import org.incidentatlas.importer.ImportRow;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.IncidentJson;
import org.incidentatlas.incident.InvalidRecord;
import org.incidentatlas.records.IncidentRecords;
import org.incidentatlas.records.RecordVersion;
import org.incidentatlas.records.Status;

/**
 * Stores the rows of an import file as incident records, in one transaction: when any row is bad
 * nothing is stored, unless bad rows are to be skipped. A row whose external id was imported
 * before changes that record (a new version) or, when its content is the same, nothing: importing
 * a file twice does not duplicate its incidents.
 */
public final class RecordImport {
  /** How often progress is reported, in rows. */
  private static final int PROGRESS_ROWS = 1000;
  private static final Pattern ID_CHARS = Pattern.compile("[^A-Za-z0-9._-]");

  private final IncidentRecords records;
  private final Derivation derivation;

  /** What an import did. */
  public record Report(int created, int changed, int unchanged, List<String> problems, boolean stored) {
    public String summary() {
      return String.format("%d new, %d changed, %d unchanged, %d bad row%s%s", created, changed, unchanged,
          problems.size(), problems.size() == 1 ? "" : "s", stored ? "" : "; nothing was stored");
    }
  }

  /** Thrown, after the transaction is rolled back, when bad rows stop an import. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super(null, null, false, false);
    }
  }

  public RecordImport(IncidentRecords records, Derivation derivation) {
    this.records = records;
    this.derivation = derivation;
  }

  /**
   * Imports {@code file}. Rows become drafts, or published records with {@code publish}; the
   * author of their versions is {@code import:<file name>}.
   */
  public Report run(Path file, ImportFormat format, boolean publish, boolean skipBadRows, PrintStream progress) {
    String author = "import:" + file.getFileName();
    int[] counts = new int[4]; // created, changed, unchanged, rows read
    List<String> problems = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    long started = System.nanoTime();
    try {
      records.db().transaction(c -> {
        format.read(file, result -> {
          counts[3]++;
          try {
            store(c, result, author, publish, seen, counts);
          } catch (InvalidRecord e) {
            problems.add(where(result) + ": " + e.getMessage());
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
          if (counts[3] % PROGRESS_ROWS == 0) {
            progress.printf(Locale.ROOT, "  %,d rows read (%,d new, %,d changed, %,d bad) in %.0f s%n", counts[3], counts[0], counts[1],
                problems.size(), (System.nanoTime() - started) / 1e9);
          }
        });
        if (!problems.isEmpty() && !skipBadRows) {
          throw new Abandoned();
        }
        return null;
      });
    } catch (Abandoned e) {
      return new Report(0, 0, 0, problems, false);
    }
    return new Report(counts[0], counts[1], counts[2], problems, true);
  }

  private void store(Connection c, ImportResult result, String author, boolean publish, Map<String, Long> seen,
      int[] counts) throws SQLException {
    if (result instanceof ImportProblem p) {
      throw new InvalidRecord("", p.message());
    }
    ImportRow row = (ImportRow) result;
    Long firstLine = seen.putIfAbsent(row.dataset() + ":" + row.externalId(), row.line());
    if (firstLine != null) {
      throw new InvalidRecord("", row.dataset() + " id " + row.externalId() + " appears again (first at line " + firstLine + ")");
    }
    Optional<String> known = records.byExternalId(c, row.dataset(), row.externalId());
    String id = known.orElseGet(() -> newId(c, row));
    Incident placed = derivation.place(IncidentJson.parse(forAtlas(row.feature()), id));
    ObjectNode written = IncidentJson.write(placed);
    String note = "imported from " + row.file() + " line " + row.line();
    Optional<RecordVersion> current = known.isPresent() ? records.currentForUpdate(c, id) : Optional.empty();
    if (current.isEmpty()) {
      records.add(c, new RecordVersion(id, 1, 0, publish ? Status.PUBLISHED : Status.DRAFT, null, author,
          IncidentRecords.now(), note, List.of("created"), IncidentJson.bytes(written)));
      if (known.isEmpty()) {
        records.addExternalId(c, row.dataset(), row.externalId(), id);
      }
      counts[0]++;
      return;
    }
    RecordVersion v = current.get();
    List<String> changed = IncidentEditor.changedFields(IncidentJson.tree(v.record()), written);
    Status status = publish && v.status() != Status.ARCHIVED ? Status.PUBLISHED : v.status();
    if (changed.isEmpty() && status == v.status()) {
      counts[2]++;
      return;
    }
    List<String> what = new ArrayList<>(changed);
    if (status != v.status()) {
      what.add("status");
    }
    records.add(c, new RecordVersion(id, v.version() + 1, 0, status, v.reason(), author, IncidentRecords.now(), note,
        what, IncidentJson.bytes(written)));
    counts[1]++;
  }

  /**
   * The dataset's own district names are left to the gazetteer place the record is matched to:
   * datasets spell them differently ("Tovuz" for GeoNames' "Tovuz District").
   */
  private static JsonNode forAtlas(ObjectNode feature) {
    ObjectNode f = feature.deepCopy();
    JsonNode p = f.get("properties");
    if (p instanceof ObjectNode props) {
      props.remove("admin1");
      props.remove("admin2");
    }
    return f;
  }

  /** {@code ACLED-ARM1234}, {@code UCDP-123456}: readable, and made unique if ever taken. */
  private String newId(Connection c, ImportRow row) {
    Matcher m = ID_CHARS.matcher(row.dataset().toUpperCase() + "-" + row.externalId());
    String base = m.replaceAll("_");
    String id = base.length() > 60 ? base.substring(0, 60) : base;
    try {
      for (int n = 2; records.currentForUpdate(c, id).isPresent(); n++) {
        id = base.substring(0, Math.min(base.length(), 56)) + "-" + n;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return id;
  }

  private static String where(ImportResult r) {
    return r.file() + ":" + r.line();
  }
}
