package org.incidentatlas.filter;

/**
 * A filter that cannot be applied: bad syntax, an unknown property or mismatched types. It says
 * where: the 1-based character position in the filter text and the token found there, so that a
 * client can point at the mistake.
 */
public final class FilterException extends RuntimeException {
  private final int position;
  private final String token;

  /**
   * @param position 1-based character position of {@code token} in the filter text
   * @param token    the text found there; empty at the end of the filter
   */
  public FilterException(int position, String token, String message) {
    super(message);
    this.position = position;
    this.token = token;
  }

  public int position() {
    return position;
  }

  public String token() {
    return token;
  }

  /** The message with its place: {@code ... at character 17 ('OR')}. */
  public String describe() {
    return getMessage() + " at character " + position + (token.isEmpty() ? " (end of filter)" : " ('" + token + "')");
  }
}
