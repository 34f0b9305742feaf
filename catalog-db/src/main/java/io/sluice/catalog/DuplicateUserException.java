package io.sluice.catalog;

/** A user of that name (in any letter case) exists already. */
public final class DuplicateUserException extends CatalogException {
  public DuplicateUserException(String username) {
    super("A user named '" + username + "' exists already.");
  }
}
