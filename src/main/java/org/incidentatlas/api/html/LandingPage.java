package org.incidentatlas.api.html;

import java.util.List;
import org.incidentatlas.api.Link;

/** The API's landing page: what the atlas is and where to go from here. */
public final class LandingPage {
  private LandingPage() {}

  public record Model(Frame frame, String title, String description, List<Entry> entries) {}

  /** A link of the landing page, with its media type named for a person. */
  public record Entry(String title, String href, String type, String typeLabel, String rel) {}

  public static Page of(String base, String title, String description, List<Link> links) {
    List<Entry> entries = links.stream().filter(l -> !l.rel().equals("self") && !l.rel().equals("alternate"))
        .map(l -> new Entry(l.title(), l.href(), l.type(), MediaTypes.label(l.type()), l.rel())).toList();
    Frame frame = new Frame("Overview", Trail.from(base).here("API"), links, false);
    return new Page("landing", new Model(frame, title, description, entries));
  }
}
