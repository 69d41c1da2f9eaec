package org.incidentatlas.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.incidentatlas.incident.IncidentJson;

/**
 * Where, when and what a version of a record reports, kept beside the record's current version
 * so that records can be selected by them in SQL. A value the record does not give well is null.
 */
record RecordWhere(String eventType, LocalDate from, LocalDate to, Double lon, Double lat, String placeId) {
  static final RecordWhere UNKNOWN = new RecordWhere(null, null, null, null, null, null);

  static RecordWhere of(byte[] record) {
    JsonNode f;
    try {
      f = IncidentJson.tree(record);
    } catch (RuntimeException e) {
      return UNKNOWN;
    }
    return of(f);
  }

  /** The same from a record already read as a tree. */
  static RecordWhere of(JsonNode f) {
    JsonNode p = f.path("properties");
    JsonNode xy = f.path("geometry").path("coordinates");
    LocalDate from = day(p.path("date"));
    LocalDate to = day(p.path("date_end"));
    return new RecordWhere(text(p.path("event_type")), from, to == null ? from : to,
        xy.path(0).isNumber() ? xy.path(0).asDouble() : null, xy.path(1).isNumber() ? xy.path(1).asDouble() : null,
        text(p.path("place_id")));
  }

  /** Binds the six values from {@code first} on; returns the next index. */
  int bind(PreparedStatement ps, int first) throws SQLException {
    ps.setString(first, eventType);
    ps.setObject(first + 1, from, Types.DATE);
    ps.setObject(first + 2, to, Types.DATE);
    ps.setObject(first + 3, lon, Types.DOUBLE);
    ps.setObject(first + 4, lat, Types.DOUBLE);
    ps.setString(first + 5, placeId);
    return first + 6;
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  private static LocalDate day(JsonNode n) {
    if (!n.isTextual()) {
      return null;
    }
    try {
      return LocalDate.parse(n.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
