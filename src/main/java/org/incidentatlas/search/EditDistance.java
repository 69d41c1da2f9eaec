package org.incidentatlas.search;

/**
 * Edit distance with a bound, for typos. A swap of two neighbouring letters counts as one edit
 * (optimal string alignment): "Dondra" is one slip from "Dondar", not two.
 */
final class EditDistance {
  private EditDistance() {}

  /** The distance between {@code a} and {@code b}, or {@code max + 1} when it exceeds {@code max}. */
  static int between(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    return distance(a, b, max, false);
  }

  /**
   * The smallest distance between {@code typed} and any beginning of {@code name}, or
   * {@code max + 1}: a name being typed with a slip in it still matches.
   */
  static int toPrefix(String typed, String name, int max) {
    // A beginning longer than typed + max costs more than max edits; cutting it bounds the work.
    String head = name.length() > typed.length() + max ? name.substring(0, typed.length() + max) : name;
    return distance(typed, head, max, true);
  }

  private static int distance(String a, String b, int max, boolean anyPrefixOfB) {
    int n = b.length();
    int[] before = new int[n + 1];
    int[] previous = new int[n + 1];
    int[] current = new int[n + 1];
    for (int j = 0; j <= n; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= n; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    int result = previous[n];
    if (anyPrefixOfB) {
      for (int j = 0; j <= n; j++) {
        result = Math.min(result, previous[j]);
      }
    }
    return Math.min(result, max + 1);
  }
}
