package io.sluice.model.document;

/** Where a node sits on the designer's canvas. Has no effect on execution. */
public record Position(double x, double y) {

  public Position {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("Position must be finite, got (" + x + ", " + y + ")");
    }
  }
}
