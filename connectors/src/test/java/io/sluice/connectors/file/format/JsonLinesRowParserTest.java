package io.sluice.connectors.file.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class JsonLinesRowParserTest {
  private final JsonLinesRowParser parser =
      new JsonLinesRowParser(
          RecordSchema.parse(
                  List.of(
                      "name: string",
                      "count: long",
                      "ratio: double",
                      "amount: decimal",
                      "active: boolean",
                      "day: date",
                      "at: timestamp"))
              .schema());

  @Test
  void readsEveryFieldType() {
    ParseResult result =
        parser.parse(
            "{\"name\":\"x\",\"count\":42,\"ratio\":0.5,\"amount\":0.1,\"active\":true,"
                + "\"day\":\"2026-11-24\",\"at\":\"2026-11-24T05:00:00\",\"other\":[1]}");

    assertThat(result)
        .isEqualTo(
            new ParseResult.Good(
                Row.of(
                    "x",
                    42L,
                    0.5,
                    new BigDecimal("0.1"),
                    true,
                    LocalDate.of(2026, 11, 24),
                    LocalDateTime.of(2026, 11, 24, 5, 0))));
  }

  @Test
  void missingKeysAndNullsAreNullFields() {
    Row row = ((ParseResult.Good) parser.parse("{\"COUNT\": \"7\", \"ratio\": null}")).row();

    assertThat(row).isEqualTo(Row.of(null, 7L, null, null, null, null, null));
  }

  @Test
  void badJsonAndWrongTypesAreBadRecords() {
    assertThat(parser.parse("{\"name\": ")).isInstanceOf(ParseResult.Bad.class);
    assertThat(parser.parse("[1, 2]")).isEqualTo(new ParseResult.Bad("Not a JSON object"));
    assertThat(parser.parse("{\"count\": 1.5}"))
        .isEqualTo(new ParseResult.Bad("Field 'count': 1.5 is not a valid long"));
    assertThat(parser.parse("{} {}")).isInstanceOf(ParseResult.Bad.class);
  }
}
