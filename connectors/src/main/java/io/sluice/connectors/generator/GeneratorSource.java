package io.sluice.connectors.generator;

import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.generator.enumerator.GeneratorEnumeratorState;
import io.sluice.connectors.generator.enumerator.GeneratorEnumeratorStateSerializer;
import io.sluice.connectors.generator.enumerator.GeneratorSplitEnumerator;
import io.sluice.connectors.generator.reader.GeneratorSourceReader;
import io.sluice.connectors.generator.split.GeneratorSplit;
import io.sluice.connectors.generator.split.GeneratorSplitSerializer;
import io.sluice.model.schema.RecordSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Row;

/**
 * Synthetic records for demos, tests and load: record {@code id} is {@link
 * GeneratedRecords#record(long, long) GeneratedRecords.record(seed, id)} for ids {@code 0, 1, 2,
 * ...}, optionally up to a count, at a chosen total rate. The next id of every split is Flink
 * state, so a job restored from a checkpoint or savepoint continues exactly where it stopped.
 *
 * <pre>{@code
 * GeneratorSource source =
 *     GeneratorSource.builder().seed(7).recordsPerSecond(1_000).count(10_000).build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator");
 * }</pre>
 *
 * <p>The number of splits is the source parallelism when the job first starts; it stays fixed
 * across restores, so the ids are the same whatever the later parallelism. Immutable.
 */
public final class GeneratorSource
    implements Source<Row, GeneratorSplit, GeneratorEnumeratorState>, ResultTypeQueryable<Row> {

  private static final long serialVersionUID = 1L;
  private static final long UNBOUNDED = -1;

  private final long seed;
  private final double recordsPerSecond;
  private final long count;

  /**
   * Declared fields as {@code name: type} (the model's types are not Serializable); null: default.
   */
  private final ArrayList<String> fields;

  private GeneratorSource(
      long seed, double recordsPerSecond, long count, ArrayList<String> fields) {
    this.seed = seed;
    this.recordsPerSecond = recordsPerSecond;
    this.count = count;
    this.fields = fields;
  }

  /** The declared fields, or empty for the default {@code id, name, amount, ts}. */
  public java.util.Optional<RecordSchema> schema() {
    return fields == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(RecordSchema.parse(fields).schema());
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  /** Total records per second over all readers; {@code 0} means as fast as possible. */
  public double recordsPerSecond() {
    return recordsPerSecond;
  }

  /** How many records the source emits before it finishes; empty when it never finishes. */
  public OptionalLong count() {
    return count == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(count);
  }

  @Override
  public Boundedness getBoundedness() {
    return count == UNBOUNDED ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<Row, GeneratorSplit> createReader(SourceReaderContext context) {
    return new GeneratorSourceReader(
        seed,
        recordsPerSecond / context.currentParallelism(),
        schema().map(RecordSchema::fields).orElse(null));
  }

  @Override
  public SplitEnumerator<GeneratorSplit, GeneratorEnumeratorState> createEnumerator(
      SplitEnumeratorContext<GeneratorSplit> context) {
    int splitCount = context.currentParallelism();
    long end = count == UNBOUNDED ? Long.MAX_VALUE : count;
    List<GeneratorSplit> splits = new ArrayList<>(splitCount);
    for (int i = 0; i < splitCount; i++) {
      splits.add(GeneratorSplit.initial(i, splitCount, end));
    }
    return new GeneratorSplitEnumerator(context, splits);
  }

  @Override
  public SplitEnumerator<GeneratorSplit, GeneratorEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<GeneratorSplit> context, GeneratorEnumeratorState checkpoint) {
    return new GeneratorSplitEnumerator(context, checkpoint.unassigned());
  }

  @Override
  public SimpleVersionedSerializer<GeneratorSplit> getSplitSerializer() {
    return GeneratorSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<GeneratorEnumeratorState> getEnumeratorCheckpointSerializer() {
    return GeneratorEnumeratorStateSerializer.INSTANCE;
  }

  @Override
  public TypeInformation<Row> getProducedType() {
    return schema()
        .<TypeInformation<Row>>map(FileDirectorySource::rowType)
        .orElseGet(GeneratedRecords::rowType);
  }

  /** Builds a {@link GeneratorSource}; checks its arguments. */
  public static final class Builder {
    private long seed;
    private ArrayList<String> fields;
    private double recordsPerSecond;
    private long count = UNBOUNDED;

    private Builder() {}

    /**
     * Declares the fields, each {@code name: type}; a long field named {@code id} carries the
     * sequence number.
     */
    public Builder fields(List<String> declared) {
      RecordSchema.Parsed parsed = RecordSchema.parse(declared);
      if (!parsed.ok() || parsed.schema().fields().isEmpty()) {
        throw new IllegalArgumentException(
            "Bad generator fields " + declared + ": " + parsed.problems());
      }
      this.fields = new ArrayList<>(declared);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Total rate over all readers; {@code 0} (the default) means as fast as possible. */
    public Builder recordsPerSecond(double recordsPerSecond) {
      if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
        throw new IllegalArgumentException(
            "recordsPerSecond must be a finite number >= 0, was " + recordsPerSecond);
      }
      this.recordsPerSecond = recordsPerSecond;
      return this;
    }

    /** Stop after ids {@code 0..count-1}; without it the source never finishes. */
    public Builder count(long count) {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, was " + count);
      }
      this.count = count;
      return this;
    }

    public GeneratorSource build() {
      return new GeneratorSource(seed, recordsPerSecond, count, fields);
    }
  }
}
