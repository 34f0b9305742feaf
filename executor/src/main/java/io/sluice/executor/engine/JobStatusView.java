package io.sluice.executor.engine;

import java.util.Optional;

/**
 * What a job is doing, in the words Sluice shows to people (not Flink's finer job states).
 *
 * @param state the state
 * @param failureCause why the job failed; present exactly when the state is {@link State#FAILED}
 */
public record JobStatusView(State state, Optional<String> failureCause) {

  /** The states of a job. */
  public enum State {
    /** Submitted, being scheduled or recovering from a failure. */
    STARTING,
    RUNNING,
    /** A stop (with savepoint) or cancel is under way. */
    STOPPING,
    /** Stopped on request; it can resume from its savepoint or retained checkpoint. */
    STOPPED,
    FAILED,
    /** A bounded job read all its input and committed all its output. */
    FINISHED;

    /** Whether the job is over. */
    public boolean isTerminal() {
      return this == STOPPED || this == FAILED || this == FINISHED;
    }
  }

  public JobStatusView {
    if ((state == State.FAILED) != failureCause.isPresent()) {
      throw new IllegalArgumentException("a failure cause belongs to FAILED only");
    }
  }

  public static JobStatusView of(State state) {
    return new JobStatusView(state, Optional.empty());
  }

  public static JobStatusView failed(String cause) {
    return new JobStatusView(State.FAILED, Optional.of(cause));
  }
}
