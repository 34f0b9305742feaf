package io.sluice.connectors.file.format;

import io.sluice.model.schema.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * Converts text to the Java value of a field type: STRING as is, LONG, DOUBLE, DECIMAL (at most 28
 * integer digits and 10 decimal places, the range of {@code DECIMAL(38, 10)}), BOOLEAN ({@code
 * true}/{@code false}, any case), DATE ({@code 2026-11-24}) and TIMESTAMP ({@code
 * 2026-11-24T05:00:00}, a space instead of {@code T} accepted). Surrounding spaces are ignored for
 * every type but STRING.
 */
public final class FieldConverter {
  static final int DECIMAL_SCALE = 10;
  static final int DECIMAL_INTEGER_DIGITS = 28;

  private FieldConverter() {}

  public static Object fromText(String text, FieldType type) throws ValueException {
    if (type == FieldType.STRING) {
      return text;
    }
    String value = text.strip();
    try {
      return switch (type) {
        case STRING -> text;
        case LONG -> Long.parseLong(value);
        case DOUBLE -> Double.parseDouble(value);
        case DECIMAL -> checkDecimal(new BigDecimal(value), value);
        case BOOLEAN -> parseBoolean(value);
        case DATE -> LocalDate.parse(value);
        case TIMESTAMP -> LocalDateTime.parse(isoTimestamp(value));
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ValueException("'" + abbreviate(text) + "' is not a valid " + type.wireName());
    }
  }

  static BigDecimal checkDecimal(BigDecimal decimal, String text) throws ValueException {
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() > DECIMAL_SCALE) {
      throw new ValueException(
          "'"
              + abbreviate(text)
              + "' has more than "
              + DECIMAL_SCALE
              + " decimal places, the most a decimal holds");
    }
    if (stripped.precision() - stripped.scale() > DECIMAL_INTEGER_DIGITS) {
      throw new ValueException(
          "'"
              + abbreviate(text)
              + "' has more than "
              + DECIMAL_INTEGER_DIGITS
              + " integer digits, the most a decimal holds");
    }
    return decimal;
  }

  private static Boolean parseBoolean(String value) {
    if (value.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (value.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new NumberFormatException(value);
  }

  private static String isoTimestamp(String value) {
    return value.length() > 10 && value.charAt(10) == ' '
        ? value.substring(0, 10) + 'T' + value.substring(11)
        : value;
  }

  static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
