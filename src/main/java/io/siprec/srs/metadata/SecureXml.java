package io.siprec.srs.metadata;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML from the network. No DOCTYPE at all (so no entity expansion, no external
 * entities, no DTD fetches), no XInclude, bounded depth; the caller bounds the size. Errors come
 * back as {@link MetadataException}s that say what and where.
 */
final class SecureXml {
  private static final int MAX_DEPTH = 32;
  private static final DocumentBuilderFactory FACTORY = factory();

  private SecureXml() {}

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setIgnoringComments(true);
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
    }
    return f;
  }

  /** Errors are failures; warnings are not. */
  private static final ErrorHandler STRICT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  /**
   * One builder per parsing thread, reset before each document (to the factory's safe settings):
   * making a builder configures a whole Xerces pipeline, a measurable part of every call set-up.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDERS = new ThreadLocal<>();

  static Document parse(byte[] xml) {
    DocumentBuilder builder = null;
    try {
      builder = BUILDERS.get();
      if (builder == null) {
        builder = FACTORY.newDocumentBuilder();
        BUILDERS.set(builder);
      } else {
        builder.reset();
      }
      builder.setErrorHandler(STRICT);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXParseException e) {
      throw new MetadataException(describe(e));
    } catch (CharConversionException e) {
      throw new MetadataException("Recording metadata is not valid in its encoding (UTF-8 unless declared)");
    } catch (SAXException | IOException e) {
      throw new MetadataException("Malformed recording metadata: " + oneLine(e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    } finally {
      if (builder != null) {
        builder.setErrorHandler(null); // the JDK's builder then holds nothing of this web application
      }
    }
  }

  private static String describe(SAXParseException e) {
    String message = oneLine(e.getMessage());
    if (message.contains("DOCTYPE")) {
      return "Recording metadata must not contain a DOCTYPE";
    }
    if (message.contains("UTF-8") || message.contains("byte")) {
      return "Recording metadata is not valid in its encoding (UTF-8 unless declared)";
    }
    if (message.contains("maxElementDepth")) {
      return "Recording metadata nested deeper than " + MAX_DEPTH + " elements";
    }
    return "Malformed recording metadata: line " + e.getLineNumber() + ": " + message;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
