package io.siprec.srs.metadata;

import io.siprec.srs.session.metadata.MetadataProblem;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML from the network. No DOCTYPE at all (so no entity expansion, no external
 * entities, no DTD fetches), no XInclude, bounded depth; the caller bounds the size. Errors come
 * back as {@link MetadataException}s that say what and where, sorted by kind: a DOCTYPE or too deep
 * a nesting is {@code hostile}, bytes invalid in the encoding {@code bad-encoding}, anything else
 * {@code unreadable} (the only kind {@link MarkupRepair} may help with).
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
  private static final ErrorHandler STRICT =
      new ErrorHandler() {
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
    return parse(new InputSource(new ByteArrayInputStream(xml)));
  }

  /** A document already decoded (a repaired one): any encoding declaration in it is ignored. */
  static Document parse(String xml) {
    return parse(new InputSource(new StringReader(xml)));
  }

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

  /**
   * The text of a document by its byte order mark or declared encoding (XML §4.3.3, Appendix F;
   * UTF-8 when neither says), strictly: bytes invalid in it are a {@code bad-encoding} problem.
   */
  static String decode(byte[] xml) {
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (xml.length >= 3
        && (xml[0] & 0xff) == 0xef
        && (xml[1] & 0xff) == 0xbb
        && (xml[2] & 0xff) == 0xbf) {
      skip = 3;
    } else if (xml.length >= 2
        && ((xml[0] & 0xff) == 0xfe && (xml[1] & 0xff) == 0xff
            || (xml[0] & 0xff) == 0xff && (xml[1] & 0xff) == 0xfe)) {
      charset = StandardCharsets.UTF_16;
    } else {
      // The declaration is in ASCII in every encoding we can meet here; it is at most a line long.
      String head = new String(xml, 0, Math.min(xml.length, 256), StandardCharsets.ISO_8859_1);
      Matcher declared = DECLARED_ENCODING.matcher(head);
      if (declared.find()) {
        try {
          charset = Charset.forName(declared.group(1));
        } catch (IllegalArgumentException e) {
          throw new MetadataException(
              MetadataProblem.Kind.BAD_ENCODING,
              "Recording metadata declares an encoding we do not know: " + declared.group(1));
        }
      }
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(xml, skip, xml.length - skip))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MetadataException(MetadataProblem.Kind.BAD_ENCODING, NOT_IN_ITS_ENCODING);
    }
  }

  private static final String NOT_IN_ITS_ENCODING =
      "Recording metadata is not valid in its encoding (UTF-8 unless declared)";

  private static Document parse(InputSource source) {
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
      return builder.parse(source);
    } catch (SAXParseException e) {
      throw describe(e);
    } catch (CharConversionException e) {
      throw new MetadataException(MetadataProblem.Kind.BAD_ENCODING, NOT_IN_ITS_ENCODING);
    } catch (SAXException | IOException e) {
      throw new MetadataException("Malformed recording metadata: " + oneLine(e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    } finally {
      if (builder != null) {
        builder.setErrorHandler(
            null); // the JDK's builder then holds nothing of this web application
      }
    }
  }

  private static MetadataException describe(SAXParseException e) {
    String message = oneLine(e.getMessage());
    if (message.contains("DOCTYPE")) {
      return new MetadataException(
          MetadataProblem.Kind.HOSTILE, "Recording metadata must not contain a DOCTYPE");
    }
    if (message.contains("UTF-8") || message.contains("byte")) {
      return new MetadataException(MetadataProblem.Kind.BAD_ENCODING, NOT_IN_ITS_ENCODING);
    }
    if (message.contains("maxElementDepth")) {
      return new MetadataException(
          MetadataProblem.Kind.HOSTILE,
          "Recording metadata nested deeper than " + MAX_DEPTH + " elements");
    }
    return new MetadataException(
        "Malformed recording metadata: line " + e.getLineNumber() + ": " + message);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
