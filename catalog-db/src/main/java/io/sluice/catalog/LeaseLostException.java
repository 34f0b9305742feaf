package io.sluice.catalog;

/** A write fenced by a lease was refused: the lease has another holder or epoch, or expired. */
public final class LeaseLostException extends RuntimeException {
  private final transient Lease lease;

  public LeaseLostException(Lease lease) {
    super(
        "Lease '"
            + lease.name()
            + "' epoch "
            + lease.epoch()
            + " is no longer held by "
            + lease.holder());
    this.lease = lease;
  }

  public Lease lease() {
    return lease;
  }
}
