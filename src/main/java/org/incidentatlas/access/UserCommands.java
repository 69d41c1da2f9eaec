package org.incidentatlas.access;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.incidentatlas.config.AtlasConfig.UsageException;
import org.incidentatlas.config.CommandLine;
import org.incidentatlas.records.RecordsDb;

/**
 * The {@code user} commands: {@code add}, {@code token}, {@code list}, {@code revoke} and
 * {@code role}. They work on the records of the data directory while a server has them open too,
 * so an admin can be added to a running atlas. A token is printed once, when it is made.
 */
public final class UserCommands {
  public static final String USAGE = """
        user add NAME --role ROLE   add a user and print their first token (roles: viewer, editor, reviewer, admin)
        user token NAME             print a new token for NAME; their other tokens stay valid
        user list                   list the users, their roles and how many valid tokens each holds
        user revoke NAME            revoke every token of NAME
        user role NAME ROLE         give NAME another role, which their tokens carry at once
      """;
  private static final String SHOWN_ONCE = "is shown only now: only its hash is stored, so it cannot be shown again";

  private UserCommands() {}

  /** Runs {@code user ...} on the records of the configured data directory, writing to {@code out}. */
  public static void run(CommandLine line, PrintStream out) {
    List<String> words = line.words();
    String sub = words.size() < 2 ? "" : words.get(1);
    switch (sub) {
      case "add" -> {
        String name = arguments(words, "user add NAME --role ROLE", 1).get(0);
        Role role = role(line.option("--role").orElseThrow(
            () -> new UsageException("user add needs --role, one of " + Role.ids())), "--role");
        Users.Issued issued = withUsers(line, users -> users.add(name, role));
        out.println("Added the user " + name + " with the role " + role.id() + ". Their token " + SHOWN_ONCE + ".");
        out.println(issued.token());
      }
      case "token" -> {
        String name = arguments(words, "user token NAME", 1).get(0);
        String token = withUsers(line, users -> users.issueToken(name));
        out.println("A new token for " + name + ". It " + SHOWN_ONCE + ".");
        out.println(token);
      }
      case "list" -> {
        arguments(words, "user list", 0);
        List<User> users = withUsers(line, Users::list);
        if (users.isEmpty()) {
          out.println("No users yet; add the first admin with: user add NAME --role admin");
          return;
        }
        int width = Math.max(4, users.stream().mapToInt(u -> u.name().length()).max().orElse(0));
        String row = "%-" + width + "s  %-8s  %-20s  %s%n";
        out.printf(row, "name", "role", "created", "valid tokens");
        for (User u : users) {
          out.printf(row, u.name(), u.role().id(), u.created().truncatedTo(ChronoUnit.SECONDS), u.activeTokens());
        }
      }
      case "revoke" -> {
        String name = arguments(words, "user revoke NAME", 1).get(0);
        int revoked = withUsers(line, users -> users.revokeTokens(name));
        out.println("Revoked " + revoked + (revoked == 1 ? " token" : " tokens") + " of " + name
            + "; 'user token " + name + "' issues a new one.");
      }
      case "role" -> {
        List<String> args = arguments(words, "user role NAME ROLE", 2);
        Role role = role(args.get(1), "ROLE");
        User user = withUsers(line, users -> users.changeRole(args.get(0), role));
        out.println(user.name() + " now has the role " + user.role().id() + ".");
      }
      default -> throw new UsageException("'user' needs one of add, token, list, revoke, role"
          + (sub.isEmpty() ? "" : "; got '" + sub + "'"));
    }
  }

  /** The words after {@code user <sub>}, which must be exactly {@code count}. */
  private static List<String> arguments(List<String> words, String form, int count) {
    List<String> args = words.subList(2, words.size());
    if (args.size() != count) {
      throw new UsageException("usage: " + form + " (got " + (args.isEmpty() ? "nothing" : "'" + String.join(" ", args) + "'")
          + " after '" + words.get(0) + " " + words.get(1) + "')");
    }
    return args;
  }

  private static Role role(String id, String what) {
    try {
      return Role.parse(id);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + " must be one of " + Role.ids() + ", got '" + id + "'");
    }
  }

  private static <T> T withUsers(CommandLine line, Function<Users, T> work) {
    try (RecordsDb db = RecordsDb.open(line.config())) {
      return work.apply(new Users(db));
    }
  }
}
