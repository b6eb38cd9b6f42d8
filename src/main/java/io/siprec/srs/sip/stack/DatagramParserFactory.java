package io.siprec.srs.sip.stack;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * Named by {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}: every channel gets a {@link
 * DatagramParser}.
 */
public final class DatagramParserFactory implements MessageParserFactory {
  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    return new DatagramParser();
  }
}
