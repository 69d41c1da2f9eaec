package org.incidentatlas.search;

/**
 * A name in the forms a query is compared with, and how well a query matches it. Both keys are
 * kept without spaces, so that Karmir Aghbyur and Karmiraghbyur, or Dondar-Kushchu and Dondar
 * Kushchu, compare equal; where the words began is kept beside them.
 */
final class NameForm {
  /** Shorter queries would find a little of everything inside other names. */
  private static final int MIN_CONTAINS = 3;
  /** One slip in a short name makes another name; only longer ones are worth the guess. */
  private static final int MIN_FUZZY = 5;
  private static final int TYPOS = 1;
  /** Beyond this many edits, names are equally far for ranking. */
  static final int MAX_DISTANCE = 20;

  private final String text;
  private final Key fold;
  private final Key variant;

  /** A key without its spaces, and the offsets at which its second and later words begin. */
  private record Key(String chars, int[] wordStarts) {
    static Key of(String spaced) {
      String[] words = spaced.split(" ");
      StringBuilder chars = new StringBuilder(spaced.length());
      int[] starts = new int[words.length - 1];
      for (int w = 0; w < words.length; w++) {
        if (w > 0) {
          starts[w - 1] = chars.length();
        }
        chars.append(words[w]);
      }
      return new Key(chars.toString(), starts);
    }

    boolean wordBeginsWith(String prefix) {
      for (int start : wordStarts) {
        if (chars.startsWith(prefix, start)) {
          return true;
        }
      }
      return false;
    }

    boolean withinTyposOf(String typed) {
      if (EditDistance.toPrefix(typed, chars, TYPOS) <= TYPOS) {
        return true;
      }
      for (int start : wordStarts) {
        if (EditDistance.toPrefix(typed, chars.substring(start), TYPOS) <= TYPOS) {
          return true;
        }
      }
      return false;
    }

    /**
     * How many edits make {@code typed} into the whole name, one of its words, or the name from
     * one of its words on, whichever is fewest; {@code max + 1} when more than {@code max}.
     */
    int editsToWhole(String typed, int max) {
      int best = EditDistance.between(typed, chars, max);
      int wordStart = 0;
      for (int w = 0; w <= wordStarts.length; w++) {
        int wordEnd = w < wordStarts.length ? wordStarts[w] : chars.length();
        best = Math.min(best, EditDistance.between(typed, chars.substring(wordStart, wordEnd), max));
        if (w > 0) {
          best = Math.min(best, EditDistance.between(typed, chars.substring(wordStart), max));
        }
        wordStart = wordEnd;
      }
      return best;
    }
  }

  private NameForm(String text, Key fold, Key variant) {
    this.text = text;
    this.fold = fold;
    this.variant = variant;
  }

  /** The forms of {@code text}, or null when it has no letters or digits to compare. */
  static NameForm of(String text) {
    String folded = NameKey.fold(text);
    if (folded.isEmpty()) {
      return null;
    }
    return new NameForm(text, Key.of(folded), Key.of(NameKey.variant(folded)));
  }

  String text() {
    return text;
  }

  /** The fold without spaces: the form ids are compared in. */
  String foldKey() {
    return fold.chars();
  }

  /**
   * How far {@code query} is from this name as a whole (or from one of its words), in edits, up
   * to {@value #MAX_DISTANCE}: among guesses, the nearer name is more likely meant. A fuzzy match
   * forgives a slip in the beginning of a name; this tells Agdas (one edit from Ağdaş) from
   * Ağdaşlı, whose beginning is as close but which is three letters longer.
   */
  int distance(NameForm query) {
    return variant.editsToWhole(query.variant.chars(), MAX_DISTANCE);
  }

  /** How well {@code query} matches this name, or null when it does not. */
  Match match(NameForm query) {
    String f = query.fold.chars();
    String v = query.variant.chars();
    if (fold.chars().equals(f)) {
      return Match.EXACT;
    }
    if (variant.chars().equals(v)) {
      return Match.VARIANT;
    }
    // The fold is tried too because a digraph being typed is not yet its letter: Mosesgek is
    // on its way to Mosesgekh, whose variant ends in h.
    if (fold.chars().startsWith(f) || variant.chars().startsWith(v)) {
      return Match.PREFIX;
    }
    if (fold.wordBeginsWith(f) || variant.wordBeginsWith(v)) {
      return Match.WORD_PREFIX;
    }
    if (v.length() >= MIN_CONTAINS && (fold.chars().contains(f) || variant.chars().contains(v))) {
      return Match.CONTAINS;
    }
    if (v.length() >= MIN_FUZZY && variant.withinTyposOf(v)) {
      return Match.FUZZY;
    }
    return null;
  }
}
