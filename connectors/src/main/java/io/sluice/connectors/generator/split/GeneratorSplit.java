package io.sluice.connectors.generator.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One strided share of the generator's id sequence: ids {@code nextId, nextId + stride, ...} below
 * {@code endExclusive}. Split {@code i} of {@code n} starts at {@code i} with stride {@code n}, so
 * the splits together cover {@code 0..end-1} exactly once.
 *
 * <p>Immutable: a reader that advances makes a new split with {@link #advancedTo(long)}, which is
 * what it hands to Flink when a checkpoint is taken.
 *
 * @param index position of this split among all splits, {@code 0 <= index < stride}
 * @param stride number of splits; the distance between two ids of this split
 * @param nextId the next id this split emits
 * @param endExclusive ids at or above this are not emitted; {@link Long#MAX_VALUE} when unbounded
 */
public record GeneratorSplit(int index, int stride, long nextId, long endExclusive)
    implements SourceSplit {

  public GeneratorSplit {
    if (stride <= 0) {
      throw new IllegalArgumentException("stride must be > 0, was " + stride);
    }
    if (index < 0 || index >= stride) {
      throw new IllegalArgumentException("index must be in [0, " + stride + "), was " + index);
    }
    if (nextId < 0 || endExclusive < 0) {
      throw new IllegalArgumentException("ids must be >= 0");
    }
    if (nextId % stride != index) {
      throw new IllegalArgumentException(
          "nextId " + nextId + " is not in split " + index + " of " + stride);
    }
  }

  /** The split that starts split {@code index} of {@code stride} at its first id. */
  public static GeneratorSplit initial(int index, int stride, long endExclusive) {
    return new GeneratorSplit(index, stride, index, endExclusive);
  }

  @Override
  public String splitId() {
    return "generator-" + index + "-of-" + stride;
  }

  /** Whether every id of this split has been emitted. */
  public boolean isFinished() {
    return nextId >= endExclusive;
  }

  /** This split, continuing at {@code id}. */
  public GeneratorSplit advancedTo(long id) {
    return new GeneratorSplit(index, stride, id, endExclusive);
  }
}
