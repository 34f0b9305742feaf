package io.sluice.server.auth;

import io.sluice.catalog.User;
import java.util.UUID;

/**
 * Who is calling: the user and how they proved it. {@code csrfToken} is set for a session (writes
 * must echo it); {@code tokenId} for an API token.
 */
public record Principal(User user, Via via, String csrfToken, UUID tokenId) {
  public enum Via {
    SESSION,
    TOKEN
  }

  public String username() {
    return user.username();
  }
}
