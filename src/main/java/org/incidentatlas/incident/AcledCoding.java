package org.incidentatlas.incident;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The atlas's sub-types, each with the event type it belongs to and the names ACLED's codebook
 * gives the same event ({@code event_type} / {@code sub_event_type}). Every served incident
 * carries ACLED's names beside the atlas's, taken from here and nowhere else.
 *
 * <p>A sub-type equal to its event type is the generic one: a record that names no sub-type gets
 * it, and so does any sub-type the atlas does not code (free text such as an imported dataset's
 * own wording), which then reads as its event type's generic one.
 */
public enum AcledCoding {
  ARMED_CLASH("armed_clash", "armed_clash", "Battles", "Armed clash"),
  SHELLING("shelling", "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
  ARTILLERY_SHELLING("artillery_shelling", "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
  MORTAR_SHELLING("mortar_shelling", "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
  DRONE_STRIKE("drone_strike", "drone_strike", "Explosions/Remote violence", "Air/drone strike"),
  // ACLED codes a drone brought down before it strikes as a weapon whose use was disrupted, not as a strike.
  DISRUPTED_WEAPONS_USE("disrupted_weapons_use", "disrupted_weapons_use", "Strategic developments", "Disrupted weapons use"),
  DRONE_SHOT_DOWN("drone_shot_down", "disrupted_weapons_use", "Strategic developments", "Disrupted weapons use");

  private static final Map<String, AcledCoding> BY_SUB_TYPE = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(AcledCoding::subType, Function.identity()));

  private final String subType;
  private final String eventType;
  private final String acledEventType;
  private final String acledSubEventType;

  AcledCoding(String subType, String eventType, String acledEventType, String acledSubEventType) {
    this.subType = subType;
    this.eventType = eventType;
    this.acledEventType = acledEventType;
    this.acledSubEventType = acledSubEventType;
  }

  public String subType() {
    return subType;
  }

  public String eventType() {
    return eventType;
  }

  public String acledEventType() {
    return acledEventType;
  }

  public String acledSubEventType() {
    return acledSubEventType;
  }

  /** The sub-types the atlas codes, in the order above. */
  public static List<String> subTypes() {
    return Arrays.stream(values()).map(AcledCoding::subType).toList();
  }

  /** ACLED's event types the atlas records, each once. */
  public static List<String> acledEventTypes() {
    return Arrays.stream(values()).map(AcledCoding::acledEventType).distinct().toList();
  }

  /** ACLED's sub-event types the atlas records, each once. */
  public static List<String> acledSubEventTypes() {
    return Arrays.stream(values()).map(AcledCoding::acledSubEventType).distinct().toList();
  }

  /** The coded sub-type of that name, or null when the atlas does not code it. */
  public static AcledCoding ofSubType(String subType) {
    return subType == null ? null : BY_SUB_TYPE.get(subType);
  }

  /**
   * The coding of an incident: its sub-type's when the atlas codes that sub-type under this event
   * type, else the event type's generic one; null only for an event type the atlas does not record.
   */
  public static AcledCoding of(String eventType, String subType) {
    AcledCoding coded = ofSubType(subType);
    if (coded != null && coded.eventType.equals(eventType)) {
      return coded;
    }
    AcledCoding generic = ofSubType(eventType);
    return generic != null && generic.eventType.equals(eventType) ? generic : null;
  }
}
