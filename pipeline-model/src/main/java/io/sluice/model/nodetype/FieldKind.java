package io.sluice.model.nodetype;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The kind of a config field: how its JSON value is checked and which control the designer shows.
 *
 * <ul>
 *   <li>{@link #STRING}: one line of text; {@link #TEXT}: several lines.
 *   <li>{@link #INTEGER}: a whole number; {@link #NUMBER}: any number. Both may have bounds.
 *   <li>{@link #BOOLEAN}: {@code true} or {@code false}.
 *   <li>{@link #ENUM}: one of the field's allowed values, as a string.
 *   <li>{@link #DURATION}: a string such as {@code 10s} or {@code PT10S}.
 *   <li>{@link #EXPRESSION}: a SQL expression over the fields of the input records.
 *   <li>{@link #STRING_LIST}: an array of non-blank strings.
 * </ul>
 */
public enum FieldKind {
  STRING,
  TEXT,
  INTEGER,
  NUMBER,
  BOOLEAN,
  ENUM,
  DURATION,
  EXPRESSION,
  STRING_LIST;

  /** Lower case with dashes: {@code string}, {@code string-list}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
