package io.sluice.executor.engine;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.MemorySize;

/**
 * How the embedded engine sizes its MiniCluster.
 *
 * <pre>{@code
 * EmbeddedEngineSettings.defaults(dataDir.resolve("flink-tmp")).withSlots(4);
 * }</pre>
 *
 * @param slots task slots; each running pipeline needs as many as its parallelism
 * @param managedMemory memory for RocksDB and batch operators, shared by all slots
 * @param checkpointInterval how often every job checkpoints
 * @param tmpDir Flink's working files ({@code io.tmp.dirs}); owned by this engine
 */
public record EmbeddedEngineSettings(
    int slots, MemorySize managedMemory, Duration checkpointInterval, Path tmpDir) {

  public static final int DEFAULT_SLOTS = 8;
  public static final MemorySize DEFAULT_MANAGED_MEMORY = MemorySize.parse("64m");
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  public EmbeddedEngineSettings {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, was " + slots);
    }
    if (managedMemory == null) {
      throw new IllegalArgumentException("managedMemory must be given");
    }
    if (checkpointInterval == null
        || checkpointInterval.isNegative()
        || checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpointInterval must be at least 10 ms, was " + checkpointInterval);
    }
    if (tmpDir == null) {
      throw new IllegalArgumentException("tmpDir must be given");
    }
  }

  public static EmbeddedEngineSettings defaults(Path tmpDir) {
    return new EmbeddedEngineSettings(
        DEFAULT_SLOTS, DEFAULT_MANAGED_MEMORY, DEFAULT_CHECKPOINT_INTERVAL, tmpDir);
  }

  public EmbeddedEngineSettings withSlots(int slots) {
    return new EmbeddedEngineSettings(slots, managedMemory, checkpointInterval, tmpDir);
  }

  public EmbeddedEngineSettings withCheckpointInterval(Duration checkpointInterval) {
    return new EmbeddedEngineSettings(slots, managedMemory, checkpointInterval, tmpDir);
  }
}
