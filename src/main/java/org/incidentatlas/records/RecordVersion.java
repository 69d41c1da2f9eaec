package org.incidentatlas.records;

import java.time.Instant;
import java.util.List;

/**
 * One version of an incident record, as written and never changed.
 *
 * @param changeSeq place of the change among all changes of all records
 * @param reason    why it was rejected or archived; null otherwise
 * @param note      the author's note on the change
 * @param changed   the fields this version changed against the one before
 * @param record    the record as a GeoJSON feature, UTF-8
 */
public record RecordVersion(String incidentId, int version, long changeSeq, Status status, String reason,
    String author, Instant writtenAt, String note, List<String> changed, byte[] record) {}
