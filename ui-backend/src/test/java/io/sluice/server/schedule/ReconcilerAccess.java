package io.sluice.server.schedule;

/** Lets tests outside this package act as a leader that paused after its last renewal. */
public final class ReconcilerAccess {
  private ReconcilerAccess() {}

  public static Reconciler.Outcome reconcileWithoutRenewal(Reconciler reconciler) {
    return reconciler.reconcileWithoutRenewal();
  }
}
