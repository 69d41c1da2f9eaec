package org.incidentatlas.store;

/**
 * The newest change of the incident records that the layers include: its number in the records'
 * change sequence and the record version it wrote. The layers are derived from the records; at
 * start the server looks this change up in the records, and layers that include a change the
 * records do not have (after a crash, or a restore of older records) are built again.
 *
 * @param seq        the change's number; 0 when the layers include no record
 * @param incidentId the record the change wrote; "" when {@code seq} is 0
 * @param version    the version it wrote; 0 when {@code seq} is 0
 */
public record IncludedChange(long seq, String incidentId, int version) {
  public static final IncludedChange NONE = new IncludedChange(0, "", 0);

  @Override
  public String toString() {
    return seq == 0 ? "no change of the records" : "change " + seq + " of the records (" + incidentId + " version " + version + ")";
  }
}
