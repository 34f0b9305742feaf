package io.sluice.executor.engine;

/**
 * A job the {@link Engine} runs for a pipeline. A value: it can be stored and used again with the
 * same engine.
 *
 * @param pipelineKey the pipeline the job runs; names its checkpoint and savepoint folders
 * @param jobId Flink's job id, as 32 hex digits
 */
public record JobHandle(String pipelineKey, String jobId) {

  public JobHandle {
    PipelineKeys.check(pipelineKey);
    if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("jobId must be 32 hex digits, was " + jobId);
    }
  }
}
