package io.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.model.schema.RecordSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.LocalTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FileDirectorySourceTest {
  private static final RecordSchema SCHEMA =
      RecordSchema.parse(
              List.of(
                  "s: string",
                  "l: long",
                  "d: double",
                  "m: decimal",
                  "b: boolean",
                  "day: date",
                  "ts: timestamp"))
          .schema();

  private static FileDirectorySourceSettings settings() {
    return new FileDirectorySourceSettings(
        Path.of("/data/in"),
        "**/*.csv",
        true,
        Duration.ofSeconds(2),
        FileFormat.CSV,
        new CsvOptions(false, ';', '\'', '\\', "NULL", StandardCharsets.ISO_8859_1),
        SCHEMA,
        false);
  }

  @Test
  void mapsEveryFieldTypeToItsJavaClassUnderItsName() {
    RowTypeInfo type = FileDirectorySource.rowType(SCHEMA);

    assertThat(type.getFieldNames()).containsExactly("s", "l", "d", "m", "b", "day", "ts");
    assertThat(type.getFieldTypes())
        .containsExactly(
            BasicTypeInfo.STRING_TYPE_INFO,
            BasicTypeInfo.LONG_TYPE_INFO,
            BasicTypeInfo.DOUBLE_TYPE_INFO,
            BasicTypeInfo.BIG_DEC_TYPE_INFO,
            BasicTypeInfo.BOOLEAN_TYPE_INFO,
            LocalTimeTypeInfo.LOCAL_DATE,
            LocalTimeTypeInfo.LOCAL_DATE_TIME);
  }

  @Test
  void badRecordsAreSerializedAsPojosNotWithKryo() {
    assertThat(TypeInformation.of(BadRecord.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void theSourceSurvivesJavaSerializationAsFlinkShipsIt() throws Exception {
    FileDirectorySource source = new FileDirectorySource(settings());

    FileDirectorySource copy =
        InstantiationUtil.clone(source, FileDirectorySourceTest.class.getClassLoader());

    assertThat(copy.settings()).isEqualTo(settings());
  }

  @Test
  void settingsRejectWhatCannotWork() {
    assertThatThrownBy(() -> new CsvOptions(true, ',', '"', null, "", StandardCharsets.UTF_16))
        .hasMessageContaining("not ASCII-compatible");
    assertThatThrownBy(() -> new CsvOptions(true, ',', ',', null, "", null))
        .hasMessageContaining("must differ");
    assertThatThrownBy(
            () ->
                new FileDirectorySourceSettings(
                    Path.of("/in"),
                    "[",
                    false,
                    Duration.ofSeconds(1),
                    FileFormat.CSV,
                    null,
                    SCHEMA,
                    true))
        .hasMessageContaining("Glob '['");
    assertThatThrownBy(
            () ->
                new FileDirectorySourceSettings(
                    Path.of("/in"), "*", false, Duration.ZERO, FileFormat.CSV, null, SCHEMA, true))
        .hasMessageContaining("discovery interval");
  }
}
