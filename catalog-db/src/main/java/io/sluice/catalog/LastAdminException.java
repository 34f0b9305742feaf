package io.sluice.catalog;

/** A change that would leave the catalog without an enabled admin. */
public final class LastAdminException extends CatalogException {
  public LastAdminException(String username) {
    super(
        "'"
            + username
            + "' is the last enabled admin: make another user admin before demoting or disabling"
            + " this one.");
  }
}
