package io.sluice.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease held on a name in the catalog: who holds it, its epoch (the fencing token, which grows at
 * every change of holder) and when it expires by the database's clock.
 */
public record Lease(String name, String holder, long epoch, Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be positive, was " + epoch);
    }
  }
}
