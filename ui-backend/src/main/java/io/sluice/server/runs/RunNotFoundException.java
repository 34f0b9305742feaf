package io.sluice.server.runs;

import java.util.UUID;

/** No run has this id. */
public final class RunNotFoundException extends RuntimeException {
  public RunNotFoundException(UUID id) {
    super("Run " + id + " does not exist");
  }
}
