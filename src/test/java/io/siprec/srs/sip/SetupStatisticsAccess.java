package io.siprec.srs.sip;

/** Lets tests in other packages count answers as the SIP edge does. */
public final class SetupStatisticsAccess {
  private SetupStatisticsAccess() {}

  public static void setUp(SetupStatistics s) {
    s.setUp();
  }

  public static void rejected(SetupStatistics s, int status, String reason, String callId, String src) {
    s.rejected(status, reason, callId, src);
  }

  public static void metadataProblem(SetupStatistics s, io.siprec.srs.session.MetadataProblem.Kind kind) {
    s.metadataProblem(kind);
  }

  public static void metadataRepaired(SetupStatistics s, io.siprec.srs.session.MetadataRepair repair) {
    s.metadataRepaired(java.util.List.of(repair));
  }
}
