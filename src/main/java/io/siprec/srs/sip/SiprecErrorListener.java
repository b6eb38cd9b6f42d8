package io.siprec.srs.sip;

import io.siprec.srs.app.SrsApplication;
import javax.servlet.sip.SipErrorEvent;
import javax.servlet.sip.SipErrorListener;

/** Hears from the container when an SRC never ACKs our 200 OK, so the session does not linger. */
public class SiprecErrorListener implements SipErrorListener {

  @Override
  public void noAckReceived(SipErrorEvent event) {
    Object app = event.getRequest().getSession().getServletContext().getAttribute(SrsApplication.ATTRIBUTE);
    if (app instanceof SrsApplication) {
      ((SrsApplication) app).signalling().onNoAck(event.getRequest());
    }
  }

  @Override
  public void noPrackReceived(SipErrorEvent event) {
    // We never send reliable provisional responses.
  }
}
