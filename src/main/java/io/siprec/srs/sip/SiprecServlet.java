package io.siprec.srs.sip;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * The SIP entry point: hands each request to {@link SiprecSignalling}. Nothing else happens here.
 */
public class SiprecServlet extends SipServlet {
  private static final long serialVersionUID = 1L;

  private transient SiprecSignalling signalling;

  @Override
  public void init() throws ServletException {
    Object running = getServletContext().getAttribute(SiprecSignalling.ATTRIBUTE);
    if (!(running instanceof SiprecSignalling)) {
      throw new ServletException("the SIPREC application did not start; see the log");
    }
    signalling = (SiprecSignalling) running;
  }

  @Override
  protected void doRequest(SipServletRequest req) throws ServletException, IOException {
    signalling.received(req);
    if (signalling.admitSource(req)) {
      super.doRequest(req);
    }
  }

  @Override
  protected void doInvite(SipServletRequest req) throws IOException {
    if (req.isInitial()) {
      signalling.onInitialInvite(req);
    } else {
      signalling.onChange(req);
    }
  }

  @Override
  protected void doAck(SipServletRequest req) {
    // Nothing to do: media flows from our 200 OK on.
  }

  @Override
  protected void doUpdate(SipServletRequest req) throws IOException {
    signalling.onChange(req);
  }

  @Override
  protected void doBye(SipServletRequest req) throws IOException {
    signalling.onBye(req);
  }

  @Override
  protected void doCancel(SipServletRequest req) {
    signalling.onCancel(req);
  }

  @Override
  protected void doOptions(SipServletRequest req) throws IOException {
    signalling.onOptions(req);
  }

  @Override
  protected void doResponse(SipServletResponse resp) {
    signalling.received(resp);
    signalling.onResponse(resp);
  }
}
