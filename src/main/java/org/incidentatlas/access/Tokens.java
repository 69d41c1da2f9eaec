package org.incidentatlas.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Bearer tokens: 32 random bytes, base64url without padding, after a prefix that makes a leaked
 * token recognisable in logs and by secret scanners. Only a token's SHA-256 is stored: the token
 * has 256 bits of entropy, so a plain hash is as safe as a slow one and can be looked up directly.
 */
public final class Tokens {
  public static final String PREFIX = "atlas_";
  private static final int BYTES = 32;
  private static final Pattern SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new token; the caller shows it once and keeps only its {@link #hash}. */
  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code text} has the form of a token, so that garbage is refused before any lookup. */
  public static boolean wellFormed(String text) {
    return text != null && SHAPE.matcher(text).matches();
  }

  /** The SHA-256 of the token's UTF-8 bytes, 64 lower-case hex digits: what the records keep. */
  public static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
