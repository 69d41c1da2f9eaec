package org.incidentatlas.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.incidentatlas.records.RecordsDb;

/**
 * Users, their roles and their tokens, kept in the {@link RecordsDb}. A token is handed to the
 * caller once, when it is made, and only its hash is stored; revoked tokens stay in the records,
 * marked with the time they were revoked.
 */
public final class Users {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String DUPLICATE_KEY = "23505";
  private static final String SELECT_USERS = """
      SELECT u.name, u.role, u.created_at, COUNT(t.hash)
      FROM users u LEFT JOIN tokens t ON t.user_name = u.name AND t.revoked_at IS NULL""";

  private final RecordsDb db;

  public Users(RecordsDb db) {
    this.db = db;
  }

  /**
   * A user with a token just made for them.
   *
   * @param token the plain token: shown to the caller now, and never again
   */
  public record Issued(User user, String token) {}

  /** Adds the user {@code name} with {@code role} and issues their first token. */
  public Issued add(String name, Role role) {
    checkName(name);
    Instant now = now();
    return db.transaction(c -> {
      try (PreparedStatement st = c.prepareStatement("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)")) {
        st.setString(1, name);
        st.setString(2, role.id());
        st.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        st.executeUpdate();
      } catch (SQLException e) {
        if (DUPLICATE_KEY.equals(e.getSQLState())) {
          throw new UserException(UserException.Reason.EXISTS, "a user named '" + name + "' exists already");
        }
        throw e;
      }
      String token = insertToken(c, name, now);
      return new Issued(new User(name, role, now, 1), token);
    });
  }

  /** Issues another token for {@code name}; the user's other tokens stay valid. */
  public String issueToken(String name) {
    return db.transaction(c -> {
      requireUser(c, name);
      return insertToken(c, name, now());
    });
  }

  /** Every user, by name, with the number of tokens each holds. */
  public List<User> list() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(SELECT_USERS + " GROUP BY u.name, u.role, u.created_at ORDER BY u.name")) {
        return readUsers(st);
      }
    });
  }

  public Optional<User> find(String name) {
    return db.read(c -> find(c, name));
  }

  /** Revokes every token of {@code name} at once; returns how many were still valid. */
  public int revokeTokens(String name) {
    return db.transaction(c -> {
      requireUser(c, name);
      try (PreparedStatement st = c.prepareStatement(
          "UPDATE tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL")) {
        st.setObject(1, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
        st.setString(2, name);
        return st.executeUpdate();
      }
    });
  }

  /** Gives {@code name} the role {@code role}; the user's tokens carry the new role at once. */
  public User changeRole(String name, Role role) {
    return db.transaction(c -> {
      try (PreparedStatement st = c.prepareStatement("UPDATE users SET role = ? WHERE name = ?")) {
        st.setString(1, role.id());
        st.setString(2, name);
        st.executeUpdate();
      }
      return requireUser(c, name);
    });
  }

  /** The holder of {@code token}; empty when the token is malformed, unknown or revoked. */
  public Optional<Principal> authenticate(String token) {
    if (!Tokens.wellFormed(token)) {
      return Optional.empty();
    }
    String hash = Tokens.hash(token);
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ? AND t.revoked_at IS NULL")) {
        st.setString(1, hash);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new Principal(rs.getString(1), Role.parse(rs.getString(2)))) : Optional.empty();
        }
      }
    });
  }

  /** Refuses a name that is empty, too long or has characters that would need quoting somewhere. */
  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new UserException(UserException.Reason.INVALID,
          "a user name is 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
    }
  }

  private static Optional<User> find(Connection c, String name) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(SELECT_USERS + " WHERE u.name = ? GROUP BY u.name, u.role, u.created_at")) {
      st.setString(1, name);
      return readUsers(st).stream().findFirst();
    }
  }

  private static User requireUser(Connection c, String name) throws SQLException {
    return find(c, name).orElseThrow(() -> new UserException(UserException.Reason.UNKNOWN_USER, "no user named '" + name + "'"));
  }

  private static List<User> readUsers(PreparedStatement st) throws SQLException {
    List<User> users = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        users.add(new User(rs.getString(1), Role.parse(rs.getString(2)),
            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4)));
      }
    }
    return users;
  }

  private static String insertToken(Connection c, String name, Instant now) throws SQLException {
    String token = Tokens.generate();
    try (PreparedStatement st = c.prepareStatement("INSERT INTO tokens (hash, user_name, created_at) VALUES (?, ?, ?)")) {
      st.setString(1, Tokens.hash(token));
      st.setString(2, name);
      st.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      st.executeUpdate();
    }
    return token;
  }

  /** To the microsecond the records keep, so that what {@link #add} returns equals what {@link #list} reads. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
