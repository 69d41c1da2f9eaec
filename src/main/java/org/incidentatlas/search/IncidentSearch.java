package org.incidentatlas.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.incidentatlas.store.AtlasStore;
import org.incidentatlas.store.AtlasStore.LayerTables;
import org.incidentatlas.store.LayerInfo;
import org.locationtech.jts.geom.Point;

/**
 * The incidents of a layer by id and by the names of their place, found in the database. Of the
 * layer only its names are held: the distinct recorded place names and, per gazetteer place, the
 * spellings its incidents carry. A layer may hold a million incidents at a few hundred places;
 * names grow with the places, not with the incidents.
 *
 * <p>A query is matched against those names here, as against the names of settlements; the
 * incidents of the places and names it matches, and those whose id it matches, are then counted
 * and listed by SQL over the layer's narrow table: each kind of match in turn, best first, and
 * within a kind chronologically, then by id. An incident is listed under the best match any of
 * its names or its id achieves.
 */
final class IncidentSearch {
  private static final String LAYER = PlaceSearch.INCIDENTS;
  /** A folded id holds only these; a query whose key holds anything else matches no id. */
  private static final Pattern ID_KEY = Pattern.compile("[a-z0-9]+");
  /** What the fold drops from an id: separators, marks and case. */
  private static final String NOT_ID_CHAR = "[^A-Za-z0-9]*";

  /** The best matches up to the limit, and how many there were. */
  record Matches(List<IncidentHit> hits, int matched) {}

  /**
   * The names of the layer at one revision: its recorded place names, and per place id the
   * spellings of that place (its {@code place_names}), both folded once.
   */
  private record Names(String buildId, Map<String, NameForm> placeNames, Map<String, List<NameForm>> places) {}

  private final AtlasStore store;
  private volatile Names names;
  /**
   * Spellings of each place, kept for the build they were read from: a place's spellings come from
   * the gazetteer, which changes only with a new build, so a change of the records reads only those
   * of a place the layer did not have before.
   */
  private final Map<String, List<NameForm>> spellings = new ConcurrentHashMap<>();
  private volatile String spellingsBuild;

  IncidentSearch(AtlasStore store) {
    this.store = store;
  }

  Matches search(NameForm query, int limit) {
    Optional<LayerInfo> layer = store.layer(LAYER);
    if (layer.isEmpty()) {
      return new Matches(List.of(), 0);
    }
    Names n = names(layer.get());
    return store.read(LAYER, (c, t) -> search(c, t, n, query, limit));
  }

  private Names names(LayerInfo layer) {
    Names n = names;
    if (n != null && n.buildId().equals(layer.buildId())) {
      return n;
    }
    synchronized (this) {
      n = names;
      if (n == null || !n.buildId().equals(layer.buildId())) {
        n = store.read(LAYER, this::readNames);
        names = n;
      }
      return n;
    }
  }

  /** The build a revision of the layers starts from: {@code <build>+<change>} after changes. */
  private static String baseBuild(String buildId) {
    int plus = buildId.indexOf('+');
    return plus < 0 ? buildId : buildId.substring(0, plus);
  }

  private Names readNames(Connection c, LayerTables t) throws SQLException {
    String base = baseBuild(t.layer().buildId());
    if (!base.equals(spellingsBuild)) {
      spellings.clear();
      spellingsBuild = base;
    }
    Map<String, NameForm> placeNames = new HashMap<>();
    for (String name : distinct(c, t, t.column("place_name"))) {
      NameForm form = NameForm.of(name);
      if (form != null) {
        placeNames.put(name, form);
      }
    }
    Map<String, List<NameForm>> places = new HashMap<>();
    String placeId = t.column("place_id");
    String sql = "SELECT g.properties FROM " + t.narrow() + " l JOIN " + t.geojson() + " g ON g.seq = l.seq WHERE l."
        + placeId + " = ? " + "FETCH FIRST 1 ROWS ONLY";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (String id : distinct(c, t, placeId)) {
        List<NameForm> forms = spellings.get(id);
        if (forms == null) {
          ps.setString(1, id);
          forms = List.of();
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              forms = forms(FeatureFields.texts(FeatureFields.read(rs.getBytes(1), Set.of("place_names")), "place_names"));
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the place names of " + id + ": " + e.getMessage(), e);
          }
          spellings.put(id, forms);
        }
        places.put(id, forms);
      }
    }
    return new Names(t.layer().buildId(), Map.copyOf(placeNames), Map.copyOf(places));
  }

  private static List<NameForm> forms(List<String> texts) {
    List<NameForm> out = new ArrayList<>();
    for (String s : new LinkedHashSet<>(texts)) {
      NameForm form = NameForm.of(s);
      if (form != null) {
        out.add(form);
      }
    }
    return List.copyOf(out);
  }

  /** The distinct values of an indexed column, null aside: as many as there are places, not incidents. */
  private static List<String> distinct(Connection c, LayerTables t, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + column + " FROM " + t.narrow() + " WHERE "
        + column + " IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** A condition in SQL with its parameters. */
  private record Term(String sql, List<Object> params) {
    static Term or(List<Term> terms) {
      return join(" OR ", terms);
    }

    static Term join(String op, List<Term> terms) {
      StringBuilder sb = new StringBuilder("(");
      List<Object> params = new ArrayList<>();
      for (Term t : terms) {
        if (sb.length() > 1) {
          sb.append(op);
        }
        sb.append(t.sql());
        params.addAll(t.params());
      }
      return new Term(sb.append(')').toString(), params);
    }

    Term not() {
      return new Term("NOT " + sql, params);
    }
  }

  private Matches search(Connection c, LayerTables t, Names n, NameForm query, int limit) throws SQLException {
    String idColumn = t.column("id");
    String nameColumn = t.column("place_name");
    String placeColumn = t.column("place_id");

    // The best match of each name; of a place, its best spelling, the first of equals.
    Map<Match, Set<String>> namesBy = new EnumMap<>(Match.class);
    n.placeNames().forEach((name, form) -> {
      Match m = form.match(query);
      if (m != null) {
        namesBy.computeIfAbsent(m, k -> new TreeSet<>()).add(name);
      }
    });
    Map<Match, Set<String>> placesBy = new EnumMap<>(Match.class);
    Map<String, String> placeMatchedName = new HashMap<>();
    Map<String, Match> placeMatch = new HashMap<>();
    n.places().forEach((id, forms) -> {
      Match best = null;
      String bestName = null;
      for (NameForm form : forms) {
        Match m = form.match(query);
        if (m != null && (best == null || m.compareTo(best) < 0)) {
          best = m;
          bestName = form.text();
        }
      }
      if (best != null) {
        placesBy.computeIfAbsent(best, k -> new TreeSet<>()).add(id);
        placeMatchedName.put(id, bestName);
        placeMatch.put(id, best);
      }
    });

    // What each kind of match selects; those it lacks select nothing.
    Map<Match, Term> member = new EnumMap<>(Match.class);
    Map<Match, Term> notMember = new EnumMap<>(Match.class);
    String key = query.foldKey();
    boolean idQuery = ID_KEY.matcher(key).matches();
    for (Match kind : Match.values()) {
      List<Term> in = new ArrayList<>();
      List<Term> out = new ArrayList<>();
      if (kind == Match.ID || kind == Match.ID_PREFIX) {
        if (idQuery) {
          Term id = idTerm(idColumn, key, kind == Match.ID);
          in.add(id);
          out.add(new Term("NOT (" + id.sql() + ")", id.params()));
        }
      } else {
        Set<String> names = namesBy.getOrDefault(kind, Set.of());
        if (!names.isEmpty()) {
          in.add(inList(nameColumn, names, false));
          out.add(inList("COALESCE(" + nameColumn + ", '')", names, true));
        }
        Set<String> places = placesBy.getOrDefault(kind, Set.of());
        if (!places.isEmpty()) {
          in.add(inList(placeColumn, places, false));
          out.add(inList("COALESCE(" + placeColumn + ", '')", places, true));
        }
      }
      if (!in.isEmpty()) {
        member.put(kind, Term.or(in));
        notMember.put(kind, Term.join(" AND ", out));
      }
    }
    if (member.isEmpty()) {
      return new Matches(List.of(), 0);
    }

    Term any = Term.or(List.copyOf(member.values()));
    int matched;
    try (PreparedStatement ps = prepare(c, "SELECT COUNT(*) FROM " + t.narrow() + " WHERE " + any.sql(), any.params());
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      matched = Math.toIntExact(rs.getLong(1));
    }

    List<IncidentHit> hits = new ArrayList<>();
    List<Term> better = new ArrayList<>();
    for (Map.Entry<Match, Term> e : member.entrySet()) {
      if (hits.size() >= limit) {
        break;
      }
      Match kind = e.getKey();
      List<Term> where = new ArrayList<>(better);
      where.add(0, e.getValue());
      Term w = Term.join(" AND ", where);
      String sql = "SELECT " + idColumn + ", " + nameColumn + ", " + placeColumn + ", " + t.column("date") + ", "
          + t.column("date_end") + ", " + t.column("event_type") + ", geom FROM " + t.narrow() + " WHERE " + w.sql()
          + " ORDER BY " + t.column("date") + " ASC NULLS LAST, " + idColumn + " FETCH FIRST " + (limit - hits.size())
          + " ROWS ONLY";
      try (PreparedStatement ps = prepare(c, sql, w.params()); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          String placeName = rs.getString(2);
          String matchedName;
          if (kind == Match.ID || kind == Match.ID_PREFIX) {
            matchedName = id;
          } else {
            // The recorded name comes first among a place's names: on a tie it is the one shown.
            NameForm recorded = placeName == null ? null : n.placeNames().get(placeName);
            Match byRecorded = recorded == null ? null : recorded.match(query);
            matchedName = byRecorded == kind ? placeName : placeMatchedName.get(rs.getString(3));
          }
          Point point = (Point) t.db().geometry(rs, 7);
          hits.add(new IncidentHit(id, LAYER, placeName, day(rs, 4), day(rs, 5), rs.getString(6), point.getX(),
              point.getY(), matchedName, kind.label()));
        }
      }
      better.add(notMember.get(kind));
    }
    return new Matches(hits, matched);
  }

  private static String day(ResultSet rs, int column) throws SQLException {
    LocalDate d = rs.getObject(column, LocalDate.class);
    return d == null ? null : d.toString();
  }

  /**
   * The ids whose fold equals {@code key} (or begins with it): the fold drops case and every
   * character but letters and digits, so the pattern allows any of those around each character
   * of the key. The range on the first character lets the index of ids narrow the rows the
   * pattern is tried on to those that can begin that way.
   */
  private static Term idTerm(String column, String key, boolean exact) {
    StringBuilder pattern = new StringBuilder("^");
    for (char ch : key.toCharArray()) {
      pattern.append(NOT_ID_CHAR).append(ch);
    }
    if (exact) {
      pattern.append(NOT_ID_CHAR).append('$');
    }
    char first = key.charAt(0);
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("(");
    Set<Character> starts = new LinkedHashSet<>(List.of(Character.toUpperCase(first), first));
    for (char s : starts) {
      if (sql.length() > 1) {
        sql.append(" OR ");
      }
      sql.append('(').append(column).append(" >= ? AND ").append(column).append(" < ?)");
      params.add(String.valueOf(s));
      params.add(String.valueOf((char) (s + 1)));
    }
    sql.append(") AND REGEXP_LIKE(").append(column).append(", ?, 'i')");
    params.add(pattern.toString());
    return new Term("(" + sql + ")", params);
  }

  private static Term inList(String column, Set<String> values, boolean negated) {
    return new Term(column + (negated ? " NOT IN (" : " IN (") + String.join(", ", java.util.Collections.nCopies(values.size(), "?"))
        + ")", List.copyOf(values));
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      ps.setString(i + 1, (String) params.get(i));
    }
    return ps;
  }
}
