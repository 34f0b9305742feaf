package io.sluice.model.id;

import java.util.regex.Pattern;

/** The one naming rule shared by node ids and port names, kept in one place. */
final class Names {

  static final int MAX_LENGTH = 64;
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private Names() {}

  static void check(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + MAX_LENGTH + " characters long, got " + value.length());
    }
    if (!PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' may only contain letters, digits, '_', '.' and '-', and must not start with"
              + " '.' or '-'");
    }
  }
}
