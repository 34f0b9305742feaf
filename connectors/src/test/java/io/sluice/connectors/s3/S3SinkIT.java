package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.generator.GeneratedRecords;
import io.sluice.connectors.generator.GeneratorSource;
import io.sluice.connectors.s3.sink.S3Sink;
import io.sluice.connectors.s3.sink.S3SinkSettings;
import io.sluice.connectors.testing.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 sink in a real MiniCluster against s3proxy. */
@Timeout(120)
class S3SinkIT {
  @TempDir static Path tmp;
  private static S3Server s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Server.start(tmp);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static StreamExecutionEnvironment env() {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
        java.time.Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.enableCheckpointing(200);
    return env;
  }

  private static S3SinkSettings settings(S3Connection c, String prefix, FileFormat format) {
    return new S3SinkSettings(
        c,
        prefix,
        "part",
        format,
        ',',
        GeneratedRecords.FIELD_NAMES,
        S3SinkSettings.MIN_PART_SIZE,
        S3SinkSettings.DEFAULT_MAX_FILE_SIZE);
  }

  private static List<String> lines(S3Connection c, String prefix) {
    List<String> lines = new ArrayList<>();
    try (S3Client client = c.client()) {
      for (S3Object object :
          client
              .listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(c.bucket()).prefix(prefix).build())
              .contents()) {
        String text =
            client
                .getObjectAsBytes(
                    GetObjectRequest.builder().bucket(c.bucket()).key(object.key()).build())
                .asString(StandardCharsets.UTF_8);
        text.lines().forEach(lines::add);
      }
    }
    return lines;
  }

  private static int openUploads(S3Connection c) {
    try (S3Client client = c.client()) {
      return client
          .listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(c.bucket()).build())
          .uploads()
          .size();
    }
  }

  /** Fails the job once, when the record with this id passes, after some checkpoints. */
  static final class FailOnce implements MapFunction<Row, Row> {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long id;

    FailOnce(long id) {
      this.id = id;
    }

    @Override
    public Row map(Row row) {
      if ((Long) row.getField(0) == id && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once on purpose at id " + id);
      }
      return row;
    }
  }

  @Test
  void writesEveryRecordExactlyOnceAcrossAFailureAndLeavesNoUploadOpen() throws Exception {
    S3Connection c = s3.connection("sink-exactly-once");
    StreamExecutionEnvironment env = env();
    env.fromSource(
            GeneratorSource.builder().seed(7).recordsPerSecond(4000).count(4000).build(),
            WatermarkStrategy.noWatermarks(),
            "generator")
        .map(new FailOnce(2500))
        .returns(GeneratedRecords.rowType())
        .sinkTo(new S3Sink(settings(c, "out/", FileFormat.CSV)))
        .uid("sink");
    env.execute("s3 sink");

    assertThat(FailOnce.FAILED).isTrue();
    List<Long> ids = lines(c, "out/").stream().map(l -> Long.parseLong(l.split(",")[0])).toList();
    assertThat(ids).hasSize(4000).doesNotHaveDuplicates();
    assertThat(ids).allMatch(id -> id >= 0 && id < 4000);
    assertThat(lines(c, "out/").get(0)).matches("\\d+,[^,]+,[-0-9.E]+,\\d{4}-.*");
    assertThat(openUploads(c)).isZero();
  }

  @Test
  void anObjectLargerThanAPartIsUploadedInPartsAndReadsBackWhole() throws Exception {
    S3Connection c = s3.connection("sink-parts");
    String filler = "x".repeat(1000);
    StreamExecutionEnvironment env = env();
    env.setParallelism(1);
    env.fromSequence(0, 11_999)
        .map(i -> Row.of(i, filler, 1.5, null))
        .returns(
            new RowTypeInfo(
                ((RowTypeInfo) GeneratedRecords.rowType()).getFieldTypes(),
                GeneratedRecords.FIELD_NAMES.toArray(String[]::new)))
        .sinkTo(new S3Sink(settings(c, "big", FileFormat.JSON_LINES)))
        .uid("sink");
    env.execute("s3 sink parts");

    List<String> lines = lines(c, "big/");
    assertThat(lines).hasSize(12_000);
    assertThat(lines.get(0)).startsWith("{\"id\":").contains(filler);
    assertThat(lines.stream().map(l -> l.substring(6, l.indexOf(','))).distinct()).hasSize(12_000);
  }
}
