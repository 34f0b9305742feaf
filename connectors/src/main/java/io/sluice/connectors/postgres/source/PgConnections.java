package io.sluice.connectors.postgres.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the sources' connections: values come back as PostgreSQL's text ({@code binaryTransfer}
 * off) and string parameters are sent untyped ({@code stringtype=unspecified}), so an offset read
 * as text is compared with its column in the column's own type, at full precision.
 */
public final class PgConnections {
  private PgConnections() {}

  public static Connection open(String jdbcUrl, String user, String password) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, properties(user, password));
  }

  public static Properties properties(String user, String password) {
    Properties props = new Properties();
    if (user != null && !user.isBlank()) {
      props.setProperty("user", user);
    }
    if (password != null && !password.isBlank()) {
      props.setProperty("password", password);
    }
    props.setProperty("binaryTransfer", "false");
    props.setProperty("stringtype", "unspecified");
    props.setProperty("ApplicationName", "sluice");
    return props;
  }
}
