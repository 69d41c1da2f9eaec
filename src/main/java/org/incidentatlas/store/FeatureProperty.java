package org.incidentatlas.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A property of a layer's features as the layer's schema declares it: every property a feature
 * carries, queryable or not, so that a client knows each name and type before it reads a feature.
 *
 * @param values the values it can take, when they are a fixed set; empty otherwise
 * @param role     what the property stands for beyond its value (the days of a feature), or null
 * @param readOnly whether the atlas derives it: served, but not taken from a record that is written
 */
public record FeatureProperty(String name, Kind kind, String title, String description, List<String> values, Role role,
    boolean readOnly) {

  /** What a value is; null is allowed for every kind, as features often lack a value. */
  public enum Kind { TEXT, INTEGER, NUMBER, DATE, TEXT_LIST, OBJECT, OBJECT_LIST }

  /** The roles of OGC API Features Part 5 ({@code x-ogc-role}) that a layer's properties take. */
  public enum Role {
    PRIMARY_INTERVAL_START("primary-interval-start"), PRIMARY_INTERVAL_END("primary-interval-end");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public FeatureProperty {
    values = values == null ? List.of() : List.copyOf(values);
  }

  public static FeatureProperty of(String name, Kind kind, String title, String description) {
    return new FeatureProperty(name, kind, title, description, List.of(), null, false);
  }

  /** A queryable as a property of the schema. */
  public static FeatureProperty of(Attribute a) {
    Kind kind = switch (a.type()) {
      case TEXT -> Kind.TEXT;
      case TEXT_LIST -> Kind.TEXT_LIST;
      case INTEGER -> Kind.INTEGER;
      case NUMBER -> Kind.NUMBER;
      case DATE -> Kind.DATE;
      case TALLY -> throw new IllegalArgumentException(a.property() + " is not served");
    };
    return new FeatureProperty(a.property(), kind, a.title(), a.description(), a.values(), null, false);
  }

  /**
   * Every property of a layer: its queryables, then the {@code others}. The properties named
   * {@code start} and {@code end} (both or neither null) hold the first and the last day of a
   * feature, the days {@code datetime} selects by.
   */
  public static List<FeatureProperty> of(List<Attribute> queryables, List<FeatureProperty> others, String start, String end) {
    List<FeatureProperty> all = new ArrayList<>();
    for (Attribute a : queryables) {
      FeatureProperty p = of(a);
      all.add(a.property().equals(start) ? p.withRole(Role.PRIMARY_INTERVAL_START)
          : a.property().equals(end) ? p.withRole(Role.PRIMARY_INTERVAL_END) : p);
    }
    all.addAll(others);
    if ((start == null) != (end == null)
        || (start != null && all.stream().filter(p -> p.role() != null).count() != 2)) {
      throw new IllegalArgumentException("the days of a feature must be two queryable dates, not " + start + " and " + end);
    }
    if (all.stream().map(FeatureProperty::name).distinct().count() != all.size()) {
      throw new IllegalArgumentException("a property is declared twice in " + all.stream().map(FeatureProperty::name).toList());
    }
    return List.copyOf(all);
  }

  public FeatureProperty withRole(Role r) {
    return new FeatureProperty(name, kind, title, description, values, r, readOnly);
  }

  /** The same properties, those named in {@code derived} read-only. */
  public static List<FeatureProperty> readOnly(List<FeatureProperty> all, Set<String> derived) {
    return all.stream().map(p -> derived.contains(p.name())
        ? new FeatureProperty(p.name, p.kind, p.title, p.description, p.values, p.role, true) : p).toList();
  }
}
