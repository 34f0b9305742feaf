package io.sluice.connectors.postgres.source;

import io.sluice.connectors.file.BadRecord;
import io.sluice.model.schema.Field;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Turns a database row read as text into a record, or into a {@link BadRecord} naming the column
 * whose value does not fit its field ({@code NaN} into a decimal, {@code infinity} into a
 * timestamp), with the row's values as {@code raw}.
 */
public final class RowTexts {
  private RowTexts() {}

  /** The row of {@code texts}, one per field. */
  public static Either<Row, BadRecord> convert(String[] texts, List<Field> fields, String source) {
    return convert(texts, fields, null, source);
  }

  /** The row of {@code texts}, then {@code extra} (the operation) when not null. */
  public static Either<Row, BadRecord> convert(
      String[] texts, List<Field> fields, String extra, String source) {
    Row row = Row.withPositions(fields.size() + (extra == null ? 0 : 1));
    for (int i = 0; i < fields.size(); i++) {
      try {
        row.setField(i, PgText.toValue(texts[i], fields.get(i).type()));
      } catch (IllegalArgumentException e) {
        return Either.Right(
            new BadRecord(
                null,
                source,
                raw(texts, fields),
                "Column " + fields.get(i).name() + ": " + e.getMessage()));
      }
    }
    if (extra != null) {
      row.setField(fields.size(), extra);
    }
    return Either.Left(row);
  }

  private static String raw(String[] texts, List<Field> fields) {
    return IntStream.range(0, fields.size())
        .mapToObj(i -> fields.get(i).name() + "=" + (texts[i] == null ? "NULL" : texts[i]))
        .collect(Collectors.joining(", "));
  }
}
