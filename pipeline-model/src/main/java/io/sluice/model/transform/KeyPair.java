package io.sluice.model.transform;

import io.sluice.model.schema.Field;
import java.util.Optional;

/**
 * Two fields that must be equal for two records to join, written {@code left = right} in a join's
 * config: for a lookup join the input field and the table column, for an interval join the field of
 * the left input and the field of the right.
 *
 * <pre>{@code
 * KeyPair.parse("customer = id");
 * }</pre>
 */
public record KeyPair(String left, String right) {

  public KeyPair {
    if (!Field.isValidName(left) || !Field.isValidName(right)) {
      throw new IllegalArgumentException("Key fields must be field names: " + left + ", " + right);
    }
  }

  /** A parsed entry, or why it cannot be read: exactly one of the two is present. */
  public record Parsed(Optional<KeyPair> pair, Optional<String> problem) {}

  public static Parsed parse(String entry) {
    int eq = entry.indexOf('=');
    String left = eq < 0 ? entry.strip() : entry.substring(0, eq).strip();
    String right = eq < 0 ? left : entry.substring(eq + 1).strip();
    if (!Field.isValidName(left) || !Field.isValidName(right)) {
      return new Parsed(
          Optional.empty(),
          Optional.of(
              "\""
                  + entry
                  + "\" must read field = field (or one field name when both sides share it),"
                  + " for example customer = id"));
    }
    return new Parsed(Optional.of(new KeyPair(left, right)), Optional.empty());
  }
}
