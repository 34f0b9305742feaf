package io.sluice.connectors.file.format;

/** A value that does not convert to its field's type; becomes the reason of a bad record. */
public final class ValueException extends Exception {
  private static final long serialVersionUID = 1L;

  ValueException(String message) {
    // Bad values are expected data, not bugs: no stack trace to fill in.
    super(message, null, false, false);
  }
}
