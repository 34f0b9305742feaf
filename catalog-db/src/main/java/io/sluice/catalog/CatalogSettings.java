package io.sluice.catalog;

import java.nio.file.Path;

/**
 * Where the catalog lives.
 *
 * <p>With a {@code jdbcUrl}, {@link CatalogDatabase#open} connects to that PostgreSQL server with
 * {@code user} and {@code password} (either may be null when the URL carries them). Without one, it
 * starts an embedded PostgreSQL whose data lives under {@code <dataDir>/postgres}; user and
 * password are then ignored (the embedded server listens on 127.0.0.1 only).
 *
 * <pre>{@code
 * CatalogSettings.embedded(Path.of("/var/lib/sluice"));
 * CatalogSettings.external("jdbc:postgresql://db:5432/sluice", "sluice", secret);
 * }</pre>
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL, or null for the embedded server
 * @param dataDir the Sluice data directory; required when {@code jdbcUrl} is null
 */
public record CatalogSettings(String jdbcUrl, String user, String password, Path dataDir) {

  public CatalogSettings {
    if (jdbcUrl == null && dataDir == null) {
      throw new IllegalArgumentException(
          "Catalog settings need either a JDBC URL or a data directory for the embedded server");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "The catalog JDBC URL must start with jdbc:postgresql:, got "
              + io.sluice.catalog.internal.JdbcUrls.redact(jdbcUrl));
    }
  }

  public static CatalogSettings embedded(Path dataDir) {
    return new CatalogSettings(null, null, null, dataDir);
  }

  public static CatalogSettings external(String jdbcUrl, String user, String password) {
    return new CatalogSettings(jdbcUrl, user, password, null);
  }

  public boolean isEmbedded() {
    return jdbcUrl == null;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "CatalogSettings[jdbcUrl="
        + (jdbcUrl == null ? null : io.sluice.catalog.internal.JdbcUrls.redact(jdbcUrl))
        + ", user="
        + user
        + ", password="
        + (password == null ? null : "****")
        + ", dataDir="
        + dataDir
        + "]";
  }
}
