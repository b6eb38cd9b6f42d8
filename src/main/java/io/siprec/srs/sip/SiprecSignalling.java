package io.siprec.srs.sip;

import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.recording.ChangeOutcome;
import io.siprec.srs.recording.DialogState;
import io.siprec.srs.recording.EndOutcome;
import io.siprec.srs.recording.OptionsOutcome;
import io.siprec.srs.recording.RefusalWording;
import io.siprec.srs.recording.Refused;
import io.siprec.srs.recording.ResponseHeader;
import io.siprec.srs.recording.SipRequest;
import io.siprec.srs.recording.SiprecRecorder;
import io.siprec.srs.recording.StartOutcome;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SignallingControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.servlet.sip.Address;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP edge of the recording use cases: converts each SIP request into a {@link SipRequest},
 * asks {@link SiprecRecorder} (which decides everything), and turns the outcome into the answer.
 * Every refusal is answered in one place ({@link #send(SipServletRequest, Refused)}). All SIP
 * servlet types stay in this package; the dialogs are kept by {@link SipDialogs}.
 */
@ApplicationScoped
public class SiprecSignalling implements SignallingControl {
  /** ServletContext attribute under which the composition root leaves the running instance. */
  public static final String ATTRIBUTE = SiprecSignalling.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(SiprecSignalling.class);

  private SiprecRecorder recorder;
  private SetupStatistics setups;
  private SipLadderCapture ladders;
  private SipDialogs dialogs;

  protected SiprecSignalling() {
    // for CDI proxies
  }

  @Inject
  public SiprecSignalling(
      SiprecRecorder recorder, SetupStatistics setups, SipLadderStore ladderStore) {
    this.recorder = recorder;
    this.setups = setups;
    this.ladders = new SipLadderCapture(ladderStore);
    this.dialogs = new SipDialogs(ladders);
  }

  /** Every request and response that reaches us, before anything else: the ladder's left side. */
  void received(SipServletMessage message) {
    ladders.received(message);
  }

  /**
   * Every request passes here first. A source outside srs.sip.allowed-sources gets 403 (an ACK,
   * which cannot be answered, is dropped). @return true to go on
   */
  boolean admitSource(SipServletRequest req) throws IOException {
    Optional<Refused> refused = recorder.checkSource(req.getRemoteAddr(), req.getMethod());
    if (refused.isEmpty()) {
      return true;
    }
    if (!req.getMethod().equals("ACK")) {
      send(req, refused.get());
    }
    return false;
  }

  /**
   * Runs the bundled INVITE through the core's start in its dry-run form (see {@link
   * InviteRehearsal}), so that the first SRC after start is answered as fast as the rest.
   */
  public void warmUp() {
    recorder.rehearse(InviteRehearsal.request());
    try {
      InviteRehearsal.runThroughSipStack();
    } catch (Exception | LinkageError e) {
      // e.g. a container whose SIP stack is not JAIN-SIP: only the first call's speed is at stake
      LOG.info(
          "the SIP stack could not be warmed up ({}); the first call after start may be slower",
          e.toString());
    }
  }

  /** Requests refused because of their source address. */
  public long refusedSources() {
    return recorder.refusedSources();
  }

  void onInitialInvite(SipServletRequest req) throws IOException {
    StartOutcome outcome = recorder.start(request(req));
    if (outcome instanceof Refused refused) {
      send(req, refused);
      return;
    }
    StartOutcome.Answered answered = (StartOutcome.Answered) outcome;
    SipServletResponse ok = req.createResponse(200);
    ok.setContent(answered.sdp().getBytes(StandardCharsets.US_ASCII), SiprecBody.SDP);
    write(ok, answered.headers());
    dialogs.open(req.getSession(), answered.dialog());
    ladders.answered(req, answered.dialog().id());
    try {
      ladders.send(ok);
    } catch (IOException | RuntimeException e) {
      // e.g. a CANCEL won the race: the SRC will never see this session
      dialogs.forget(answered.dialog().id());
      ladders.ended(req);
      recorder.answerLost(answered, e.getMessage());
      return;
    }
    recorder.answerDelivered(answered);
  }

  /** A re-INVITE or UPDATE. */
  void onChange(SipServletRequest req) throws IOException {
    boolean outsideDialog = "UPDATE".equals(req.getMethod()) && req.isInitial();
    Optional<DialogState> dialog =
        outsideDialog ? Optional.empty() : SipDialogs.state(req.getSession());
    ChangeOutcome outcome = recorder.change(request(req), dialog);
    if (outcome instanceof Refused refused) {
      send(req, refused);
      return;
    }
    ChangeOutcome.Changed changed = (ChangeOutcome.Changed) outcome;
    if (!changed.dialog().equals(dialog.orElseThrow())) {
      dialogs.keep(req.getSession(), changed.dialog());
    }
    SipServletResponse ok = req.createResponse(200);
    if (!changed.sdp().isEmpty()) {
      ok.setContent(changed.sdp().getBytes(StandardCharsets.US_ASCII), SiprecBody.SDP);
    }
    write(ok, changed.headers());
    ladders.send(ok);
    recorder.changeDelivered(changed);
  }

  void onBye(SipServletRequest req) throws IOException {
    Optional<DialogState> dialog =
        req.isInitial() ? Optional.empty() : SipDialogs.state(req.getSession());
    EndOutcome outcome = recorder.bye(request(req), dialog);
    if (outcome instanceof Refused refused) {
      send(req, refused);
      return;
    }
    RecordingSessionId id = ((EndOutcome.Ending) outcome).id();
    dialogs.forget(id);
    // End first: when the SRC sees our 200, the last chunks are out and the ports are free.
    recorder.end(id, EndReason.SRC_BYE);
    ladders.send(req.createResponse(200));
    ladders.ended(req);
  }

  void onCancel(SipServletRequest cancel) {
    ladders.ended(cancel);
    SipDialogs.recordingId(cancel.getSession())
        .ifPresent(
            id -> {
              dialogs.forget(id);
              recorder.end(id, EndReason.SRC_CANCEL);
            });
  }

  /** The SRC never acknowledged our 200 OK (RFC 3261 §13.3.1.4): end the dialog and the session. */
  void onNoAck(SipServletRequest invite) {
    SipDialogs.recordingId(invite.getSession())
        .ifPresent(
            id -> {
              LOG.warn("session {}: no ACK for our 200 OK; ending it", id);
              hangUp(id);
              ladders.ended(invite);
              recorder.end(id, EndReason.NO_ACK);
            });
  }

  void onResponse(SipServletResponse resp) {
    if ("BYE".equals(resp.getMethod()) && resp.getStatus() >= 200) {
      dialogs.byeAnswered(resp);
    }
  }

  @Override
  public CompletionStage<Void> hangUp(RecordingSessionId id) {
    return dialogs.hangUp(id);
  }

  void onOptions(SipServletRequest req) throws IOException {
    OptionsOutcome outcome = recorder.options(request(req));
    if (outcome instanceof Refused refused) {
      send(req, refused);
      return;
    }
    OptionsOutcome.Reply reply = (OptionsOutcome.Reply) outcome;
    SipServletResponse answer =
        reply.reason() == null
            ? req.createResponse(reply.status())
            : req.createResponse(reply.status(), reply.reason());
    reply.headers().forEach(h -> answer.setHeader(h.name(), h.value()));
    ladders.send(answer);
  }

  // ------------------------------------------------------------------------------ conversion

  /** The container-free view of a request that the core decides on. */
  static SipRequest request(SipServletRequest req) throws IOException {
    return new SipRequest(
        req.getMethod(),
        req.getRemoteAddr(),
        req.getRemotePort(),
        req.getTransport(),
        req.getCallId(),
        name -> list(req.getHeaders(name)),
        list(req.getHeaderNames()),
        req.getContentType(),
        req.getRawContent(),
        req.getTo().getParameter("tag") != null);
  }

  /**
   * The headers of a 2xx, in order: the first of each name set, the rest added. RFC 7866 §6.1.2:
   * the SRS also marks its Contact with +sip.srs.
   */
  private static void write(SipServletResponse resp, List<ResponseHeader> headers) {
    try {
      Address contact = resp.getAddressHeader("Contact");
      if (contact != null) {
        contact.setParameter("+sip.srs", "");
      }
    } catch (Exception e) {
      LOG.debug("cannot add +sip.srs to Contact: {}", e.getMessage());
    }
    Set<String> written = new HashSet<>();
    for (ResponseHeader h : headers) {
      if (written.add(h.name())) {
        resp.setHeader(h.name(), h.value());
      } else {
        resp.addHeader(h.name(), h.value());
      }
    }
  }

  /** Every refusal is answered here, and counted when it refuses a new recording. */
  private void send(SipServletRequest req, Refused refused) throws IOException {
    SipServletResponse resp = req.createResponse(refused.status(), refused.reason());
    for (ResponseHeader h : refused.headers()) {
      resp.addHeader(h.name(), h.value());
    }
    ladders.send(resp);
    LOG.info(
        "{} {} answered {} {}",
        req.getMethod(),
        req.getCallId(),
        refused.status(),
        resp.getReasonPhrase());
    if ("INVITE".equals(req.getMethod()) && req.isInitial()) {
      ladders.refused(req);
      setups.rejected(
          refused.status(),
          RefusalWording.describe(request(req), refused),
          req.getCallId(),
          SipRequest.srcAddress(req.getRemoteAddr(), req.getRemotePort(), req.getTransport()));
    }
  }

  private static List<String> list(Iterator<String> values) {
    List<String> out = new ArrayList<>();
    while (values != null && values.hasNext()) {
      out.add(values.next());
    }
    return out;
  }

  /** For tests and shutdown: the dialogs we could still hang up. */
  int liveDialogs() {
    return dialogs.live();
  }
}
