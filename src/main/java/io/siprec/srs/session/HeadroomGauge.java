package io.siprec.srs.session;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * One measured limit of what the server can carry now. While any gauge reads at or above its limit,
 * {@link Admission} refuses new sessions (503 with Retry-After, OPTIONS 503), so that an SBC's
 * recording group sends the next call elsewhere and the calls already up keep the capacity they
 * have: overload is refused at the door, never absorbed by degrading every call.
 *
 * <p>Read on the signalling thread for each INVITE and OPTIONS: a reading must be cheap and must
 * not block (a gauge that samples keeps its last figure between samples).
 */
public interface HeadroomGauge {
  /** Short name for logs, the Warning header of a refusal and metrics, e.g. "rtp-receive-busy". */
  String name();

  /** The measured value now, in the unit of {@link #limit()}. */
  double reading();

  /** At or above this, no new session. */
  double limit();

  /** A gauge reading {@code reading} against a fixed limit. */
  static HeadroomGauge of(String name, double limit, DoubleSupplier reading) {
    return new HeadroomGauge() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double reading() {
        return reading.getAsDouble();
      }

      @Override
      public double limit() {
        return limit;
      }

      @Override
      public String toString() {
        return name + " (limit " + limit + ")";
      }
    };
  }

  /** What a gauge read when it stopped a session. */
  record Spent(String gauge, double reading, double limit) {
    /** For a Warning header and the log: "rtp-receive-busy 0.93 at or above 0.85". */
    public String describe() {
      return String.format(Locale.ROOT, "%s %.2f at or above %.2f", gauge, reading, limit);
    }
  }
}
