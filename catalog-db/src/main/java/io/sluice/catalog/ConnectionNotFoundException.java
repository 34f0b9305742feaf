package io.sluice.catalog;

/** No connection has that name. */
public final class ConnectionNotFoundException extends RuntimeException {
  public ConnectionNotFoundException(String name) {
    super("No connection is named '" + name + "'.");
  }
}
