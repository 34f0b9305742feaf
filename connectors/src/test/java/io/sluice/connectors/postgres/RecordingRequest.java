package io.sluice.connectors.postgres;

import org.apache.flink.api.connector.sink2.Committer;

/** A commit request as Flink's committer operator hands it over, remembering the outcome. */
final class RecordingRequest implements Committer.CommitRequest<PostgresCommittable> {

  private final PostgresCommittable committable;
  String outcome = "committed";
  Throwable failure;

  RecordingRequest(PostgresCommittable committable) {
    this.committable = committable;
  }

  @Override
  public PostgresCommittable getCommittable() {
    return committable;
  }

  @Override
  public int getNumberOfRetries() {
    return 0;
  }

  @Override
  public void signalFailedWithKnownReason(Throwable t) {
    outcome = "failed";
    failure = t;
  }

  @Override
  public void signalFailedWithUnknownReason(Throwable t) {
    outcome = "failed";
    failure = t;
  }

  @Override
  public void retryLater() {
    outcome = "retry";
  }

  @Override
  public void updateAndRetryLater(PostgresCommittable committable) {
    outcome = "retry";
  }

  @Override
  public void signalAlreadyCommitted() {
    outcome = "already committed";
  }
}
