package io.sluice.catalog;

/** A connection of that name exists already. */
public final class ConnectionExistsException extends RuntimeException {
  private final String name;

  public ConnectionExistsException(String name) {
    super("A connection named '" + name + "' exists already.");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
