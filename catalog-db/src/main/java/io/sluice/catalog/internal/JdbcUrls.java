package io.sluice.catalog.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, pure helpers for PostgreSQL JDBC URLs. */
public final class JdbcUrls {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?]+):[^/@?]*@");
  private static final Pattern DATABASE =
      Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");

  private JdbcUrls() {}

  /** The URL with any password replaced by {@code ****}, safe for logs and messages. */
  public static String redact(String url) {
    String withoutParam = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
    return USER_INFO_PASSWORD.matcher(withoutParam).replaceAll("$1:****@");
  }

  /**
   * The same server URL pointing at another database, keeping host, port and parameters.
   *
   * <pre>{@code
   * withDatabase("jdbc:postgresql://db:5432/postgres?ssl=true", "sluice")
   *   // -> "jdbc:postgresql://db:5432/sluice?ssl=true"
   * }</pre>
   */
  public static String withDatabase(String url, String database) {
    Matcher m = DATABASE.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Not a jdbc:postgresql://host[:port]/database URL: " + redact(url));
    }
    String query = m.group(3) == null ? "" : m.group(3);
    return m.group(1) + "/" + database + query;
  }
}
