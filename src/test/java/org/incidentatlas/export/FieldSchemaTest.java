package org.incidentatlas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode props(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void typesAreTheNarrowestThatHoldEverySampledValue() throws Exception {
    FieldSchema s = FieldSchema.infer(List.of(
        props("{\"id\": \"a\", \"n\": 1, \"x\": 1, \"day\": \"2020-07-12\", \"flag\": true, \"list\": [1], \"none\": null, \"mixed\": 1}"),
        props("{\"id\": \"b\", \"n\": 2, \"x\": 1.5, \"day\": null, \"flag\": false, \"list\": [], \"none\": null, \"mixed\": \"a\"}")));
    assertEquals(List.of(new Field("n", FieldType.INTEGER), new Field("x", FieldType.REAL), new Field("day", FieldType.DATE),
        new Field("flag", FieldType.BOOLEAN), new Field("list", FieldType.TEXT), new Field("none", FieldType.TEXT),
        new Field("mixed", FieldType.TEXT)), s.fields());
  }

  @Test
  void aTextThatIsNotACalendarDayIsText() throws Exception {
    FieldSchema s = FieldSchema.infer(List.of(props("{\"d\": \"2020-02-30\"}"), props("{\"d\": \"2020-07\"}")));
    assertEquals(FieldType.TEXT, s.fields().get(0).type());
  }

  @Test
  void columnNamesAvoidTheFormatsOwnColumnsWithoutRegardToCase() {
    FieldSchema s = new FieldSchema(List.of(new Field("Name", FieldType.TEXT), new Field("wkt", FieldType.TEXT),
        new Field("wkt_2", FieldType.TEXT), new Field("place", FieldType.TEXT)));
    assertEquals(List.of("Name_2", "wkt_2", "wkt_2_2", "place"), s.columnNames(List.of("name", "WKT")));
  }
}
