package io.siprec.srs.app;

import com.sun.management.OperatingSystemMXBean;
import io.siprec.srs.session.HeadroomGauge;
import java.lang.management.ManagementFactory;

/** The whole machine's recent CPU use, as the JVM's operating-system bean measures it. */
final class MachineCpu {
  private MachineCpu() {}

  /**
   * 0 to 1; the bean returns a negative value when the figure is not available (then the gauge
   * reads 0: no measurement is no reason to refuse calls).
   */
  static HeadroomGauge gauge(double limit) {
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    return HeadroomGauge.of("machine-cpu", limit, () -> Math.max(0, os.getCpuLoad()));
  }
}
