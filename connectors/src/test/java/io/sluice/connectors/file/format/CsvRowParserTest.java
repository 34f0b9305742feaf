package io.sluice.connectors.file.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.file.CsvOptions;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class CsvRowParserTest {
  private static final RecordSchema SCHEMA =
      RecordSchema.parse(
              List.of(
                  "name: string",
                  "count: long",
                  "ratio: double",
                  "amount: decimal",
                  "active: boolean",
                  "day: date",
                  "at: timestamp"))
          .schema();

  private final CsvRowParser parser = new CsvRowParser(CsvOptions.defaults(), SCHEMA);

  @Test
  void readsEveryFieldTypeByHeaderNameInAnyColumnOrder() {
    RowParser rows = parser.withHeader("at,day,active,amount,ratio,count,NAME");

    ParseResult result =
        rows.parse("2026-11-24 05:00:00.123,2026-11-24,TRUE,12.50,0.25,42,\"Smith, Jane\"");

    assertThat(result)
        .isEqualTo(
            new ParseResult.Good(
                Row.of(
                    "Smith, Jane",
                    42L,
                    0.25,
                    new BigDecimal("12.50"),
                    true,
                    LocalDate.of(2026, 11, 24),
                    LocalDateTime.parse("2026-11-24T05:00:00.123"))));
  }

  @Test
  void readsQuotedDelimitersDoubledQuotesAndLineBreaksByPosition() {
    ParseResult result =
        parser.positional().parse("\"a,\"\"b\"\"\nc\",1,1.5,1,false,2026-01-01,2026-01-01T00:00");

    assertThat(((ParseResult.Good) result).row().getField(0)).isEqualTo("a,\"b\"\nc");
  }

  @Test
  void turnsTheNullStringIntoNull() {
    RowParser rows =
        new CsvRowParser(CsvOptions.defaults().withNullString("NULL"), SCHEMA).positional();

    Row row = ((ParseResult.Good) rows.parse(",NULL,NULL,NULL,NULL,NULL,NULL")).row();

    assertThat(row.getField(0)).as("empty is not the null string here").isEqualTo("");
    for (int i = 1; i < 7; i++) {
      assertThat(row.getField(i)).isNull();
    }
  }

  @Test
  void emptyValuesAreNullByDefault() {
    Row row = ((ParseResult.Good) parser.positional().parse(",,,,,,")).row();

    assertThat(row.getArity()).isEqualTo(7);
    for (int i = 0; i < 7; i++) {
      assertThat(row.getField(i)).isNull();
    }
  }

  @Test
  void aValueOfTheWrongTypeIsABadRecordNamingTheField() {
    ParseResult result = parser.positional().parse("x,forty,1,1,true,2026-01-01,2026-01-01T00:00");

    assertThat(result).isEqualTo(new ParseResult.Bad("Field 'count': 'forty' is not a valid long"));
  }

  @Test
  void aMissingColumnIsABadRecord() {
    assertThat(parser.positional().parse("x,1,1"))
        .isEqualTo(new ParseResult.Bad("Expected 7 columns, found 3"));
  }

  @Test
  void anUnclosedQuoteIsABadRecord() {
    assertThat(parser.positional().parse("\"x,1,1,1,true,2026-01-01,2026-01-01T00:00"))
        .isInstanceOf(ParseResult.Bad.class);
  }

  @Test
  void aHeaderWithoutAFieldMakesEveryRecordBad() {
    RowParser rows = parser.withHeader("name,count");

    assertThat(rows.parse("x,1"))
        .isEqualTo(new ParseResult.Bad("The header has no column ratio, amount, active, day, at"));
  }

  @Test
  void decimalsBeyondTheDeclaredScaleAreBad() {
    ParseResult result =
        parser.positional().parse("x,1,1,0.12345678901,true,2026-01-01,2026-01-01T00:00");

    assertThat(((ParseResult.Bad) result).reason()).contains("more than 10 decimal places");
  }

  @Test
  void honoursTheEscapeCharacter() {
    RecordSchema two = RecordSchema.parse(List.of("a: string", "b: string")).schema();
    RowParser rows =
        new CsvRowParser(CsvOptions.defaults().withEscape('\\').withDelimiter(';'), two)
            .positional();

    assertThat(rows.parse("x\\;y;z")).isEqualTo(new ParseResult.Good(Row.of("x;y", "z")));
  }

  @Test
  void plainRecordsSplitLikeJacksonDoesWithAndWithoutAnEscapeCharacter() throws Exception {
    RecordSchema two = RecordSchema.parse(List.of("a: string", "b: string")).schema();
    String[] alphabet = {"a", "b", " ", ",", ";", "\"", "\\", "\n", "\r", "é", "😀"};
    Random random = new Random(42);
    for (CsvOptions options :
        List.of(
            CsvOptions.defaults(),
            CsvOptions.defaults().withEscape('\\'),
            CsvOptions.defaults().withDelimiter(';'))) {
      CsvRowParser csv = new CsvRowParser(options, two);
      int plain = 0;
      for (int n = 0; n < 20_000; n++) {
        StringBuilder record = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int k = 0; k < length; k++) {
          record.append(alphabet[random.nextInt(alphabet.length)]);
        }
        String text = record.toString();
        String[] values = csv.plainColumns(text);
        if (values != null) {
          plain++;
          assertThat(values).as("%s with %s", text, options).isEqualTo(csv.jacksonColumns(text));
        }
      }
      assertThat(plain).as("plain records with %s", options).isGreaterThan(2_000);
    }
  }
}
