package io.sluice.model.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named, typed field of a record. Names follow SQL identifier rules without quoting, so that
 * expressions can name them as they are: a letter or {@code _}, then letters, digits or {@code _}.
 */
public record Field(String name, FieldType type) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public Field {
    Objects.requireNonNull(type, "type");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Field name '"
              + name
              + "' must start with a letter or _ and hold only letters, digits and _ (at most 128).");
    }
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
