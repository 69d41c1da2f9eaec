package org.incidentatlas.api;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom feed (RFC 4287), written element by element with the JDK's streaming XML writer: every
 * text and attribute is escaped by the writer, none is put together as markup. The feed's own
 * elements come first, then one entry at a time, each with its content as XHTML.
 */
final class AtomWriter implements Closeable {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String XHTML = "http://www.w3.org/1999/xhtml";
  static final String MEDIA_TYPE = "application/atom+xml;charset=UTF-8";

  /** A link of a feed or an entry. */
  record AtomLink(String href, String rel, String type, String title) {}

  /** A category: its term, the scheme (an IRI) that defines it, and its label for people. */
  record Category(String term, String scheme, String label) {}

  /** What the feed says of itself. */
  record Head(String id, String title, String subtitle, Instant updated, String authorName, String authorUri,
      List<AtomLink> links) {}

  /** What an entry says of itself besides its content; {@code published} may be null. */
  record EntryHead(String id, String title, Instant updated, Instant published, List<AtomLink> links,
      List<Category> categories) {}

  /** Writes an entry's content: the children of its XHTML {@code div}. */
  @FunctionalInterface
  interface Content {
    void write(Xhtml html) throws XMLStreamException;
  }

  private final OutputStream out;
  private final XMLStreamWriter xml;

  AtomWriter(OutputStream out) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    try {
      xml = XMLOutputFactory.newFactory().createXMLStreamWriter(this.out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  void begin(Head head) throws IOException {
    try {
      xml.setDefaultNamespace(ATOM);
      xml.writeStartElement(ATOM, "feed");
      xml.writeDefaultNamespace(ATOM);
      text("id", head.id());
      text("title", head.title());
      text("subtitle", head.subtitle());
      text("updated", head.updated().toString());
      xml.writeStartElement("author");
      text("name", head.authorName());
      text("uri", head.authorUri());
      xml.writeEndElement();
      for (AtomLink l : head.links()) {
        link(l);
      }
      xml.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  void entry(EntryHead head, Content content) throws IOException {
    try {
      xml.writeStartElement("entry");
      text("id", head.id());
      text("title", head.title());
      text("updated", head.updated().toString());
      if (head.published() != null) {
        text("published", head.published().toString());
      }
      for (AtomLink l : head.links()) {
        link(l);
      }
      for (Category c : head.categories()) {
        xml.writeEmptyElement("category");
        xml.writeAttribute("term", c.term());
        xml.writeAttribute("scheme", c.scheme());
        xml.writeAttribute("label", c.label());
      }
      xml.writeStartElement("content");
      xml.writeAttribute("type", "xhtml");
      // Unprefixed, as readers show it: the div and all inside it take XHTML as their default.
      xml.writeStartElement("div");
      xml.writeDefaultNamespace(XHTML);
      content.write(new Xhtml(xml));
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeCharacters("\n");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private void text(String name, String value) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }

  private void link(AtomLink l) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", l.rel());
    xml.writeAttribute("type", l.type());
    xml.writeAttribute("href", l.href());
    if (l.title() != null) {
      xml.writeAttribute("title", l.title());
    }
  }

  /** Ends the feed. */
  @Override
  public void close() throws IOException {
    try {
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
    out.flush();
  }

  /** XHTML inside an entry's content: in the namespace its {@code div} declares the default. */
  static final class Xhtml {
    private final XMLStreamWriter xml;

    private Xhtml(XMLStreamWriter xml) {
      this.xml = xml;
    }

    void start(String element) throws XMLStreamException {
      xml.writeStartElement(element);
    }

    void end() throws XMLStreamException {
      xml.writeEndElement();
    }

    void text(String text) throws XMLStreamException {
      xml.writeCharacters(text);
    }

    /** An element holding only text. */
    void element(String element, String text) throws XMLStreamException {
      start(element);
      text(text);
      end();
    }

    void link(String href, String text) throws XMLStreamException {
      start("a");
      xml.writeAttribute("href", href);
      text(text);
      end();
    }
  }
}
