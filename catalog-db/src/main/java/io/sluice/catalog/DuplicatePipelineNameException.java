package io.sluice.catalog;

/** Another live pipeline already has this name, compared without regard to case. */
public final class DuplicatePipelineNameException extends CatalogException {

  private final String name;

  public DuplicatePipelineNameException(String name) {
    super("A pipeline named '" + name + "' already exists (names are compared ignoring case)");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
