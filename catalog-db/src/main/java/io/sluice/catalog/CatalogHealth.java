package io.sluice.catalog;

/**
 * What {@link CatalogDatabase#health()} found. When {@code up} is false, {@code serverVersion} and
 * {@code schemaVersion} are null and {@code error} says why.
 *
 * @param mode "embedded" or "external"
 * @param url the JDBC URL without password
 * @param schemaVersion the newest applied Flyway migration, e.g. 2 for {@code V2__…}
 */
public record CatalogHealth(
    boolean up,
    String mode,
    String url,
    String serverVersion,
    Integer schemaVersion,
    String error) {}
