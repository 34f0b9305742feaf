package io.sluice.connectors.file.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.connectors.file.CsvOptions;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.types.Row;

/**
 * Reads CSV records. Fields are matched to columns by position, or by header name
 * (case-insensitive) with {@link #withHeader}. A value equal to the null string becomes {@code
 * null}. A record with another number of columns than expected is bad, so that a wrong delimiter
 * shows up at once rather than as shifted values.
 *
 * <p>Jackson's CSV module defines what a record means. Most records are plain: unquoted values
 * without quotes, and quoted values (with doubled quotes inside) that are followed by a delimiter
 * or the end. Those are split here directly, which gives the same values as Jackson at a fraction
 * of the cost of a Jackson parser per record (the reader hands over one record at a time, since it
 * needs each record's byte offset). Anything else (an escape character, a line break, a quote
 * inside an unquoted value, text after a closing quote, an unclosed quote) goes to Jackson, with
 * its rules and its error messages.
 *
 * <pre>{@code
 * RowParser parser = new CsvRowParser(CsvOptions.defaults(), schema).withHeader("id,amount");
 * ParseResult result = parser.parse("7,\"1,5\"");
 * }</pre>
 */
public final class CsvRowParser {
  private final CsvOptions options;
  private final RecordSchema schema;
  private final ObjectReader reader;
  private final char delimiter;
  private final char quote;
  private final int escape;
  private String[] scratch = new String[16];

  public CsvRowParser(CsvOptions options, RecordSchema schema) {
    this.options = options;
    this.schema = schema;
    this.delimiter = options.delimiter();
    this.quote = options.quote();
    this.escape = options.escape() == null ? -1 : options.escape();
    CsvSchema csvSchema =
        CsvSchema.emptySchema()
            .withColumnSeparator(options.delimiter())
            .withQuoteChar(options.quote());
    csvSchema =
        options.escape() == null
            ? csvSchema.withoutEscapeChar()
            : csvSchema.withEscapeChar(options.escape());
    this.reader =
        new CsvMapper()
            .readerFor(String[].class)
            .with(csvSchema)
            .with(CsvParser.Feature.WRAP_AS_ARRAY);
  }

  /** Fields by position: the first column is the first field. */
  public RowParser positional() {
    int[] columns = new int[schema.fields().size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    return new Columns(columns, columns.length);
  }

  /** Fields by the names in a header record; every record is bad if the header lacks a field. */
  public RowParser withHeader(String headerRecord) {
    String[] header;
    try {
      header = columns(headerRecord);
    } catch (IOException e) {
      String reason = "The header line is not valid CSV: " + message(e);
      return record -> new ParseResult.Bad(reason);
    }
    List<String> names = new ArrayList<>();
    for (String name : header) {
      names.add(name == null ? "" : name.strip().toLowerCase(Locale.ROOT));
    }
    List<Field> fields = schema.fields();
    int[] columns = new int[fields.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      columns[i] = names.indexOf(fields.get(i).name().toLowerCase(Locale.ROOT));
      if (columns[i] < 0) {
        missing.add(fields.get(i).name());
      }
    }
    if (!missing.isEmpty()) {
      String reason = "The header has no column " + String.join(", ", missing);
      return record -> new ParseResult.Bad(reason);
    }
    return new Columns(columns, header.length);
  }

  /** Fields from columns: {@code columnOfField[i]} is the column of the schema's field i. */
  private final class Columns implements RowParser {
    private final int[] columnOfField;
    private final int expectedColumns;

    Columns(int[] columnOfField, int expectedColumns) {
      this.columnOfField = columnOfField;
      this.expectedColumns = expectedColumns;
    }

    @Override
    public ParseResult parse(String record) {
      String[] values;
      try {
        values = columns(record);
      } catch (IOException e) {
        return new ParseResult.Bad("Not valid CSV: " + message(e));
      }
      if (values.length != expectedColumns) {
        return wrongColumnCount(values.length);
      }
      List<Field> fields = schema.fields();
      Row row = Row.withPositions(fields.size());
      for (int i = 0; i < columnOfField.length; i++) {
        String problem = set(row, i, values[columnOfField[i]], fields.get(i));
        if (problem != null) {
          return new ParseResult.Bad(problem);
        }
      }
      return new ParseResult.Good(row);
    }

    /** The same as {@link #parse(String)} of the record's text, without splitting it again. */
    @Override
    public ParseResult parse(CsvFields record) {
      if (record.count() != expectedColumns) {
        return wrongColumnCount(record.count());
      }
      List<Field> fields = schema.fields();
      Row row = Row.withPositions(fields.size());
      for (int i = 0; i < columnOfField.length; i++) {
        String problem = set(row, i, record.value(columnOfField[i]), fields.get(i));
        if (problem != null) {
          return new ParseResult.Bad(problem);
        }
      }
      return new ParseResult.Good(row);
    }

    private ParseResult wrongColumnCount(int found) {
      return new ParseResult.Bad("Expected " + expectedColumns + " columns, found " + found);
    }
  }

  /** Sets field {@code i} from its text; the reason if the text is not a value of its type. */
  private String set(Row row, int i, String value, Field field) {
    if (value == null || value.equals(options.nullString())) {
      return null;
    }
    try {
      row.setField(i, FieldConverter.fromText(value, field.type()));
      return null;
    } catch (ValueException e) {
      return "Field '" + field.name() + "': " + e.getMessage();
    }
  }

  private String[] columns(String record) throws IOException {
    String[] plain = plainColumns(record);
    return plain != null ? plain : jacksonColumns(record);
  }

  /** The values of a plain record, or {@code null} if it is not plain. */
  String[] plainColumns(String record) {
    int count = splitPlain(record);
    return count < 0 ? null : Arrays.copyOf(scratch, count);
  }

  /** The values as Jackson reads them. */
  String[] jacksonColumns(String record) throws IOException {
    try (MappingIterator<String[]> rows = reader.readValues(record)) {
      if (!rows.hasNextValue()) {
        return new String[0];
      }
      String[] values = rows.nextValue();
      if (rows.hasNextValue()) {
        throw new IOException("more than one record on the line");
      }
      return values;
    }
  }

  /**
   * Splits a plain record (see the class comment) into {@link #scratch}; the number of values, or
   * -1 if the record is not plain and must go to Jackson.
   */
  private int splitPlain(String record) {
    int n = record.length();
    int count = 0;
    int i = 0;
    while (true) {
      String value;
      if (i < n && record.charAt(i) == quote) {
        StringBuilder unquoted = null;
        int from = i + 1;
        int k = from;
        while (true) {
          if (k == n) {
            return -1; // unclosed quote
          }
          char c = record.charAt(k);
          if (c == '\n' || c == '\r' || c == escape) {
            return -1;
          }
          if (c != quote) {
            k++;
          } else if (k + 1 < n && record.charAt(k + 1) == quote) {
            if (unquoted == null) {
              unquoted = new StringBuilder(k - from + 16);
            }
            unquoted.append(record, from, k + 1);
            k += 2;
            from = k;
          } else {
            break;
          }
        }
        value =
            unquoted == null
                ? record.substring(from, k)
                : unquoted.append(record, from, k).toString();
        i = k + 1;
        if (i < n && record.charAt(i) != delimiter) {
          return -1; // text after the closing quote
        }
      } else {
        int k = i;
        while (k < n) {
          char c = record.charAt(k);
          if (c == delimiter) {
            break;
          }
          if (c == quote || c == '\n' || c == '\r' || c == escape) {
            return -1;
          }
          k++;
        }
        value = record.substring(i, k);
        i = k;
      }
      if (count == scratch.length) {
        scratch = Arrays.copyOf(scratch, count * 2);
      }
      scratch[count++] = value;
      if (i == n) {
        return count;
      }
      i++; // past the delimiter; a delimiter at the end is followed by an empty value
    }
  }

  private static String message(IOException e) {
    return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
  }
}
