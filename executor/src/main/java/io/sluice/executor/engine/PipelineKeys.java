package io.sluice.executor.engine;

import java.util.regex.Pattern;

/** Checks pipeline keys, which become S3 folder names. */
final class PipelineKeys {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private PipelineKeys() {}

  static String check(String pipelineKey) {
    if (pipelineKey == null || !KEY.matcher(pipelineKey).matches()) {
      throw new IllegalArgumentException(
          "pipelineKey must be 1-128 letters, digits, '_', '.' or '-' (not first), was "
              + pipelineKey);
    }
    return pipelineKey;
  }
}
