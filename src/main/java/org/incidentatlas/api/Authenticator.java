package org.incidentatlas.api;

import io.javalin.http.Context;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.Tokens;
import org.incidentatlas.access.Users;
import org.incidentatlas.message.Message;
import org.incidentatlas.message.MessageKey;

/**
 * Who is calling. Before any handler runs, the request's {@code Authorization: Bearer <token>}
 * is looked up: no header makes an anonymous viewer; a header that does not name a valid token is
 * a 401 there and then, never a silent downgrade to anonymous, so that a client with a revoked or
 * mistyped token learns it at once. Handlers then ask {@link #principal} or {@link #require}.
 */
public final class Authenticator {
  /** What a 401 asks for (RFC 6750): a bearer token for the atlas. */
  private static final String CHALLENGE = "Bearer realm=\"incident-atlas\"";
  private static final String PRINCIPAL = "atlas.principal";
  private static final String BEARER = "Bearer ";

  private final Users users;

  Authenticator(Users users) {
    this.users = users;
  }

  /** Runs before every request; throws the 401 when a token is given but is not valid. */
  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      ctx.attribute(PRINCIPAL, Principal.ANONYMOUS);
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw invalidToken(MessageKey.AUTH_HEADER.with());
    }
    String token = header.substring(BEARER.length()).strip();
    if (!Tokens.wellFormed(token)) {
      throw invalidToken(MessageKey.AUTH_MALFORMED.with("prefix", Tokens.PREFIX));
    }
    Principal principal = users.authenticate(token).orElseThrow(() -> invalidToken(MessageKey.AUTH_UNKNOWN_TOKEN.with()));
    ctx.attribute(PRINCIPAL, principal);
  }

  /** The caller of this request: a user, or {@link Principal#ANONYMOUS}. */
  public static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("no caller for " + ctx.path() + ": the server authenticates before its handlers");
    }
    return principal;
  }

  /**
   * The caller, when their role includes {@code role}; otherwise a 401 for an anonymous caller
   * (who may sign in) or a 403 for a user whose role is too low (signing in again will not help).
   */
  public static Principal require(Context ctx, Role role) {
    Principal principal = principal(ctx);
    if (principal.role().includes(role)) {
      return principal;
    }
    if (principal.anonymous()) {
      throw ApiException.unauthorized(MessageKey.AUTH_SIGN_IN.with("role", role.id()), CHALLENGE);
    }
    throw ApiException.forbidden(MessageKey.AUTH_ROLE.with("role", role.id(), "name", principal.name(),
        "yours", principal.role().id()));
  }

  private static ApiException invalidToken(Message message) {
    return ApiException.unauthorized(message, CHALLENGE + ", error=\"invalid_token\"");
  }
}
