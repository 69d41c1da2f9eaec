package org.incidentatlas.store;

import org.incidentatlas.filter.Expr;

/**
 * A filter checked against a layer's queryables and ready to run: made only by
 * {@link #of(LayerInfo, Expr)}, so that its SQL names only the layer's own columns and carries
 * every value as a bound parameter.
 */
public final class Condition {
  final Sql sql;
  /** The column whose index finds what an equality selects; null for any other condition. */
  final String indexedColumn;

  private Condition(Sql sql, String indexedColumn) {
    this.sql = sql;
    this.indexedColumn = indexedColumn;
  }

  /**
   * The filter {@code expr} on {@code layer}.
   *
   * @throws org.incidentatlas.filter.FilterException naming the position of an unknown property or
   *     a type mismatch
   */
  public static Condition of(LayerInfo layer, Expr expr) {
    return new Condition(new FilterSql(layer).translate(expr), null);
  }

  /** Features whose queryable {@code property} equals {@code value}. */
  public static Condition equal(LayerInfo layer, String property, String value) {
    Condition c = of(layer, new Expr.Comparison(new Expr.Property(property, 0), Expr.Comparator.EQ, new Expr.Text(value, 0), 0));
    return new Condition(c.sql, layer.attribute(property).filter(a -> a.type() != Attribute.Type.TEXT_LIST).map(Attribute::column)
        .orElse(null));
  }

  /** A short fingerprint of what it selects, for names of files that hold its result. */
  public String digest() {
    return sql.fingerprint().substring(0, 8);
  }
}
