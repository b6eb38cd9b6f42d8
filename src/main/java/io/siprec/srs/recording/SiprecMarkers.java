package io.siprec.srs.recording;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells a SIPREC INVITE (RFC 7866 §6.1) from an ordinary one. RFC 7866 asks for both {@code
 * Require: siprec} and {@code +sip.src} on the Contact, but real SRCs send either alone (BroadWorks
 * has no Require), write {@code ;src} instead of {@code ;+sip.src} (AudioCodes, BroadWorks), or put
 * the tag inside the URI (Avaya SBCE). So any one of these marks a request: the siprec option tag
 * in Require or Supported, the src feature tag in any of its spellings, or a metadata body part.
 */
public final class SiprecMarkers {
  /** {@code ;+sip.src} or {@code ;src} as a header or URI parameter, with or without a value. */
  private static final Pattern SRC_FEATURE_TAG =
      Pattern.compile(
          "(?i);\\s*\\+?(sip\\.)?src\\s*(=\\s*(\"[^\"]*\"|[^;>,\\s]*))?\\s*(?=[;>,]|$)");

  private SiprecMarkers() {}

  public static boolean isSiprec(
      List<String> require, List<String> supported, String contact, boolean hasMetadata) {
    return require.contains(OptionTags.SIPREC)
        || supported.contains(OptionTags.SIPREC)
        || contactMarksSrc(contact)
        || hasMetadata;
  }

  public static boolean contactMarksSrc(String contact) {
    return contact != null && SRC_FEATURE_TAG.matcher(contact).find();
  }
}
