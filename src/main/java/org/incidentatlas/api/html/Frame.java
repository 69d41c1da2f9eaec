package org.incidentatlas.api.html;

import java.util.List;
import org.incidentatlas.api.Link;

/**
 * What every page has around its content ({@code head.mustache}, {@code foot.mustache}): its
 * title, the trail of pages above it, its links (also as {@code <link>} elements, for programs)
 * and whether it draws a map.
 */
public record Frame(String title, List<Crumb> crumbs, List<Link> links, boolean map) {

  /** A page above this one; the last crumb is this page and has no address. */
  public record Crumb(String label, String href) {
    public boolean isCurrent() {
      return href == null;
    }
  }

  /** A representation of this page other than HTML, named for a person. */
  public record Format(String label, String href, String type) {}

  public boolean hasAlternates() {
    return !alternates().isEmpty();
  }

  public List<Format> alternates() {
    return links.stream().filter(l -> l.rel().equals("alternate"))
        .map(l -> new Format(MediaTypes.label(l.type()), l.href(), l.type())).toList();
  }
}
