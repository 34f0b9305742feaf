package io.sluice.model.transform;

import io.sluice.model.id.PortName;
import java.util.Objects;
import java.util.Optional;

/**
 * One branch of a route node, written {@code port: condition} in its config: records for which the
 * SQL condition is true, and no earlier branch's condition was, leave through {@code port}.
 *
 * <pre>{@code
 * RouteBranch.parse("large: amount > 1000");
 * }</pre>
 */
public record RouteBranch(PortName port, String condition) {

  public RouteBranch {
    Objects.requireNonNull(port, "port");
    if (condition == null || condition.isBlank()) {
      throw new IllegalArgumentException("Branch " + port + ": condition must not be blank");
    }
  }

  /** A parsed entry, or why it cannot be read: exactly one of the two is present. */
  public record Parsed(Optional<RouteBranch> branch, Optional<String> problem) {}

  public static Parsed parse(String entry) {
    int colon = entry.indexOf(':');
    if (colon <= 0 || entry.substring(colon + 1).isBlank()) {
      return new Parsed(
          Optional.empty(),
          Optional.of(
              "\"" + entry + "\" must read port: condition, for example large: amount > 1000"));
    }
    String name = entry.substring(0, colon).strip();
    try {
      return new Parsed(
          Optional.of(new RouteBranch(new PortName(name), entry.substring(colon + 1).strip())),
          Optional.empty());
    } catch (IllegalArgumentException e) {
      return new Parsed(Optional.empty(), Optional.of(e.getMessage()));
    }
  }
}
