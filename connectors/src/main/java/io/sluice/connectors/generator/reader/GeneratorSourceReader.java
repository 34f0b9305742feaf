package io.sluice.connectors.generator.reader;

import io.sluice.connectors.generator.GeneratedRecords;
import io.sluice.connectors.generator.split.GeneratorSplit;
import io.sluice.model.schema.Field;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Row;

/**
 * Emits the records of its splits, one per {@link #pollNext} call, taking turns between splits. Its
 * state is the splits with their next ids; as emitting and snapshotting both run on the task's
 * mailbox thread, a checkpoint always holds exactly the position after the last emitted record.
 *
 * <p>When paced, it never sleeps on the task thread: it reports {@code NOTHING_AVAILABLE} with a
 * future that completes when the next record is due, so checkpoint barriers pass while it waits.
 * Not thread-safe: Flink calls it from the task thread only.
 */
public final class GeneratorSourceReader implements SourceReader<Row, GeneratorSplit> {

  /** Waits shorter than this are not worth a timer; the record goes out now (a small burst). */
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long seed;
  private final List<Field> fields;
  private final double recordsPerSecond;
  private final ArrayDeque<GeneratorSplit> splits = new ArrayDeque<>();
  private boolean noMoreSplits;
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private long pacingStartNanos = -1;
  private long emittedSinceStart;

  /**
   * @param seed the generator seed
   * @param recordsPerSecond this reader's rate; {@code 0} means as fast as possible
   */
  public GeneratorSourceReader(long seed, double recordsPerSecond) {
    this(seed, recordsPerSecond, null);
  }

  /**
   * @param fields declared fields, or null for the default record
   */
  public GeneratorSourceReader(long seed, double recordsPerSecond, List<Field> fields) {
    if (recordsPerSecond < 0 || Double.isNaN(recordsPerSecond)) {
      throw new IllegalArgumentException("recordsPerSecond must be >= 0, was " + recordsPerSecond);
    }
    this.seed = seed;
    this.recordsPerSecond = recordsPerSecond;
    this.fields = fields;
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<Row> output) {
    GeneratorSplit split = splits.peekFirst();
    if (split == null) {
      if (noMoreSplits) {
        return InputStatus.END_OF_INPUT;
      }
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    long wait = nanosUntilNextRecord();
    if (wait >= MIN_WAIT_NANOS) {
      available =
          CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
      return InputStatus.NOTHING_AVAILABLE;
    }

    long id = split.nextId();
    output.collect(
        fields == null
            ? GeneratedRecords.record(seed, id)
            : GeneratedRecords.record(seed, id, fields));
    emittedSinceStart++;
    splits.pollFirst();
    GeneratorSplit advanced = split.advancedTo(id + split.stride());
    if (!advanced.isFinished()) {
      splits.addLast(advanced);
    }
    return splits.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
  }

  private long nanosUntilNextRecord() {
    if (recordsPerSecond == 0) {
      return 0;
    }
    long now = System.nanoTime();
    if (pacingStartNanos < 0) {
      pacingStartNanos = now;
    }
    long due = pacingStartNanos + (long) (emittedSinceStart * 1_000_000_000.0 / recordsPerSecond);
    return due - now;
  }

  @Override
  public List<GeneratorSplit> snapshotState(long checkpointId) {
    return List.copyOf(splits);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<GeneratorSplit> newSplits) {
    for (GeneratorSplit split : newSplits) {
      if (!split.isFinished()) {
        splits.addLast(split);
      }
    }
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    available.complete(null);
  }

  @Override
  public void close() {}
}
