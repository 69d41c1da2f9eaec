package org.incidentatlas.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every message the server can send with an error, by its key in the page's dictionaries
 * ({@code web/i18n/*.json}) and its English text. A {@code {name}} in the text is a parameter.
 * A key is never renamed: clients translate by it.
 */
public enum MessageKey {
  // ---- a record and its fields (FieldError: the text follows the field's name) ----
  RECORD_NOT_STORED("error.record.notStored", "the record was not stored: {errors}"),
  RECORD_NOT_FEATURE("error.record.notFeature", "a record is a GeoJSON Feature object"),
  RECORD_TYPE_FEATURE("error.record.typeFeature", "must be \"Feature\""),
  RECORD_UNKNOWN_MEMBER("error.record.unknownMember",
      "is not a member of an incident record, whose members are type, id, geometry and properties"),
  RECORD_UNKNOWN_FIELD("error.record.unknownField", "is not a field of an incident record"),
  RECORD_NOT_FIELD_OF("error.record.notFieldOf", "is not a field of {list}"),
  RECORD_NOT_REQUEST_FIELD("error.record.notRequestField", "is not a field of this request, which takes {fields}"),
  RECORD_MUST_BE_OBJECT("error.record.mustBeObject", "must be an object"),
  RECORD_MUST_BE_ARRAY("error.record.mustBeArray", "must be an array"),
  RECORD_MUST_BE_STRING("error.record.mustBeString", "must be a string"),
  RECORD_REQUIRED("error.record.required", "is required"),
  RECORD_AT_LEAST_ONE("error.record.atLeastOne", "at least one is required"),
  RECORD_TOO_MANY_ENTRIES("error.record.tooManyEntries", "holds {count} entries, more than {max}"),
  RECORD_TOO_MANY_CLAIMS("error.record.tooManyClaims", "holds more than {max} claims"),
  RECORD_TOO_LONG("error.record.tooLong", "is {length} characters long, more than {max}"),
  RECORD_NUL("error.record.nul", "holds a NUL character (\\u0000), which no text of a record has"),
  RECORD_NOT_ONE_OF("error.record.notOneOf", "'{value}' is not one of {allowed}"),
  RECORD_NOT_URL("error.record.notUrl", "must be an http(s) address, got '{value}'"),
  RECORD_NOT_SHA256("error.record.notSha256", "must be 64 hexadecimal digits, got '{value}'"),
  RECORD_NOT_LANGUAGE("error.record.notLanguage", "must be an ISO 639 code such as en, de, hy, az or ru, got '{value}'"),
  RECORD_NOT_SOURCE_DATE("error.record.notSourceDate", "must be YYYY-MM-DD or YYYY-MM, got '{value}'"),
  RECORD_NOT_DATE("error.record.notDate", "'{value}' is not a date YYYY-MM-DD"),
  RECORD_NOT_CALENDAR_DAY("error.record.notCalendarDay", "'{value}' is not a day of the calendar"),
  RECORD_FUTURE("error.record.future", "{value} lies in the future"),
  RECORD_TOO_EARLY("error.record.tooEarly", "{value} is before {earliest}, the earliest date a record may carry"),
  RECORD_END_BEFORE_START("error.record.endBeforeStart", "is {dateEnd}, before date {date}"),
  RECORD_NOT_WHOLE_NUMBER("error.record.notWholeNumber", "must be a whole number from {min} to {max}"),
  RECORD_OUT_OF_RANGE("error.record.outOfRange", "is {value}, outside {min}..{max}"),
  RECORD_LOW_ABOVE_COUNT("error.record.lowAboveCount", "is {low}, above count {count}"),
  RECORD_HIGH_BELOW_COUNT("error.record.highBelowCount", "is {high}, below count {count}"),
  RECORD_SOURCE_ID_TAKEN("error.record.sourceIdTaken", "'{id}' is used by another source"),
  RECORD_UNKNOWN_SOURCE("error.record.unknownSource", "'{source}' is not among the record's sources {sources}"),
  RECORD_SUB_TYPE_OF_OTHER_EVENT("error.record.subTypeOfOtherEvent",
      "'{subType}' is a sub-type of event_type {belongsTo}, not of {eventType}"),
  RECORD_COMMA_IN_NAME("error.record.commaInName", "must not hold a comma"),
  RECORD_NOT_POINT("error.record.notPoint", "must be a GeoJSON Point"),
  RECORD_COORDINATES("error.record.coordinates", "must be [longitude, latitude] in decimal degrees"),
  RECORD_NULL_ISLAND("error.record.nullIsland", "[0, 0] is \"null island\", in the Gulf of Guinea, where a missing"
      + " coordinate lands; give the point of the incident, longitude first"),
  RECORD_LONGITUDE("error.record.longitude", "longitude {value} is outside -180..180"),
  RECORD_LATITUDE("error.record.latitude", "latitude {value} is outside -90..90"),
  RECORD_ID_DIFFERS("error.record.idDiffers", "'{given}' differs from the record's id '{id}'"),
  RECORD_ID_FORMAT("error.record.idFormat", "must be 1 to 64 letters, digits or . _ : - , got '{id}'"),
  RECORD_PLACE_UNKNOWN("error.record.placeUnknown", "'{place}' is not in the gazetteer"),
  RECORD_NO_SETTLEMENT_NEAR("error.record.noSettlementNear", "no settlement of the gazetteer lies near the point"),
  RECORD_NO_SETTLEMENT_NEAR_IN("error.record.noSettlementNearIn",
      "no settlement of the gazetteer in {country} lies near the point"),
  RECORD_PLACE_LIES_IN("error.record.placeLiesIn", "is {stated}, but {place} ({placeId}) lies in {actual}"),
  RECORD_POINT_LIES_IN("error.record.pointLiesIn", "is {stated}, but the point lies in {countryName} ({country})"),
  RECORD_FAR_FROM_PLACE("error.record.farFromPlace", "point is {km} km from {place} ({placeId}), beyond its uncertainty"
      + " of {metres} m: move the point, widen uncertainty_m or name another place_id"),
  RECORD_FAR_FROM_ANY_PLACE("error.record.farFromAnyPlace", "point is {km} km from {place} ({placeId}), beyond its"
      + " uncertainty of {metres} m, and no settlement of the gazetteer lies nearer: check the coordinates"
      + " (longitude first) or widen uncertainty_m"),
  RECORD_FAR_FROM_ANY_PLACE_IN("error.record.farFromAnyPlaceIn", "point is {km} km from {place} ({placeId}), beyond its"
      + " uncertainty of {metres} m, and no settlement of the gazetteer in {country} lies nearer: check the coordinates"
      + " (longitude first) or widen uncertainty_m"),
  RECORD_ACROSS_BORDER("error.record.acrossBorder", "lies in {countryName} ({country}), across the border from {place}"
      + " ({placeId}) in {stated}: move the point or name the place it lies at"),
  RECORD_OUTSIDE_COUNTRY("error.record.outsideCountry", "lies in {countryName} ({country}), outside {stated}, where lies"
      + " {place} ({placeId}): move the point or name the place it lies at"),
  RECORD_MERGE_PATCH_OBJECT("error.record.mergePatchObject", "a merge patch is a JSON object"),
  RECORD_REASON_REQUIRED("error.record.reasonRequired", "is required to {action} a record"),
  RECORD_REASON_TWICE("error.record.reasonTwice", "is given twice, as ?reason= and in the body; give it once"),
  RECORD_MERGE_WHICH("error.record.mergeWhich", "name another incident to merge into '{into}'"),
  RECORD_UNKNOWN_STATUS("error.record.unknownStatus", "'{value}' is not one of draft, in_review, published, rejected, archived"),

  // ---- writes refused (EditRefused) ----
  EDIT_NOT_FOUND("error.edit.notFound", "no incident record '{id}'"),
  EDIT_EXISTS("error.edit.exists", "incident '{id}' already exists; change it with PUT or PATCH"),
  EDIT_UNCHANGED("error.edit.unchanged", "the record is unchanged: the request holds version {version} as it is"),
  EDIT_ALREADY_ARCHIVED("error.edit.alreadyArchived", "incident '{id}' is already archived"),
  EDIT_CANNOT_MOVE("error.edit.cannotMove", "a record cannot move from {from} to {to}; from {from} it can move to {allowed}"),
  EDIT_CANNOT_MOVE_ARCHIVE("error.edit.cannotMoveArchive",
      "a record cannot move from {from} to {to}; from {from} it can move to {allowed} (archive with DELETE)"),
  EDIT_MOVE_NEEDS_ROLE("error.edit.moveNeedsRole", "moving a record from {from} to {to} needs the role {role}; you are {yours}"),
  EDIT_NEEDS_ROLE("error.edit.needsRole", "to {action} you need the role {role}; you are {yours}"),
  EDIT_REVIEWER_CHANGES("error.edit.reviewerChanges",
      "a {status} record is changed by a reviewer; you are {yours}. Ask a reviewer, or move it back to review first"),
  EDIT_ARCHIVE_WAITING_CHANGE("error.edit.archiveWaitingChange",
      "incident '{id}' is published, with a change waiting for review; a published record is archived by a reviewer;"
      + " you are {yours}. Withdraw the change, or ask a reviewer"),
  EDIT_FROM_ARCHIVED("error.edit.fromArchived", "incident '{id}' is archived and cannot be merged"),
  EDIT_INTO_ARCHIVED("error.edit.intoArchived", "incident '{id}' is archived; restore it before merging into it"),
  EDIT_CHANGED_WHILE_MERGING("error.edit.changedWhileMerging", "incident '{id}' changed while merging; try again"),
  EDIT_IF_MATCH_REQUIRED("error.edit.ifMatchRequired", "send If-Match with the ETag of the version you changed"
      + " (GET the record first), so that you never overwrite a change you have not seen"),
  EDIT_STALE("error.edit.stale", "incident '{id}' is at version {version} (ETag {etag}), not the one you sent ({sent});"
      + " someone changed it since you read it: read it again and redo your change"),
  EDIT_CONCURRENT("error.edit.concurrent",
      "the record was changed at the same time by someone else; read it again and redo your change"),

  // ---- reading records ----
  RECORD_ARCHIVED("error.records.archived", "incident '{id}' was archived: {reason}"),
  NO_FEATURE("error.records.noFeature", "no feature '{id}' in collection '{collection}'"),
  NO_INCIDENT("error.records.noIncident", "no incident '{id}'"),
  NO_VERSION("error.records.noVersion", "incident '{id}' has no version {version}"),
  BAD_VERSION("error.records.badVersion", "version must be a whole number, got '{value}'"),
  DERIVED_COLLECTION("error.records.derived", "collection '{collection}' is derived from the incidents and cannot be"
      + " written; write to /api/collections/incidents/items"),

  // ---- who is calling ----
  AUTH_SIGN_IN("error.auth.signIn", "this needs a bearer token of a user with the role {role}"),
  AUTH_ROLE("error.auth.role", "this needs the role {role}; '{name}' has the role {yours}"),
  AUTH_HEADER("error.auth.header", "the Authorization header must be 'Bearer <token>'"),
  AUTH_MALFORMED("error.auth.malformed", "the bearer token is malformed: a token is '{prefix}' and 43 characters"),
  AUTH_UNKNOWN_TOKEN("error.auth.unknownToken", "the bearer token is unknown or revoked"),

  // ---- search ----
  SEARCH_Q_REQUIRED("error.search.qRequired", "parameter 'q' is required: a place name or an incident id"),
  SEARCH_BLANK("error.search.blank", "search query is blank: give a place name or an incident id"),
  SEARCH_TOO_LONG("error.search.tooLong", "search query is {length} characters long; at most {max} are allowed"),
  SEARCH_LIMIT("error.search.limit", "search limit must be at least 1, not {limit}"),
  SEARCH_NO_LETTER("error.search.noLetter", "search query '{query}' has no letter or digit to search for"),

  // ---- any request ----
  NO_COLLECTION("error.request.noCollection", "no collection '{id}'"),
  NO_RESOURCE("error.request.noResource", "no resource at {path}"),
  NOT_ACCEPTABLE("error.request.notAcceptable",
      "this resource is JSON (f=json) or HTML (f=html), and the request accepts neither (Accept: {accept})"),
  METHOD_NOT_ALLOWED("error.request.methodNotAllowed", "{path} does not take {method}; it takes {allowed}"),
  ORIGIN_MAY_NOT_WRITE("error.request.originMayNotWrite",
      "pages of {origin} may not write through this API; the operator names those that may with --cors-write-origins"),
  NO_PERIOD_CLAIM("error.request.noPeriodClaim", "no period claim '{id}'"),
  UNKNOWN_PARAMETER("error.request.unknownParameter", "unknown parameter '{name}'; allowed: {allowed}"),
  REPEATED_PARAMETER("error.request.repeatedParameter", "parameter '{name}' given {count} times"),
  NOT_WHOLE_NUMBER("error.request.notWholeNumber", "{name} must be a whole number, got '{value}'"),
  OUT_OF_RANGE("error.request.outOfRange", "{name} must be between {min} and {max}, got {value}"),
  INTERNAL("error.request.internal", "internal error; the server log has the details");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private final String key;
  private final String english;

  MessageKey(String key, String english) {
    this.key = key;
    this.english = english;
  }

  /** The key in the dictionaries. */
  public String key() {
    return key;
  }

  /** The English text with its placeholders. */
  public String english() {
    return english;
  }

  /** This message with its parameters, given as name, value, name, value... */
  public Message with(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("parameters come in pairs of name and value");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new Message(this, params);
  }

  String render(Map<String, Object> params) {
    Matcher m = PLACEHOLDER.matcher(english);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = params.containsKey(name) ? String.valueOf(params.get(name)) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }
}
