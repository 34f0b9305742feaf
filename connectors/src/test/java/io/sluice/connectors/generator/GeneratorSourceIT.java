package io.sluice.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorSourceIT {

  @TempDir Path tmp;

  @Test
  void aBoundedGeneratorEmitsEveryIdOnceWithItsComputedValues() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    GeneratorSource source = GeneratorSource.builder().seed(7).count(1_000).build();

    // More than the source holds: a duplicate would show as an extra row.
    List<Row> rows =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
            .executeAndCollect(2_000);

    List<Row> expected =
        LongStream.range(0, 1_000)
            .mapToObj(id -> GeneratedRecords.record(7, id))
            .collect(Collectors.toList());
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }
}
