package org.incidentatlas.search;

import com.ibm.icu.text.Transliterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys names are compared by. The same place is written Dondar Quşçu, Dondar Kuscu, Dondar
 * Gushchu, Дондар Гущу; a search must not depend on which spelling the reporter used.
 *
 * <p>Two keys, from strict to loose:
 * <ul>
 *   <li>{@link #fold}: any script romanised to lower-case ASCII, without diacritics, apostrophes
 *       or punctuation. Two names with the same fold are the same spelling.</li>
 *   <li>{@link #variant}: the fold with the romanisation conventions of the region merged, so
 *       that spellings of one name through different conventions meet.</li>
 * </ul>
 */
public final class NameKey {
  private NameKey() {}

  /**
   * The BGN/PCGN romanisations come first because English-language reporting follows them
   * (Гущу → Gushchu, not ISO's Guŝu; й → y, not j); Any-Latin then covers every other script.
   * Latin-ASCII leaves ə alone, and GeoNames' ASCII names write it a (Binəqədi → Binagadi).
   * ICU documents transliterators as stateless, so one instance serves all threads.
   */
  private static final Transliterator TO_ASCII = Transliterator.createFromRules("incident-atlas-fold",
      "::Russian-Latin/BGN; ::Armenian-Latin/BGN; ::Georgian-Latin/BGN; ::Any-Latin; ::Latin-ASCII;"
          + " [Əə] > a; ::Lower; ::NFD; ::[:Nonspacing Mark:] Remove; ::NFC;",
      Transliterator.FORWARD);

  /**
   * Marks inside a word, not between words: apostrophes for aspiration (Armenian BGN k') or a
   * glottal stop (Agʻdam), and BGN's middle dot that tells ш + ч (sh·ch) from щ (shch).
   */
  private static final Pattern IN_WORD_MARKS = Pattern.compile("['`\"\u00B7\u2018\u2019\u02BB\u02BC\u02B9\u02BE\u02BF]");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  /**
   * Digraphs of one sound, longest first so that tsch is not read as t + sch. Each maps to the
   * single letter another convention uses: ş/sh/sch, ç/ch/tsch, x/kh, ğ/gh, j/zh/dzh (Russian дж).
   * shch (Russian щ, and ş + ç in Quşçu) falls out as s + c.
   */
  private static final Pattern DIGRAPHS = Pattern.compile("tsch|dzh|sch|sh|ch|zh|dj|kh|gh");
  private static final Map<String, String> DIGRAPH_LETTER = Map.of(
      "tsch", "c", "dzh", "j", "sch", "s", "sh", "s", "ch", "c", "zh", "j", "dj", "j", "kh", "h", "gh", "g");
  /** Doubled letters are spelt singly as often as not (İsmayıllı, Ismayili). */
  private static final Pattern DOUBLED = Pattern.compile("([a-z])\\1+");

  /** Lower-case ASCII romanisation of {@code text}, words separated by single spaces. */
  public static String fold(String text) {
    String ascii = isAscii(text) ? text.toLowerCase(Locale.ROOT) : TO_ASCII.transliterate(text);
    String joined = IN_WORD_MARKS.matcher(ascii).replaceAll("");
    return SEPARATORS.matcher(joined).replaceAll(" ").strip();
  }

  /**
   * The fold with romanisation variants merged: the digraphs above; q → k, x → h, w → v;
   * y and ı → i; ə, e and a → a (Azerbaijani ə is written a or e in English, and GeoNames writes
   * it a); doubled letters single.
   */
  public static String variant(String text) {
    String folded = fold(text);
    Matcher m = DIGRAPHS.matcher(folded);
    StringBuilder sb = new StringBuilder(folded.length());
    while (m.find()) {
      m.appendReplacement(sb, DIGRAPH_LETTER.get(m.group()));
    }
    m.appendTail(sb);
    for (int i = 0; i < sb.length(); i++) {
      sb.setCharAt(i, switch (sb.charAt(i)) {
        case 'q' -> 'k';
        case 'x' -> 'h';
        case 'w' -> 'v';
        case 'y' -> 'i';
        case 'e' -> 'a';
        default -> sb.charAt(i);
      });
    }
    return DOUBLED.matcher(sb).replaceAll("$1");
  }

  /** Transliteration of ASCII is the identity: skipping ICU keeps 100,000 incident ids cheap. */
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
