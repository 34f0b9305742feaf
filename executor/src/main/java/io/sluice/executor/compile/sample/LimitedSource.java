package io.sluice.executor.compile.sample;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source cut short for a preview: its reader ends its input after {@code limit} records, or, for
 * a source that never ends by itself, as soon as {@code caughtUp} finds that the reader has read
 * everything that was there when the preview started. The source itself runs unchanged: the same
 * enumerator, splits and reader, so a preview reads records exactly as a run would.
 *
 * <pre>{@code
 * env.fromSource(new LimitedSource<>(kafkaSource, 100, null), noWatermarks(), "orders");
 * }</pre>
 *
 * <p>The job finishes when every reader ended, whatever the enumerator still has to give. Only for
 * previews: a reader that ends early leaves no position anyone resumes from. Immutable and
 * serializable.
 */
public final class LimitedSource<T, SplitT extends SourceSplit, EnumT>
    implements Source<T, SplitT, EnumT>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** Whether a reader whose splits stand at these positions has read all there was at the start. */
  @FunctionalInterface
  public interface CaughtUp<SplitT> extends Serializable {
    boolean test(List<SplitT> splits);
  }

  private final Source<T, SplitT, EnumT> inner;
  private final long limit;
  private final CaughtUp<SplitT> caughtUp;

  /**
   * @param limit the most records the reader emits
   * @param caughtUp asked whenever the reader has nothing to emit; {@code null} for a source that
   *     is bounded itself
   */
  public LimitedSource(Source<T, SplitT, EnumT> inner, long limit, CaughtUp<SplitT> caughtUp) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (!(inner instanceof ResultTypeQueryable<?>)) {
      throw new IllegalArgumentException("The source must say what type it produces: " + inner);
    }
    this.inner = Objects.requireNonNull(inner, "inner");
    this.limit = limit;
    this.caughtUp = caughtUp;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return ((ResultTypeQueryable<T>) inner).getProducedType();
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new Reader<>(inner.createReader(context), limit, caughtUp);
  }

  @Override
  public SplitEnumerator<SplitT, EnumT> createEnumerator(SplitEnumeratorContext<SplitT> context)
      throws Exception {
    return inner.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<SplitT, EnumT> restoreEnumerator(
      SplitEnumeratorContext<SplitT> context, EnumT checkpoint) throws Exception {
    return inner.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return inner.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<EnumT> getEnumeratorCheckpointSerializer() {
    return inner.getEnumeratorCheckpointSerializer();
  }

  /** Counts what the inner reader emits, drops what comes after the limit. Task thread only. */
  private static final class Reader<T, SplitT extends SourceSplit>
      implements SourceReader<T, SplitT> {
    private final SourceReader<T, SplitT> inner;
    private final long limit;
    private final CaughtUp<SplitT> caughtUp;
    private long emitted;
    private boolean ended;

    Reader(SourceReader<T, SplitT> inner, long limit, CaughtUp<SplitT> caughtUp) {
      this.inner = inner;
      this.limit = limit;
      this.caughtUp = caughtUp;
    }

    @Override
    public void start() {
      inner.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
      if (ended || emitted >= limit) {
        ended = true;
        return InputStatus.END_OF_INPUT;
      }
      InputStatus status = inner.pollNext(new Counting(output));
      if (emitted >= limit) {
        ended = true;
        return InputStatus.END_OF_INPUT;
      }
      if (status == InputStatus.NOTHING_AVAILABLE
          && caughtUp != null
          && caughtUp.test(inner.snapshotState(Long.MIN_VALUE))) {
        ended = true;
        return InputStatus.END_OF_INPUT;
      }
      return status;
    }

    @Override
    public List<SplitT> snapshotState(long checkpointId) {
      return inner.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return ended ? CompletableFuture.completedFuture(null) : inner.isAvailable();
    }

    @Override
    public void addSplits(List<SplitT> splits) {
      inner.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
      inner.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
      inner.handleSourceEvents(sourceEvent);
    }

    @Override
    public void pauseOrResumeSplits(
        java.util.Collection<String> splitsToPause, java.util.Collection<String> splitsToResume) {
      inner.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      inner.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
      inner.close();
    }

    /** Lets a record through while under the limit. */
    private boolean take() {
      if (emitted >= limit) {
        return false;
      }
      emitted++;
      return true;
    }

    private final class Counting implements ReaderOutput<T> {
      private final ReaderOutput<T> output;

      Counting(ReaderOutput<T> output) {
        this.output = output;
      }

      @Override
      public void collect(T record) {
        if (take()) {
          output.collect(record);
        }
      }

      @Override
      public void collect(T record, long timestamp) {
        if (take()) {
          output.collect(record, timestamp);
        }
      }

      @Override
      public void emitWatermark(Watermark watermark) {
        output.emitWatermark(watermark);
      }

      @Override
      public void markIdle() {
        output.markIdle();
      }

      @Override
      public void markActive() {
        output.markActive();
      }

      @Override
      public SourceOutput<T> createOutputForSplit(String splitId) {
        SourceOutput<T> split = output.createOutputForSplit(splitId);
        return new SourceOutput<>() {
          @Override
          public void collect(T record) {
            if (take()) {
              split.collect(record);
            }
          }

          @Override
          public void collect(T record, long timestamp) {
            if (take()) {
              split.collect(record, timestamp);
            }
          }

          @Override
          public void emitWatermark(Watermark watermark) {
            split.emitWatermark(watermark);
          }

          @Override
          public void markIdle() {
            split.markIdle();
          }

          @Override
          public void markActive() {
            split.markActive();
          }
        };
      }

      @Override
      public void releaseOutputForSplit(String splitId) {
        output.releaseOutputForSplit(splitId);
      }
    }
  }
}
