package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A property value as a person reads it: text, a link, a list, a table of records or a table of
 * named fields, nested as deep as the data is ({@code value.mustache} renders it). Only http(s)
 * addresses become links, so a {@code javascript:} URL in a record stays text.
 *
 * <p>Every component exists on every value, null where it does not apply: a template looking a
 * name up must find it here and never fall through to an enclosing value.
 */
public record Value(String text, String href, List<Value> list, boolean inline, Records records, List<Field> fields) {
  /** Records with more columns than this read better one below the other than as a wide table. */
  static final int MAX_COLUMNS = 6;
  private static final Pattern HTTP = Pattern.compile("(?i)https?://\\S+");
  private static final Value EMPTY = new Value(null, null, null, false, null, null);

  /** Objects of one array as rows under the union of their keys. */
  public record Records(List<String> columns, List<Row> rows) {}

  public record Row(List<Value> cells) {}

  public record Field(String name, Value value) {}

  public static Value of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode() && node.isEmpty()
        || node.isTextual() && node.asText().isBlank()) {
      return EMPTY;
    }
    if (node.isObject()) {
      return new Value(null, null, null, false, null, fields(node));
    }
    if (node.isArray()) {
      return array(node);
    }
    String s = node.asText();
    return new Value(s, HTTP.matcher(s).matches() ? s : null, null, false, null, null);
  }

  public static Value text(String s) {
    return s == null ? EMPTY : new Value(s, null, null, false, null, null);
  }

  static List<Field> fields(JsonNode object) {
    List<Field> fields = new ArrayList<>();
    object.fields().forEachRemaining(e -> fields.add(new Field(e.getKey(), of(e.getValue()))));
    return fields;
  }

  private static Value array(JsonNode array) {
    boolean objects = true;
    boolean scalars = true;
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode e : array) {
      objects &= e.isObject();
      scalars &= e.isValueNode();
      if (e.isObject()) {
        e.fieldNames().forEachRemaining(columns::add);
      }
    }
    if (objects && columns.size() <= MAX_COLUMNS) {
      List<Row> rows = new ArrayList<>();
      for (JsonNode e : array) {
        rows.add(new Row(columns.stream().map(c -> of(e.get(c))).toList()));
      }
      return new Value(null, null, null, false, new Records(List.copyOf(columns), rows), null);
    }
    List<Value> items = new ArrayList<>();
    array.forEach(e -> items.add(of(e)));
    return new Value(null, null, items, scalars, null, null);
  }

  public boolean isEmpty() {
    return text == null && list == null && records == null && fields == null;
  }

  public boolean isText() {
    return text != null && href == null;
  }

  public boolean isLink() {
    return href != null;
  }

  public boolean isList() {
    return list != null;
  }

  public boolean isRecords() {
    return records != null;
  }

  public boolean isFields() {
    return fields != null;
  }
}
