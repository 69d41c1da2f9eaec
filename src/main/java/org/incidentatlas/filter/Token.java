package org.incidentatlas.filter;

/**
 * One lexical unit of CQL2 text.
 *
 * @param text     as written (for strings: the value, quotes removed and {@code ''} undoubled)
 * @param position 1-based character position of its first character
 * @param end      0-based index just after its last character
 */
record Token(Kind kind, String text, int position, int end) {
  enum Kind { WORD, QUOTED_WORD, STRING, NUMBER, SYMBOL, END }

  boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** How the token is shown in an error message. */
  String shown() {
    return kind == Kind.STRING ? "'" + text.replace("'", "''") + "'" : kind == Kind.QUOTED_WORD ? "\"" + text + "\"" : text;
  }
}
