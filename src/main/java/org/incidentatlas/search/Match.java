package org.incidentatlas.search;

/**
 * How well a name answers a query, best first: the order results are ranked in. The label is
 * what a result reports, so a reader can tell a sure hit from a guess.
 */
public enum Match {
  /** The query is the incident's id. */
  ID("id"),
  /** Same spelling once script, case and diacritics are set aside. */
  EXACT("exact"),
  /** Same name through another romanisation (Aghdam for Ağdam, Kuscu for Quşçu). */
  VARIANT("variant"),
  /** The name begins with the query: a name being typed. */
  PREFIX("prefix"),
  /** The query is the beginning of an incident id. */
  ID_PREFIX("id-prefix"),
  /** A later word of the name begins with the query (Kuscu in Dondar Quşçu). */
  WORD_PREFIX("word-prefix"),
  /** The query occurs inside the name. */
  CONTAINS("contains"),
  /** One typing slip away from the name, from one of its words or from its beginning. */
  FUZZY("fuzzy");

  private final String label;

  Match(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Whether the query stands for the whole name. Several places sharing such a match make the
   * query ambiguous; several places sharing a partial one only mean it is not finished yet.
   */
  boolean wholeName() {
    return this == EXACT || this == VARIANT;
  }
}
