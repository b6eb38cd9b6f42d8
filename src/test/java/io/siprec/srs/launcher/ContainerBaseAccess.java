package io.siprec.srs.launcher;

import io.siprec.srs.config.Settings;
import java.util.Map;

/** Lets tests in other packages render templates exactly as the launcher does. */
public final class ContainerBaseAccess {
  private ContainerBaseAccess() {}

  public static Map<String, String> templateValues(Settings settings) {
    return ContainerBase.templateValues(settings);
  }
}
