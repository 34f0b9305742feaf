package io.sluice.catalog;

/** A pipeline name is blank or longer than {@value PipelineCatalog#MAX_NAME_LENGTH} characters. */
public final class InvalidPipelineNameException extends CatalogException {

  private final String name;

  public InvalidPipelineNameException(String name, String reason) {
    super("Invalid pipeline name '" + name + "': " + reason);
    this.name = name;
  }

  public String name() {
    return name;
  }
}
