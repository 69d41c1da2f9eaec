package org.incidentatlas.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A command line split three ways: the settings of the atlas ({@link AtlasConfig#OPTIONS}), the
 * words that name the command and its arguments, and the command's own options
 * ({@link #COMMAND_OPTIONS}). Each option is declared once, so that an unknown option, a flag
 * given a value or an option given to the wrong command is a usage error instead of being taken
 * for a word.
 *
 * @param config  the settings: options over environment over defaults
 * @param words   the arguments that are neither options nor their values, in order ({@code user add ana})
 * @param options the command's own options that were given, by flag: the value, or "" for a flag without one
 */
public record CommandLine(AtlasConfig config, List<String> words, Map<String, String> options) {

  /**
   * An option that belongs to one command.
   *
   * @param command     the words that name the command ({@code "user add"})
   * @param flag        the option ({@code --role})
   * @param value       what its value is called in the usage ({@code ROLE}), or null for a flag without a value
   * @param description one line for the usage
   */
  public record CommandOption(String command, String flag, String value, String description) {
    public boolean takesValue() {
      return value != null;
    }

    boolean appliesTo(List<String> words) {
      List<String> name = List.of(command.split(" "));
      return words.size() >= name.size() && words.subList(0, name.size()).equals(name);
    }
  }

  public static final List<CommandOption> COMMAND_OPTIONS = List.of(
      new CommandOption("user add", "--role", "ROLE", "role of the new user: viewer, editor, reviewer or admin"),
      new CommandOption("import", "--format", "FORMAT", "format of the file to import"),
      new CommandOption("import", "--publish", null, "publish the imported incidents at once"),
      new CommandOption("import", "--skip-bad-rows", null, "report and skip rows that cannot be imported instead of stopping"),
      new CommandOption("migrate", "--to", "URL", "the PostgreSQL database to copy into: postgresql://[user@]host[:port]/database"));

  public CommandLine {
    words = List.copyOf(words);
    options = Map.copyOf(options);
  }

  /** Reads {@code args}; options are {@code --name value} or {@code --name=value}, flags just {@code --name}. */
  public static CommandLine parse(List<String> args, Map<String, String> env) {
    List<String> words = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      // --help is the help command, as readers of any command-line tool expect.
      if (!arg.startsWith("--") || arg.equals("--help")) {
        words.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String flag = eq > 0 ? arg.substring(0, eq) : arg;
      boolean setting = AtlasConfig.OPTIONS.stream().anyMatch(o -> o.flag().equals(flag));
      Optional<CommandOption> declared = COMMAND_OPTIONS.stream().filter(o -> o.flag().equals(flag)).findFirst();
      if (!setting && declared.isEmpty()) {
        throw new AtlasConfig.UsageException("unknown option " + flag + "; known: " + knownFlags());
      }
      String value;
      if (!setting && !declared.get().takesValue()) {
        if (eq > 0) {
          throw new AtlasConfig.UsageException("option " + flag + " takes no value");
        }
        value = "";
      } else if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new AtlasConfig.UsageException("option " + arg + " needs a value");
      }
      (setting ? settings : options).put(flag, value);
    }
    for (String flag : options.keySet()) {
      List<CommandOption> owners = COMMAND_OPTIONS.stream().filter(o -> o.flag().equals(flag)).toList();
      if (owners.stream().noneMatch(o -> o.appliesTo(words))) {
        throw new AtlasConfig.UsageException("option " + flag + " is for "
            + owners.stream().map(o -> "'" + o.command() + "'").collect(Collectors.joining(" and ")) + " only"
            + (words.isEmpty() ? "" : ", not for '" + String.join(" ", words) + "'"));
      }
    }
    return new CommandLine(AtlasConfig.from(settings, env), words, options);
  }

  /** The first word, or {@code help} when there is none. */
  public String command() {
    return words.isEmpty() ? "help" : words.get(0);
  }

  /** The value of the command option {@code flag}, when it was given. */
  public Optional<String> option(String flag) {
    return Optional.ofNullable(options.get(flag));
  }

  /** Whether the flag {@code flag} was given. */
  public boolean flag(String flag) {
    return options.containsKey(flag);
  }

  private static String knownFlags() {
    return Stream.concat(AtlasConfig.OPTIONS.stream().map(AtlasConfig.Option::flag), COMMAND_OPTIONS.stream().map(CommandOption::flag))
        .distinct().collect(Collectors.joining(", "));
  }
}
