package org.incidentatlas.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.incidentatlas.message.InvalidArgument;
import org.incidentatlas.message.MessageKey;
import org.incidentatlas.search.PlaceSearch;
import org.incidentatlas.store.AtlasStore;

/** {@code /api/search}: places and incidents by name, in any script or spelling. */
final class SearchApi {
  static final int DEFAULT_LIMIT = 8;
  static final int MAX_LIMIT = 50;
  private static final Set<String> PARAMETERS = Set.of("q", "limit", "f");

  private final PlaceSearch search;

  SearchApi(AtlasStore store) {
    this.search = new PlaceSearch(store);
  }

  void search(Context ctx) {
    Map<String, List<String>> params = ctx.queryParamMap();
    QueryParams.checkKnown(params, PARAMETERS);
    Representation r = Representation.of(ctx);
    String q = QueryParams.single(params, "q");
    if (q == null) {
      throw ApiException.badParameter(MessageKey.SEARCH_Q_REQUIRED.with());
    }
    int limit = (int) QueryParams.integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    try {
      Object found = search.search(q, limit);
      if (r == Representation.HTML) {
        Pages.document(ctx, "Search: " + q, Pages.tree(ctx, found), Formats.JSON);
      } else {
        ctx.json(found);
      }
    } catch (InvalidArgument e) {
      throw ApiException.badParameter(e.text());
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(e.getMessage());
    }
  }
}
