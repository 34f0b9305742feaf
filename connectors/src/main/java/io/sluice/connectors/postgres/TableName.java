package io.sluice.connectors.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table name as PostgreSQL reads it: {@code orders}, {@code sales.orders}, {@code "Sales"."Order
 * Lines"}. Unquoted parts fold to lower case; {@code schema} is null when the name is not qualified
 * (the connection's {@code current_schema()} applies).
 */
public record TableName(String schema, String name) {

  public static TableName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("The table name is empty");
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    int i = 0;
    String s = text.strip();
    while (i <= s.length()) {
      if (i < s.length() && s.charAt(i) == '"') {
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw new IllegalArgumentException("Unclosed quote in table name " + text);
          }
          if (s.charAt(j) == '"') {
            if (j + 1 < s.length() && s.charAt(j + 1) == '"') {
              part.append('"');
              j += 2;
              continue;
            }
            break;
          }
          part.append(s.charAt(j++));
        }
        i = j + 1;
        if (i < s.length() && s.charAt(i) != '.') {
          throw new IllegalArgumentException("Unexpected text after a quote in " + text);
        }
      } else {
        int j = i;
        while (j < s.length() && s.charAt(j) != '.') {
          j++;
        }
        String raw = s.substring(i, j).strip();
        if (!raw.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
          throw new IllegalArgumentException(
              "'" + raw + "' in table name " + text + " needs double quotes");
        }
        part.append(raw.toLowerCase(Locale.ROOT));
        i = j;
      }
      if (part.isEmpty()) {
        throw new IllegalArgumentException("Empty part in table name " + text);
      }
      parts.add(part.toString());
      part.setLength(0);
      if (i >= s.length()) {
        break;
      }
      i++; // the dot
    }
    return switch (parts.size()) {
      case 1 -> new TableName(null, parts.get(0));
      case 2 -> new TableName(parts.get(0), parts.get(1));
      default ->
          throw new IllegalArgumentException("A table name is 'table' or 'schema.table': " + text);
    };
  }

  /** The name as SQL text, every part quoted. */
  public String sql() {
    return (schema == null ? "" : quote(schema) + ".") + quote(name);
  }

  /** A sibling table in the same schema, for staging; kept within PostgreSQL's 63 bytes. */
  TableName sibling(String suffix) {
    String base = name;
    int room = 63 - suffix.length() - 9;
    if (base.length() > room) {
      base = base.substring(0, room) + "_" + Integer.toHexString(name.hashCode());
    }
    return new TableName(schema, base + suffix);
  }

  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return sql();
  }
}
