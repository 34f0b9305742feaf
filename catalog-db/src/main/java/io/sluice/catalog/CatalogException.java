package io.sluice.catalog;

/**
 * Base of every exception the catalog throws on purpose. Unchecked: callers translate the
 * subclasses they expect (for example into HTTP 404 or 409) and let the rest propagate.
 */
public class CatalogException extends RuntimeException {

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
