package io.sluice.connectors.postgres.source;

import io.sluice.model.schema.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Converts PostgreSQL's text output of a value to the Java value of a field type. Both sources read
 * values as text (JDBC {@code getString} with binary transfer off, and pgoutput's text tuples), so
 * a snapshot row and a streamed change of the same row convert alike.
 *
 * <p>Booleans are {@code t}/{@code f}; timestamps {@code 2026-11-24 05:00:00.123456}, and a
 * timestamp with time zone ({@code …+01}) becomes the same instant in UTC.
 */
public final class PgText {

  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);

  private static final DateTimeFormatter ZONED =
      new DateTimeFormatterBuilder()
          .append(LOCAL)
          .optionalStart()
          .appendOffset("+HH:mm", "+00")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private PgText() {}

  /**
   * The value of {@code text} as {@code type}, or null for null.
   *
   * @throws IllegalArgumentException when the text is no value of the type
   */
  public static Object toValue(String text, FieldType type) {
    if (text == null) {
      return null;
    }
    try {
      return switch (type) {
        case STRING -> text;
        case LONG -> Long.parseLong(text.strip());
        case DOUBLE -> Double.parseDouble(text.strip());
        case DECIMAL -> new BigDecimal(text.strip());
        case BOOLEAN -> bool(text.strip());
        case DATE -> LocalDate.parse(text.strip());
        case TIMESTAMP -> timestamp(text.strip());
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a " + type.wireName(), e);
    }
  }

  /** The field type a PostgreSQL column type maps to ({@code int8} → long, …; else string). */
  public static FieldType fieldTypeOf(String postgresType) {
    return switch (postgresType.toLowerCase(Locale.ROOT)) {
      case "int2", "int4", "int8", "oid", "smallint", "integer", "bigint", "serial", "bigserial" ->
          FieldType.LONG;
      case "float4", "float8", "real", "double precision" -> FieldType.DOUBLE;
      case "numeric", "decimal", "money" -> FieldType.DECIMAL;
      case "bool", "boolean" -> FieldType.BOOLEAN;
      case "date" -> FieldType.DATE;
      case "timestamp", "timestamptz" -> FieldType.TIMESTAMP;
      default -> FieldType.STRING;
    };
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "t", "true" -> Boolean.TRUE;
      case "f", "false" -> Boolean.FALSE;
      default -> throw new NumberFormatException(text);
    };
  }

  private static LocalDateTime timestamp(String text) {
    String iso = text.length() > 10 && text.charAt(10) == 'T' ? text.replace('T', ' ') : text;
    var parsed = ZONED.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime zoned) {
      return zoned.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return (LocalDateTime) parsed;
  }
}
