package org.incidentatlas.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's routes as they are registered, and which methods each path answers: a request with
 * another method on a path that exists gets 405 with these in {@code Allow}, and a CORS preflight is
 * answered from them ({@link Cors}).
 */
final class Routes {
  private final JavalinDefaultRoutingApi routes;
  private final List<Route> all = new ArrayList<>();

  private record Route(Pattern path, HandlerType method) {}

  Routes(JavalinDefaultRoutingApi routes) {
    this.routes = routes;
  }

  /** GET, and HEAD with the headers GET would send (clients such as GDAL's /vsicurl/ rely on it). */
  void get(String path, Handler handler) {
    add(HandlerType.GET, path, handler);
    add(HandlerType.HEAD, path, handler);
  }

  void post(String path, Handler handler) {
    add(HandlerType.POST, path, handler);
  }

  void put(String path, Handler handler) {
    add(HandlerType.PUT, path, handler);
  }

  void patch(String path, Handler handler) {
    add(HandlerType.PATCH, path, handler);
  }

  void delete(String path, Handler handler) {
    add(HandlerType.DELETE, path, handler);
  }

  private void add(HandlerType method, String path, Handler handler) {
    routes.addHttpHandler(method, path, handler);
    all.add(new Route(pattern(path), method));
  }

  /** A route's path with its {@code {parameters}} as one segment each. */
  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    for (String part : path.split("(?=\\{)|(?<=})")) {
      regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * The methods {@code path} answers, OPTIONS with them (every API path answers it); empty where
   * no route has that path.
   */
  Set<String> allowed(String path) {
    Set<String> methods = new LinkedHashSet<>();
    for (Route r : all) {
      if (r.path().matcher(path).matches()) {
        methods.add(r.method().name());
      }
    }
    if (!methods.isEmpty()) {
      methods.add(HandlerType.OPTIONS.name());
    }
    return methods;
  }
}
