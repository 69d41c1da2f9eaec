package org.incidentatlas.api.html;

import java.util.List;
import org.incidentatlas.api.Link;

/** The conformance classes the API declares, each linked to its definition. */
public final class ConformancePage {
  private ConformancePage() {}

  public record Model(Frame frame, List<String> classes) {}

  public static Page of(String base, List<String> classes, List<Link> links) {
    Frame frame = new Frame("Conformance", Trail.from(base).api().here("Conformance"), links, false);
    return new Page("conformance", new Model(frame, classes));
  }
}
