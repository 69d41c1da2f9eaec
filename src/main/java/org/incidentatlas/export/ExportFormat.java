package org.incidentatlas.export;

import java.io.IOException;
import java.io.OutputStream;
import org.incidentatlas.store.LayerInfo;

/**
 * A file format a layer can be downloaded in. Every implementation streams: features are read
 * from the store one at a time and none holds a layer in memory. Formats that need a whole file
 * before they can send it write it in the export's scratch directory first.
 */
public interface ExportFormat {
  /** The file name extension without its dot; also the format's name in download addresses. */
  String extension();

  /** The Content-Type of the response. */
  String mediaType();

  /** Whether the layer's geometry type can be written in this format. */
  default boolean supports(LayerInfo layer) {
    return true;
  }

  /** Writes the export's features and its citation to {@code out}, which it leaves open. */
  void write(Export export, OutputStream out) throws IOException;
}
