package org.incidentatlas.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.access.Principal;
import org.incidentatlas.access.Role;
import org.incidentatlas.access.User;
import org.incidentatlas.access.UserException;
import org.incidentatlas.access.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/me} for everyone, and {@code /api/users} for admins: users, roles and tokens. A token
 * is in a response only when it has just been made; a list never shows tokens or their hashes.
 */
final class AccessApi {
  private static final Logger LOG = LoggerFactory.getLogger(AccessApi.class);
  private static final Set<String> PARAMETERS = Set.of("f");

  private final Users users;

  AccessApi(Users users) {
    this.users = users;
  }

  /** Who the caller is: {@code {"name": null, "role": "viewer"}} without a token. */
  void me(Context ctx) {
    Principal me = Authenticator.principal(ctx);
    QueryParams.checkKnown(ctx.queryParamMap(), PARAMETERS);
    Representation r = Representation.of(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", me.name());
    body.put("role", me.role().id());
    if (r == Representation.HTML) {
      Pages.document(noStore(ctx), "Who you are", Pages.tree(ctx, body), Formats.JSON);
      return;
    }
    noStore(ctx).json(body);
  }

  void list(Context ctx) {
    Authenticator.require(ctx, Role.ADMIN);
    QueryParams.checkKnown(ctx.queryParamMap(), PARAMETERS);
    Representation r = Representation.of(ctx);
    Map<String, Object> body = Map.of("users", users.list().stream().map(AccessApi::json).toList());
    if (r == Representation.HTML) {
      Pages.document(noStore(ctx), "Users", Pages.tree(ctx, body), Formats.JSON);
      return;
    }
    noStore(ctx).json(body);
  }

  /** {@code {"name", "role"}}: the new user and their first token. */
  void add(Context ctx) {
    Principal admin = Authenticator.require(ctx, Role.ADMIN);
    QueryParams.jsonOnly(ctx.queryParamMap(), PARAMETERS);
    JsonBody body = JsonBody.read(ctx, Set.of("name", "role"));
    String name = body.text("name");
    Role role = role(body);
    Users.Issued issued = users.add(name, role);
    LOG.info("{} added the user {} with the role {}", admin.name(), name, role.id());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", json(issued.user()));
    out.put("token", issued.token());
    noStore(ctx).status(201).json(out);
  }

  void issueToken(Context ctx) {
    Principal admin = Authenticator.require(ctx, Role.ADMIN);
    QueryParams.jsonOnly(ctx.queryParamMap(), PARAMETERS);
    JsonBody.none(ctx);
    String name = ctx.pathParam("name");
    String token = users.issueToken(name);
    LOG.info("{} issued a token for {}", admin.name(), name);
    noStore(ctx).status(201).json(Map.of("token", token));
  }

  void revokeTokens(Context ctx) {
    Principal admin = Authenticator.require(ctx, Role.ADMIN);
    QueryParams.jsonOnly(ctx.queryParamMap(), PARAMETERS);
    JsonBody.none(ctx);
    String name = ctx.pathParam("name");
    int revoked = users.revokeTokens(name);
    LOG.info("{} revoked {} token(s) of {}", admin.name(), revoked, name);
    ctx.status(204);
  }

  /** {@code {"role"}}: the user with the new role, which holds for the tokens they have. */
  void changeRole(Context ctx) {
    Principal admin = Authenticator.require(ctx, Role.ADMIN);
    QueryParams.jsonOnly(ctx.queryParamMap(), PARAMETERS);
    String name = ctx.pathParam("name");
    Role role = role(JsonBody.read(ctx, Set.of("role")));
    User user = users.changeRole(name, role);
    LOG.info("{} gave {} the role {}", admin.name(), name, role.id());
    noStore(ctx).json(json(user));
  }

  private static Role role(JsonBody body) {
    String role = body.text("role");
    try {
      return Role.parse(role);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("field 'role' must be one of " + Role.ids() + ", got '" + role + "'");
    }
  }

  private static Map<String, Object> json(User user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", user.name());
    out.put("role", user.role().id());
    out.put("created", user.created().toString());
    out.put("activeTokens", user.activeTokens());
    return out;
  }

  /** Answers about who may do what are for the caller alone, and a new token must not be kept anywhere. */
  private static Context noStore(Context ctx) {
    return ctx.header("Cache-Control", "no-store");
  }

  /** What a refused user command answers over HTTP; {@code AtlasServer} maps every {@link UserException} with it. */
  static ApiException toApi(UserException e) {
    return switch (e.reason()) {
      // Only a new user's name is checked: other requests name users that exist or are not found.
      case INVALID -> ApiException.badParameter("field 'name': " + e.getMessage());
      case UNKNOWN_USER -> ApiException.notFound(e.getMessage());
      case EXISTS -> new ApiException(409, "Conflict", e.getMessage());
    };
  }
}
