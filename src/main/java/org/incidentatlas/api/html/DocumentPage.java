package org.incidentatlas.api.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.incidentatlas.api.Link;

/**
 * A JSON document of the API that has no page of its own (a search, a period claim, a record's
 * history, the queryables) as a person reads it: every member as a table or list ({@link Value}).
 */
public final class DocumentPage {
  private DocumentPage() {}

  public record Model(Frame frame, String title, Value value) {}

  public static Page of(String base, String title, JsonNode document, List<Link> links) {
    Frame frame = new Frame(title, Trail.from(base).api().here(title), links, false);
    return new Page("document", new Model(frame, title, Value.of(document)));
  }
}
