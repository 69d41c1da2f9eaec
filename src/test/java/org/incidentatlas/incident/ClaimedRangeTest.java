package org.incidentatlas.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimedRangeTest {
  private static Claim claim(String side, String group, int count, String claimedBy) {
    return new Claim(group, side, count, claimedBy, "S1");
  }

  @Test
  void rivalClaimsAboutTheSamePeopleSpanTheRangeAndAreNeverAddedUp() {
    ClaimedRange r = ClaimedRange.of(List.of(
        claim("AM", "military", 0, "X"),
        claim("AZ", "military", 2, "Y"),
        claim("AZ", "military", 3, "Z")));
    assertEquals(new ClaimedRange(2, 2, 3), r);
  }

  @Test
  void differentSidesAndGroupsAreDifferentPeopleAndAreSummed() {
    ClaimedRange r = ClaimedRange.of(List.of(
        claim("AZ", "military", 7, "X"),
        claim("AZ", "military", 4, "Y"),
        claim("AZ", "civilian", 1, "X"),
        claim("AM", "military", 2, "Y"),
        claim("AM", "military", 5, "X"),
        claim("AM", "civilian", 0, "Y")));
    // AZ military 4..7, AZ civilian 1..1, AM military 2..5, AM civilian 0..0
    assertEquals(new ClaimedRange(4 + 1 + 2, 4 + 1 + 2, 7 + 1 + 5), r);
  }

  @Test
  void agreeingClaimsCountOnce() {
    assertEquals(new ClaimedRange(1, 1, 1), ClaimedRange.of(List.of(
        claim("AZ", "civilian", 1, "X"), claim("AZ", "civilian", 1, "Y"), claim("AZ", "civilian", 1, "Z"))));
  }

  @Test
  void aClaimOfNoneIsZeroButNoClaimIsUnknown() {
    assertEquals(new ClaimedRange(0, 0, 0), ClaimedRange.of(List.of(claim("AM", "military", 0, "X"))));
    assertNull(ClaimedRange.of(List.of()));
  }

  @Test
  void aClaimantsRangeWidensTheSpanAndBestIsTheMedianOfBestEstimates() {
    ClaimedRange r = ClaimedRange.of(List.of(
        new Claim("unknown", "unknown", 10, 6, 14, "X", "S1", null),
        new Claim("unknown", "unknown", 12, "Y", "S1"),
        new Claim("unknown", "unknown", 20, "Z", "S1")));
    assertEquals(new ClaimedRange(6, 12, 20), r);
  }
}
