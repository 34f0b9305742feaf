package io.sluice.connectors.postgres;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The sink's table cannot take its records; thrown when the sink starts, carrying every problem
 * that {@link PostgresTables#check} finds.
 */
public final class SchemaMismatchException extends RuntimeException {

  private final transient List<TableProblem> problems;

  public SchemaMismatchException(String table, List<TableProblem> problems) {
    super(
        "Table "
            + table
            + " does not fit the sink: "
            + problems.stream().map(TableProblem::message).collect(Collectors.joining(" ")));
    this.problems = List.copyOf(problems);
  }

  public List<TableProblem> problems() {
    return problems;
  }
}
