package io.sluice.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user may do: each role may do everything the roles before it may. */
public enum UserRole {
  /** Reads pipelines, runs, metrics, schedules and dead letters. */
  VIEWER,
  /** Also changes and runs pipelines, schedules and replays. */
  EDITOR,
  /** Also manages users, tokens, connections and settings, and reads the audit log. */
  ADMIN;

  /** The name in the API and the catalog; JSON shows a role this way too, as the UI expects. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(UserRole other) {
    return compareTo(other) >= 0;
  }

  public static Optional<UserRole> fromWire(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
  }
}
