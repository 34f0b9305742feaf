package io.sluice.catalog;

/** No user or token has that id. */
public final class UserNotFoundException extends CatalogException {
  public UserNotFoundException(String message) {
    super(message);
  }
}
