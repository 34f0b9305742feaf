package io.sluice.catalog;

/**
 * The catalog database could not be reached or prepared. The message names the URL, never the
 * password.
 */
public final class CatalogUnavailableException extends CatalogException {

  private final String url;

  public CatalogUnavailableException(String url, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
  }

  /** The JDBC URL that was tried, without password. */
  public String url() {
    return url;
  }
}
