package io.sluice.executor.engine;

/** The engine could not do what it was asked: Flink or the object store failed. */
public final class EngineException extends RuntimeException {

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
