package io.siprec.srs.config;

import java.util.List;

/** Thrown at start-up when settings are invalid; lists every problem found, not just the first. */
public final class InvalidSettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidSettingsException(List<String> problems) {
    super("invalid settings:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
