package io.siprec.srs.recording;

import java.util.List;
import java.util.function.Function;

/**
 * A SIP request as the core reads it: only what the decisions need, no container types. The SIP
 * edge makes one from each request it receives.
 *
 * @param method the SIP method (INVITE for a re-INVITE too)
 * @param remoteAddress the packet's source address, never what a header claims
 * @param transport "udp", "tcp", "tls", ...
 * @param headers all values of a header by name (the container's name rules, compact forms
 *     included); an empty list when absent
 * @param headerNames the names of the headers present, as received
 * @param contentType the Content-Type header, or null
 * @param body the raw body, or null
 * @param hasToTag whether the To header has a tag (RFC 3261 §12.2.2: a request inside a dialog)
 */
public record SipRequest(
    String method,
    String remoteAddress,
    int remotePort,
    String transport,
    String callId,
    Function<String, List<String>> headers,
    List<String> headerNames,
    String contentType,
    byte[] body,
    boolean hasToTag) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.apply(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** All values of a header, never null. */
  public List<String> headerValues(String name) {
    List<String> values = headers.apply(name);
    return values == null ? List.of() : values;
  }

  /** Where the request came from, "host:port/transport", for operators. */
  public String srcAddress() {
    return remoteAddress + ":" + remotePort + "/" + transport;
  }
}
