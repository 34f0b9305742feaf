package io.sluice.executor.engine;

import io.sluice.executor.metrics.FlinkMetrics;
import java.util.Optional;

/**
 * Runs pipelines as Flink jobs that checkpoint to S3 with exactly-once guarantees. The seam between
 * Sluice and where Flink runs: {@link EmbeddedEngine} runs a MiniCluster in this process; a remote
 * placement (a Flink session cluster) will implement the same interface.
 *
 * <p>Checkpoints go to {@code s3://<bucket>/checkpoints/<pipelineKey>/<jobId>/chk-<n>} and are
 * retained when a job is cancelled; savepoints go to {@code
 * s3://<bucket>/savepoints/<pipelineKey>}.
 *
 * <pre>{@code
 * JobHandle job = engine.submit("orders", env -> ..., engine.latestRetainedCheckpoint("orders"));
 * String savepoint = engine.stopWithSavepoint(job);
 * engine.submit("orders", env -> ..., Optional.of(savepoint));
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface Engine extends AutoCloseable {

  /**
   * Builds a job and starts it.
   *
   * @param pipelineKey names the pipeline's checkpoint and savepoint folders
   * @param job adds the job's operators to the environment
   * @param restorePath a savepoint or retained checkpoint ({@code s3://...}) to resume from
   */
  JobHandle submit(String pipelineKey, StreamGraphBuilder job, Optional<String> restorePath);

  JobStatusView status(JobHandle job);

  /**
   * The job's metrics as Flink reports them now; after the job ended, the last values for a while.
   * Empty when the engine has none (yet, or any more).
   */
  Optional<FlinkMetrics> metrics(JobHandle job);

  /**
   * The failures of the job, newest first: each one that made Flink restart it, and the one that
   * ended it if it failed. Flink keeps the most recent ones (16 by default) while it knows the job.
   */
  java.util.List<RestartCause> restartCauses(JobHandle job);

  /**
   * Takes a savepoint and stops the job once it is complete; output up to the savepoint is
   * committed. Blocks until then.
   *
   * @return the savepoint's path, {@code s3://<bucket>/savepoints/<pipelineKey>/savepoint-...}
   */
  String stopWithSavepoint(JobHandle job);

  /** Cancels the job without a savepoint; its newest checkpoint is retained. Blocks until over. */
  void cancel(JobHandle job);

  /**
   * The newest completed checkpoint of any job of the pipeline still on S3, such as one retained
   * when a job was cancelled or its process died.
   */
  Optional<String> latestRetainedCheckpoint(String pipelineKey);

  /**
   * Where the pipeline's newest progress is: its newest savepoint or retained checkpoint, whichever
   * was written last. A start resumes from here.
   */
  Optional<String> latestRestorePoint(String pipelineKey);

  /**
   * Deletes progress the pipeline no longer needs: checkpoints of its earlier jobs once {@code
   * currentJobId} has completed a checkpoint of its own (or, with no current job, all but the job
   * holding the newest restore point), and savepoints beyond the newest {@code savepointsToKeep}.
   * The newest restore point is never deleted.
   *
   * @return how many objects were deleted
   */
  int pruneHistory(String pipelineKey, Optional<String> currentJobId, int savepointsToKeep);

  /** Stops every job (without savepoints) and the engine. */
  @Override
  void close();
}
