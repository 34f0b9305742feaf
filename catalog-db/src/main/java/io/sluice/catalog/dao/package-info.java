/**
 * Jdbi SqlObject DAOs and the row records they return. The SQL lives here, one text block per
 * statement; {@link io.sluice.catalog.PipelineCatalog} turns rows into domain records and owns the
 * transactions. Public for Jdbi's proxies, not API.
 */
package io.sluice.catalog.dao;
