package org.incidentatlas.message;

/** An argument a caller gave that cannot be used, with the message that tells them why. */
public final class InvalidArgument extends IllegalArgumentException {
  private final transient Message text;

  public InvalidArgument(Message text) {
    super(text.english());
    this.text = text;
  }

  public Message text() {
    return text;
  }
}
