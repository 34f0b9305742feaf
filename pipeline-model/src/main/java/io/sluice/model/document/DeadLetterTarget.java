package io.sluice.model.document;

import java.util.Objects;

/**
 * Where a pipeline's bad records go: the catalog's {@code dead_letters} table (the default), a
 * table of the user's PostgreSQL, or JSON-lines files in a directory. Every target receives each
 * bad record exactly once, with the raw record, the node and the reason.
 *
 * <p>Wire form, in {@code settings.deadLetter}: {@code {"type": "catalog"}}, {@code {"type":
 * "postgres", "jdbcUrl": "…", "user": "…", "password": "…", "table": "…"}}, {@code {"type":
 * "directory", "path": "/abs/dir"}}.
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

  /** A table in a PostgreSQL database, created if missing. */
  record Postgres(String jdbcUrl, String user, String password, String table)
      implements DeadLetterTarget {
    public static final String TYPE = "postgres";

    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(table, "table");
    }

    @Override
    public String type() {
      return TYPE;
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "Postgres[jdbcUrl=" + jdbcUrl + ", user=" + user + ", table=" + table + "]";
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
