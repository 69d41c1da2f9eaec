package org.incidentatlas.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits CQL2 text into tokens, each with its position for error messages. */
final class Lexer {
  private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("<>", "<=", ">=");
  private static final String ONE_CHAR_SYMBOLS = "=<>(),+-*/%^";

  private Lexer() {}

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        i = string(text, i, out);
      } else if (c == '"') {
        int close = text.indexOf('"', i + 1);
        if (close < 0) {
          throw new FilterException(i + 1, "\"", "unterminated quoted property name");
        }
        out.add(new Token(Token.Kind.QUOTED_WORD, text.substring(i + 1, close), i + 1, close + 1));
        i = close + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Token.Kind.WORD, text.substring(start, i), start + 1, i));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
        i = number(text, i, out);
      } else if (i + 1 < text.length() && TWO_CHAR_SYMBOLS.contains(text.substring(i, i + 2))) {
        out.add(new Token(Token.Kind.SYMBOL, text.substring(i, i + 2), i + 1, i + 2));
        i += 2;
      } else if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
        out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), i + 1, i + 1));
        i++;
      } else {
        throw new FilterException(i + 1, String.valueOf(c), "unexpected character");
      }
    }
    out.add(new Token(Token.Kind.END, "", text.length() + 1, text.length()));
    return out;
  }

  /** A string literal; a quote inside it is written twice. */
  private static int string(String text, int start, List<Token> out) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (true) {
      if (i >= text.length()) {
        throw new FilterException(start + 1, text.substring(start, Math.min(text.length(), start + 20)),
            "unterminated string: a string ends with ' (write '' for a quote inside it)");
      }
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        out.add(new Token(Token.Kind.STRING, value.toString(), start + 1, i + 1));
        return i + 1;
      }
      value.append(c);
      i++;
    }
  }

  private static int number(String text, int start, List<Token> out) {
    int i = start;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i < text.length() && text.charAt(i) == '.') {
      i++;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int e = i + 1;
      if (e < text.length() && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
        e++;
      }
      if (e < text.length() && Character.isDigit(text.charAt(e))) {
        i = e;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
      }
    }
    if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
      throw new FilterException(start + 1, text.substring(start, i + 1), "a number runs into a name");
    }
    out.add(new Token(Token.Kind.NUMBER, text.substring(start, i), start + 1, i));
    return i;
  }
}
