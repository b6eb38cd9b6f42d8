package io.siprec.srs.sip;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.List;

/** Lets tests in other packages count answers as the SIP edge does. */
public final class SetupStatisticsAccess {
  private SetupStatisticsAccess() {}

  public static void setUp(SetupStatistics s) {
    s.setUp();
  }

  public static void rejected(
      SetupStatistics s, int status, String reason, String callId, String src) {
    s.rejected(status, reason, callId, src);
  }

  public static void metadataProblem(SetupStatistics s, MetadataProblem.Kind kind) {
    s.metadataProblem(kind);
  }

  public static void metadataRepaired(SetupStatistics s, MetadataRepair repair) {
    s.metadataRepaired(List.of(repair));
  }
}
