package io.sluice.connectors.generator.enumerator;

import io.sluice.connectors.generator.split.GeneratorSplit;
import java.util.List;

/**
 * What the enumerator checkpoints: the splits not yet handed to a reader. Splits owned by readers
 * live in the readers' state, with their positions.
 *
 * @param unassigned splits waiting for a reader, in assignment order
 */
public record GeneratorEnumeratorState(List<GeneratorSplit> unassigned) {

  public GeneratorEnumeratorState {
    unassigned = List.copyOf(unassigned);
  }
}
