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
import org.incidentatlas.store.FeatureFields;
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
  /** Values bound as one array, below H2's limit of 65,536 elements. */
  private static final int ARRAY_AT_MOST = 50_000;

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
      }
    });

    // What each kind of match selects, as conditions each of which one index answers: an OR of
    // two columns, or of two ranges, would have H2 read the whole table.
    List<Atom> atoms = new ArrayList<>();
    String key = query.foldKey();
    boolean idQuery = ID_KEY.matcher(key).matches();
    for (Match kind : Match.values()) {
      if (kind == Match.ID || kind == Match.ID_PREFIX) {
        if (idQuery) {
          for (Term id : idTerms(idColumn, key, kind == Match.ID)) {
            atoms.add(new Atom(kind, id, new Term("NOT " + id.sql(), id.params())));
          }
        }
        continue;
      }
      Set<String> names = namesBy.getOrDefault(kind, Set.of());
      if (!names.isEmpty()) {
        atoms.add(new Atom(kind, inList(nameColumn, names, false), inList("COALESCE(" + nameColumn + ", '')", names, true)));
      }
      Set<String> places = placesBy.getOrDefault(kind, Set.of());
      if (!places.isEmpty()) {
        atoms.add(new Atom(kind, inList(placeColumn, places, false), inList("COALESCE(" + placeColumn + ", '')", places, true)));
      }
    }

    // The matches counted once each: every condition less what those before it selected.
    long matched = 0;
    for (int i = 0; i < atoms.size(); i++) {
      Term w = where(atoms.get(i), atoms.subList(0, i));
      try (PreparedStatement ps = prepare(c, "SELECT COUNT(*) FROM " + t.narrow() + " WHERE " + w.sql(), w.params());
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        matched += rs.getLong(1);
      }
    }

    List<IncidentHit> hits = new ArrayList<>();
    for (Match kind : Match.values()) {
      int wanted = limit - hits.size();
      if (wanted <= 0) {
        break;
      }
      List<Atom> better = atoms.stream().filter(a -> a.kind().compareTo(kind) < 0).toList();
      // The first of each condition of this kind, merged: an incident two of them select is one hit.
      List<Row> rows = new ArrayList<>();
      for (Atom a : atoms) {
        if (a.kind() != kind) {
          continue;
        }
        Term w = where(a, better);
        String sql = "SELECT " + idColumn + ", " + nameColumn + ", " + placeColumn + ", " + t.column("date") + ", "
            + t.column("date_end") + ", " + t.column("event_type") + ", geom FROM " + t.narrow() + " WHERE " + w.sql()
            + " ORDER BY " + t.column("date") + " ASC NULLS LAST, " + idColumn + " FETCH FIRST " + wanted + " ROWS ONLY";
        try (PreparedStatement ps = prepare(c, sql, w.params()); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Point point = (Point) t.db().geometry(rs, 7);
            rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), day(rs, 4), day(rs, 5), rs.getString(6),
                point.getX(), point.getY()));
          }
        }
      }
      rows.sort(Row.ORDER);
      Set<String> listed = new java.util.HashSet<>();
      for (Row r : rows) {
        if (hits.size() >= limit) {
          break;
        }
        if (!listed.add(r.id())) {
          continue;
        }
        String matchedName;
        if (kind == Match.ID || kind == Match.ID_PREFIX) {
          matchedName = r.id();
        } else {
          // The recorded name comes first among a place's names: on a tie it is the one shown.
          NameForm recorded = r.placeName() == null ? null : n.placeNames().get(r.placeName());
          Match byRecorded = recorded == null ? null : recorded.match(query);
          matchedName = byRecorded == kind ? r.placeName() : placeMatchedName.get(r.placeId());
        }
        hits.add(new IncidentHit(r.id(), LAYER, r.placeName(), r.date(), r.dateEnd(), r.eventType(), r.lon(), r.lat(),
            matchedName, kind.label()));
      }
    }
    return new Matches(hits, Math.toIntExact(matched));
  }

  /** What one condition selects, and the condition that it does not. */
  private record Atom(Match kind, Term in, Term out) {}

  /** An incident as a hit shows it. */
  private record Row(String id, String placeName, String placeId, String date, String dateEnd, String eventType,
      double lon, double lat) {
    /** Chronological, then by id: the order incidents that match equally well are listed in. */
    static final java.util.Comparator<Row> ORDER = java.util.Comparator
        .comparing(Row::date, java.util.Comparator.nullsLast(java.util.Comparator.<String>naturalOrder()))
        .thenComparing(Row::id);
  }

  private static Term where(Atom atom, List<Atom> excluded) {
    List<Term> terms = new ArrayList<>();
    terms.add(atom.in());
    excluded.forEach(a -> terms.add(a.out()));
    return Term.join(" AND ", terms);
  }

  private static String day(ResultSet rs, int column) throws SQLException {
    LocalDate d = rs.getObject(column, LocalDate.class);
    return d == null ? null : d.toString();
  }

  /**
   * The ids whose fold equals {@code key} (or begins with it): the fold drops case and every
   * character but letters and digits, so the pattern allows any of those around each character
   * of the key. A range on the first character, one per case, lets the index of ids narrow the
   * rows the pattern is tried on to those that can begin that way.
   */
  private static List<Term> idTerms(String column, String key, boolean exact) {
    StringBuilder pattern = new StringBuilder("^");
    for (char ch : key.toCharArray()) {
      pattern.append(NOT_ID_CHAR).append(ch);
    }
    if (exact) {
      pattern.append(NOT_ID_CHAR).append('$');
    }
    // LIKE first: it passes over most ids of the range far more cheaply than the pattern, which
    // H2 compiles again for every row; it lets through all the pattern does and a few more.
    StringBuilder like = new StringBuilder();
    for (char ch : key.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
      like.append(ch).append('%');
    }
    char first = key.charAt(0);
    List<Term> out = new ArrayList<>();
    for (char start : new LinkedHashSet<>(List.of(Character.toUpperCase(first), first))) {
      out.add(new Term("(" + column + " >= ? AND " + column + " < ? AND UPPER(" + column + ") LIKE ? AND REGEXP_LIKE("
          + column + ", ?, 'i'))", List.of(String.valueOf(start), String.valueOf((char) (start + 1)), like.toString(),
          pattern.toString())));
    }
    return out;
  }

  /**
   * The values as arrays rather than one parameter each: a short query matches names by the
   * thousand, and each condition repeats the lists of those before it, where PostgreSQL takes at
   * most 65,535 parameters in a statement. H2 takes arrays of at most 65,536 elements, so a longer
   * list comes in parts.
   */
  private static Term inList(String column, Set<String> values, boolean negated) {
    List<String> all = List.copyOf(values);
    List<Term> parts = new ArrayList<>();
    for (int from = 0; from < all.size(); from += ARRAY_AT_MOST) {
      String[] part = all.subList(from, Math.min(all.size(), from + ARRAY_AT_MOST)).toArray(String[]::new);
      String any = column + " = ANY(?)";
      parts.add(new Term(negated ? "NOT (" + any + ")" : any, List.of((Object) part)));
    }
    return parts.size() == 1 ? parts.get(0) : Term.join(negated ? " AND " : " OR ", parts);
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      try {
        ps.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }
}
