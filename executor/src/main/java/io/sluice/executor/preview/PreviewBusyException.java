package io.sluice.executor.preview;

/** As many previews as allowed are running; the caller may try again shortly. */
public final class PreviewBusyException extends RuntimeException {
  public PreviewBusyException(int limit) {
    super(
        limit
            + (limit == 1 ? " preview is" : " previews are")
            + " running, the most this server runs at once; try again in a few seconds.");
  }
}
