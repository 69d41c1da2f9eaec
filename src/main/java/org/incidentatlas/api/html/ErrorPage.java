package org.incidentatlas.api.html;

import java.util.List;

/** An error answered to a reader who asked for a web page: what went wrong, in the page's frame. */
public final class ErrorPage {
  private ErrorPage() {}

  public record Model(Frame frame, int status, String reason, String code, String description) {}

  public static Page of(String base, int status, String reason, String code, String description) {
    String title = status + " " + reason;
    Frame frame = new Frame(title, Trail.from(base).api().here(title), List.of(), false);
    return new Page("error", new Model(frame, status, reason, code, description));
  }
}
