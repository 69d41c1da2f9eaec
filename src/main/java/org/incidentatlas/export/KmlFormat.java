package org.incidentatlas.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * KML 2.2 for Google Earth and GIS tools: a Document named after the layer whose description is
 * the suggested citation and whose ExtendedData holds every citation item, a typed Schema of the
 * properties, and a Folder named by the layer id with one Placemark per feature. A Placemark's
 * name, the label Google Earth shows, is the feature's {@code name} property where the layer has
 * one and its id otherwise; the id and the other properties are its SchemaData. Written element
 * by element with the JDK's streaming XML writer.
 */
final class KmlFormat implements ExportFormat {
  static final String NS = "http://www.opengis.net/kml/2.2";
  static final String LABEL = "name";
  /**
   * Names GDAL's LIBKML driver gives the Placemark's own elements; a property of the same name
   * (compared without case) would be merged into them, so it is written as name_2 and so on.
   */
  static final List<String> RESERVED = List.of("id", "Name", "description", "timestamp", "begin", "end", "altitudeMode",
      "tessellate", "extrude", "visibility", "drawOrder", "icon");

  /** The SchemaData of a Placemark: the property each SimpleField holds, under its name in the file. */
  private record Columns(Field label, List<Field> fields, List<String> names) {
    static Columns of(FieldSchema schema) {
      Field label = schema.fields().stream().filter(f -> f.property().equals(LABEL)).findFirst().orElse(null);
      FieldSchema rest = new FieldSchema(schema.fields().stream().filter(f -> f != label).toList());
      return new Columns(label, rest.fields(), rest.columnNames(RESERVED));
    }
  }

  @Override
  public String extension() {
    return "kml";
  }

  @Override
  public String mediaType() {
    return "application/vnd.google-earth.kml+xml";
  }

  @Override
  public void write(Export export, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffered, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.setDefaultNamespace(NS);
      xml.writeStartElement(NS, "kml");
      xml.writeDefaultNamespace(NS);
      xml.writeStartElement("Document");
      String layerId = export.layer().id();
      xml.writeAttribute("id", layerId + "-download");
      Citation c = export.citation();
      element(xml, "name", c.title());
      element(xml, "description", c.text() + "\n\n" + c.description() + "\n\nLicence: " + c.licence()
          + "\nAttribution: " + c.attribution());
      xml.writeStartElement("ExtendedData");
      for (Map.Entry<String, String> item : c.items().entrySet()) {
        xml.writeStartElement("Data");
        xml.writeAttribute("name", item.getKey());
        element(xml, "value", item.getValue());
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      FieldSampler.stream(export, schema -> {
        try {
          Columns columns = Columns.of(schema);
          schema(xml, layerId, columns);
          xml.writeStartElement("Folder");
          element(xml, "name", layerId);
          return f -> placemark(xml, layerId, columns, f);
        } catch (XMLStreamException e) {
          throw new IOException(e);
        }
      });
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      buffered.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write KML: " + e.getMessage(), e);
    }
  }

  private static void schema(XMLStreamWriter xml, String layerId, Columns columns) throws XMLStreamException {
    xml.writeStartElement("Schema");
    xml.writeAttribute("name", layerId);
    xml.writeAttribute("id", layerId);
    simpleField(xml, "id", "string");
    for (int i = 0; i < columns.fields().size(); i++) {
      simpleField(xml, columns.names().get(i), switch (columns.fields().get(i).type()) {
        case INTEGER -> "int";
        case REAL -> "double";
        case BOOLEAN -> "bool";
        case TEXT, DATE -> "string";
      });
    }
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  private static void simpleField(XMLStreamWriter xml, String name, String type) throws XMLStreamException {
    xml.writeStartElement("SimpleField");
    xml.writeAttribute("name", name);
    xml.writeAttribute("type", type);
    xml.writeEndElement();
  }

  private static void placemark(XMLStreamWriter xml, String layerId, Columns columns, ExportFeature f) throws IOException {
    try {
      xml.writeStartElement("Placemark");
      String label = columns.label() == null ? null : ValueText.of(f.value(LABEL));
      element(xml, "name", label == null ? f.id() : label);
      xml.writeStartElement("ExtendedData");
      xml.writeStartElement("SchemaData");
      xml.writeAttribute("schemaUrl", "#" + layerId);
      simpleData(xml, "id", f.id());
      for (int i = 0; i < columns.fields().size(); i++) {
        simpleData(xml, columns.names().get(i), ValueText.of(f.value(columns.fields().get(i).property())));
      }
      xml.writeEndElement();
      xml.writeEndElement();
      geometry(xml, f.geometry());
      xml.writeEndElement();
      xml.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IOException("cannot write KML: " + e.getMessage(), e);
    }
  }

  private static void simpleData(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
    if (value != null) {
      xml.writeStartElement("SimpleData");
      xml.writeAttribute("name", name);
      xml.writeCharacters(xmlText(value));
      xml.writeEndElement();
    }
  }

  private static void geometry(XMLStreamWriter xml, Geometry g) throws XMLStreamException {
    if (g instanceof Point p) {
      xml.writeStartElement("Point");
      coordinates(xml, p.getCoordinates());
      xml.writeEndElement();
    } else if (g instanceof Polygon p) {
      xml.writeStartElement("Polygon");
      ring(xml, "outerBoundaryIs", p.getExteriorRing());
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        ring(xml, "innerBoundaryIs", p.getInteriorRingN(i));
      }
      xml.writeEndElement();
    } else if (g instanceof LineString l) {
      xml.writeStartElement("LineString");
      coordinates(xml, l.getCoordinates());
      xml.writeEndElement();
    } else {
      xml.writeStartElement("MultiGeometry");
      for (int i = 0; i < g.getNumGeometries(); i++) {
        geometry(xml, g.getGeometryN(i));
      }
      xml.writeEndElement();
    }
  }

  private static void ring(XMLStreamWriter xml, String boundary, LineString ring) throws XMLStreamException {
    xml.writeStartElement(boundary);
    xml.writeStartElement("LinearRing");
    coordinates(xml, ring.getCoordinates());
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private static void coordinates(XMLStreamWriter xml, Coordinate[] cs) throws XMLStreamException {
    xml.writeStartElement("coordinates");
    StringBuilder sb = new StringBuilder(cs.length * 22);
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(BigDecimal.valueOf(cs[i].x).toPlainString()).append(',').append(BigDecimal.valueOf(cs[i].y).toPlainString());
    }
    xml.writeCharacters(sb.toString());
    xml.writeEndElement();
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(xmlText(text));
    xml.writeEndElement();
  }

  /** XML 1.0 cannot carry most control characters, even escaped; a record holding one still exports. */
  static String xmlText(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean allowed = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF);
      if (!allowed) {
        if (sb == null) {
          sb = new StringBuilder(s.substring(0, i));
        }
        sb.append('\uFFFD');
      } else if (sb != null) {
        sb.append(ch);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
