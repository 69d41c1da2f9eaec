package org.incidentatlas.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The property columns of a tabular download: the layer's properties in the order of its first
 * feature, each with the narrowest type that holds every sampled value. A property named
 * {@code id} is left out: in every layer of the atlas it repeats the feature id, which every
 * format writes anyway.
 */
public record FieldSchema(List<Field> fields) {
  static final String ID = "id";

  public FieldSchema {
    fields = List.copyOf(fields);
  }

  static FieldSchema infer(List<ObjectNode> sample) {
    Builder b = new Builder();
    sample.forEach(b::add);
    return b.build();
  }

  /** Learns the fields from features' properties, one feature at a time. */
  static final class Builder {
    // Keys in order of appearance; the type of each from its non-null values only.
    private final Set<String> keys = new LinkedHashSet<>();
    private final Map<String, FieldType> types = new HashMap<>();

    void add(ObjectNode properties) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals(ID)) {
          continue;
        }
        keys.add(e.getKey());
        FieldType t = FieldType.of(e.getValue());
        if (t != null) {
          types.merge(e.getKey(), t, FieldType::and);
        }
      }
    }

    FieldSchema build() {
      List<Field> fields = new ArrayList<>();
      // A property null in the whole sample is text: text holds whatever value comes later.
      keys.forEach(k -> fields.add(new Field(k, types.getOrDefault(k, FieldType.TEXT))));
      return new FieldSchema(fields);
    }
  }

  /**
   * Column names for the properties that clash with none of {@code fixed} (the format's own
   * columns) nor with each other, compared without case as SQLite and GDAL do: a clashing name
   * gets {@code _2}, {@code _3}, ...
   */
  public List<String> columnNames(Collection<String> fixed) {
    Set<String> taken = new HashSet<>();
    fixed.forEach(f -> taken.add(f.toLowerCase(Locale.ROOT)));
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      String name = f.property();
      for (int n = 2; taken.contains(name.toLowerCase(Locale.ROOT)); n++) {
        name = f.property() + "_" + n;
      }
      taken.add(name.toLowerCase(Locale.ROOT));
      names.add(name);
    }
    return names;
  }
}
