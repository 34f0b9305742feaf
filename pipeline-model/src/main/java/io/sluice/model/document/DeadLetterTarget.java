package io.sluice.model.document;

import java.util.Objects;

/**
 * Where a pipeline's bad records go: the catalog's {@code dead_letters} table (the default), a
 * table of the user's PostgreSQL, or JSON-lines files in a directory. Every target receives each
 * bad record exactly once, with the raw record, the node and the reason.
 *
 * <p>Wire form, in {@code settings.deadLetter}: {@code {"type": "catalog"}}, {@code {"type":
 * "postgres", "jdbcUrl": "…", "user": "…", "password": "…", "table": "…"}} (on read, {@code
 * "password": {"set": true}}),, {@code {"type": "directory", "path": "/abs/dir"}}.
 */
public sealed interface DeadLetterTarget {

  /** The wire name of the target's type. */
  String type();

  /** The {@code dead_letters} table of Sluice's catalog database. */
  record Catalog() implements DeadLetterTarget {
    public static final String TYPE = "catalog";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A table in a PostgreSQL database, created if missing.
   *
   * <p>The password is a secret: the catalog keeps it sealed beside the version, and a document as
   * people see it says only that one is stored ({@code "password": {"set": true}}, {@code
   * passwordSealed}) without carrying it. A document never has both.
   *
   * @param password the plain password, or null (none, or sealed and not opened in this document)
   * @param passwordSealed a password is stored for this target but not carried by this document
   */
  record Postgres(
      String jdbcUrl, String user, String password, String table, boolean passwordSealed)
      implements DeadLetterTarget {
    public static final String TYPE = "postgres";

    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(table, "table");
      if (passwordSealed && password != null) {
        throw new IllegalArgumentException(
            "A dead-letter password is either carried or sealed, not both");
      }
    }

    /** A target that carries its password (or has none). */
    public Postgres(String jdbcUrl, String user, String password, String table) {
      this(jdbcUrl, user, password, table, false);
    }

    /** This target with {@code password} in place (null: none), no longer marked sealed. */
    public Postgres withPassword(String password) {
      return new Postgres(jdbcUrl, user, password, table, false);
    }

    /** This target without its password, marked as having one sealed ({@code sealed}) or not. */
    public Postgres withoutPassword(boolean sealed) {
      return new Postgres(jdbcUrl, user, null, table, sealed);
    }

    @Override
    public String type() {
      return TYPE;
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "Postgres[jdbcUrl="
          + jdbcUrl
          + ", user="
          + user
          + ", table="
          + table
          + (passwordSealed ? ", password sealed" : "")
          + "]";
    }
  }

  /** JSON-lines files in a directory, each visible once its checkpoint completes. */
  record Directory(String path) implements DeadLetterTarget {
    public static final String TYPE = "directory";

    public Directory {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String type() {
      return TYPE;
    }
  }
}
