package org.incidentatlas.export.shapefile;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DBF field names for properties. A DBF field name has at most 10 ASCII characters. The atlas's
 * longer property names have fixed short names, listed here and in the README ("DBF field
 * names"), so that a field reads the same in every download; any other name is folded to ASCII
 * and cut to 10 characters. A name already taken (compared without case) ends in _1, _2, ...
 */
public final class DbfFieldNames {
  public static final int MAX_LENGTH = 10;

  /** The short name of every property of the atlas's layers whose name is longer than 10 characters. */
  public static final Map<String, String> SHORT = Map.ofEntries(
      Map.entry("date_precision", "date_prec"),
      Map.entry("place_names", "placenames"),
      Map.entry("acled_event_type", "acled_type"),
      Map.entry("acled_sub_event_type", "acled_sub"),
      Map.entry("location_precision", "loc_prec"),
      Map.entry("uncertainty_m", "uncert_m"),
      Map.entry("actor_names", "actornames"),
      Map.entry("period_claims", "periodclms"),
      Map.entry("fatalities_low", "fatal_low"),
      Map.entry("fatalities_high", "fatal_high"),
      Map.entry("country_by_location", "ctry_byloc"),
      Map.entry("nearest_settlement_id", "nearest_id"),
      Map.entry("nearest_settlement", "nearest"),
      Map.entry("nearest_settlement_km", "nearest_km"),
      Map.entry("border_distance_km", "border_km"),
      Map.entry("border_distance_uncertainty_km", "border_unc"),
      Map.entry("position_uncertainty_km", "pos_unc_km"),
      Map.entry("border_side", "bordr_side"),
      Map.entry("settlement_id", "settl_id"),
      Map.entry("shelling_incidents", "shellings"),
      Map.entry("exposure_zone", "exp_zone"),
      Map.entry("derived_from", "derived"),
      Map.entry("feature_code", "feat_code"),
      Map.entry("settlement_count", "settl_n"),
      Map.entry("settlements", "settlmnts"),
      Map.entry("settlement_ids", "settl_ids"),
      Map.entry("incident_count", "incid_n"),
      Map.entry("name_by_language", "name_lang"),
      Map.entry("controlled_by", "ctrl_by"),
      Map.entry("control_area", "ctrl_area"),
      Map.entry("control_since", "ctrl_since"),
      Map.entry("source_publisher", "src_publ"),
      Map.entry("source_title", "src_title"),
      Map.entry("source_date", "src_date"),
      Map.entry("source_quote", "src_quote"));

  private DbfFieldNames() {}

  /** One field name per property, in order, unique among themselves and {@code taken}. */
  public static List<String> of(List<String> properties, Collection<String> taken) {
    Set<String> used = new HashSet<>();
    taken.forEach(t -> used.add(t.toLowerCase(Locale.ROOT)));
    List<String> names = new ArrayList<>();
    for (String p : properties) {
      String base = SHORT.getOrDefault(p, ascii(p));
      String name = cut(base, MAX_LENGTH);
      for (int n = 1; used.contains(name.toLowerCase(Locale.ROOT)); n++) {
        String suffix = "_" + n;
        name = cut(base, MAX_LENGTH - suffix.length()) + suffix;
      }
      used.add(name.toLowerCase(Locale.ROOT));
      names.add(name);
    }
    return names;
  }

  private static String ascii(String name) {
    String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .replaceAll("[^A-Za-z0-9_]", "_");
    return folded.matches("_*") ? "field" : folded;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
