package org.incidentatlas.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A row mapped to the atlas's write format.
 *
 * @param dataset    where the row comes from: {@code acled}, {@code ucdp}, the dataset named in a
 *                   GeoJSON feature's {@code external_id}, or {@code geojson}
 * @param externalId the row's id in that dataset ({@code event_id_cnty}, GED {@code id}, ...): a
 *                   second import of the same row carries the same pair
 * @param feature    a GeoJSON Feature with a Point geometry and the write format's properties; it has
 *                   not been validated, only mapped
 */
public record ImportRow(String file, long line, String dataset, String externalId, ObjectNode feature)
    implements ImportResult {}
