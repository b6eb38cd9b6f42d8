package io.siprec.srs.sip;

import javax.servlet.sip.SipErrorEvent;
import javax.servlet.sip.SipErrorListener;

/** Hears from the container when an SRC never ACKs our 200 OK, so the session does not linger. */
public class SiprecErrorListener implements SipErrorListener {

  @Override
  public void noAckReceived(SipErrorEvent event) {
    Object running =
        event
            .getRequest()
            .getSession()
            .getServletContext()
            .getAttribute(SiprecSignalling.ATTRIBUTE);
    if (running instanceof SiprecSignalling) {
      ((SiprecSignalling) running).onNoAck(event.getRequest());
    }
  }

  @Override
  public void noPrackReceived(SipErrorEvent event) {
    // We never send reliable provisional responses.
  }
}
