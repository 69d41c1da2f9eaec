package org.incidentatlas.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.incidentatlas.database.Database;
import org.locationtech.jts.geom.Geometry;

/** A piece of SQL with its parameters, bound in order. Values never enter the text. */
record Sql(String text, List<Object> params) {
  static final Sql TRUE = new Sql("TRUE", List.of());
  static final Sql FALSE = new Sql("FALSE", List.of());

  Sql {
    params = List.copyOf(params);
  }

  static Sql of(String text, Object... params) {
    return new Sql(text, List.of(params));
  }

  /** SHA-256 of the text and the values, in hex: what it selects, for keys and names. */
  String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      for (Object p : params) {
        sha.update((byte) 0);
        sha.update((p instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(p)).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The parts joined by {@code operator} (AND, OR), in parentheses. */
  static Sql join(String operator, List<Sql> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Object> params = new ArrayList<>();
    parts.forEach(p -> params.addAll(p.params));
    return new Sql("(" + String.join(" " + operator + " ", parts.stream().map(Sql::text).toList()) + ")", params);
  }

  /** A call of the SQL function {@code function} with the arguments in order. */
  static Sql call(String function, Sql... arguments) {
    List<Object> params = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Sql a : arguments) {
      texts.add(a.text);
      params.addAll(a.params);
    }
    return new Sql(function + "(" + String.join(", ", texts) + ")", params);
  }

  /** Binds the parameters from {@code first} on, geometries in the form {@code db} takes; returns the next index. */
  int bind(PreparedStatement ps, int first, Database db) throws SQLException {
    int i = first;
    for (Object p : params) {
      ps.setObject(i++, p instanceof Geometry g ? db.geometryParameter(g) : p);
    }
    return i;
  }
}
