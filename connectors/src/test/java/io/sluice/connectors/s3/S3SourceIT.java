package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.check.ConnectionCheckResult;
import io.sluice.connectors.check.S3ConnectionCheck;
import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.s3.source.S3Source;
import io.sluice.connectors.s3.source.S3SourceSettings;
import io.sluice.connectors.testing.S3Server;
import io.sluice.model.schema.RecordSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The S3 source in a real MiniCluster against s3proxy. */
@Timeout(120)
class S3SourceIT {
  private static final RecordSchema SCHEMA =
      RecordSchema.parse(List.of("id: long", "name: string")).schema();

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

  static final class ToText implements MapFunction<Either<Row, BadRecord>, String> {
    @Override
    public String map(Either<Row, BadRecord> value) {
      if (value.isRight()) {
        return "BAD " + value.right().source() + " " + value.right().reason();
      }
      return value.left().getField(0) + "|" + value.left().getField(1);
    }
  }

  private static void put(S3Connection c, String key, String text) {
    try (S3Client client = c.client()) {
      client.putObject(
          PutObjectRequest.builder().bucket(c.bucket()).key(key).build(),
          RequestBody.fromString(text, StandardCharsets.UTF_8));
    }
  }

  private static StreamExecutionEnvironment env() {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
  }

  @Test
  void readsObjectsUnderThePrefixThatMatchTheGlobAndSendsBadLinesToTheDeadLetter()
      throws Exception {
    S3Connection c = s3.connection("bounded");
    put(c, "in/a.csv", "id,name\n1,one\n2,two\n");
    put(c, "in/2026/b.csv", "name,id\nthree,3\nfour,x\n");
    put(c, "in/skip.json", "{}\n");
    put(c, "in/_tmp/c.csv", "id,name\n99,hidden\n");
    put(c, "other/d.csv", "id,name\n98,elsewhere\n");

    List<String> out =
        env()
            .fromSource(
                new S3Source(
                    new S3SourceSettings(
                        c,
                        "in/",
                        "*.csv",
                        Duration.ofMillis(200),
                        FileFormat.CSV,
                        CsvOptions.defaults(),
                        SCHEMA,
                        true,
                        null)),
                WatermarkStrategy.noWatermarks(),
                "s3")
            .map(new ToText())
            .returns(Types.STRING)
            .executeAndCollect(100);

    assertThat(out)
        .containsExactlyInAnyOrder(
            "1|one",
            "2|two",
            "3|three",
            "BAD s3://bounded/in/2026/b.csv:3 Field 'id': 'x' is not a valid long");
  }

  @Test
  void picksUpObjectsThatArriveWhileItRunsEachOnce() throws Exception {
    S3Connection c = s3.connection("arriving");
    put(c, "feed/0001.jsonl", "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n");
    StreamExecutionEnvironment env = env();
    env.enableCheckpointing(200);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (CloseableIterator<String> rows =
        env.fromSource(
                new S3Source(
                    new S3SourceSettings(
                        c,
                        "feed",
                        // s3proxy's filesystem backend lists an upload in progress as
                        // "<key>-<uuid>" until it renames it; real S3 never shows partial objects.
                        "*.jsonl",
                        Duration.ofMillis(200),
                        FileFormat.JSON_LINES,
                        null,
                        SCHEMA,
                        false,
                        null)),
                WatermarkStrategy.noWatermarks(),
                "s3")
            .map(new ToText())
            .returns(Types.STRING)
            .executeAndCollect()) {
      Thread reader =
          new Thread(
              () -> {
                while (rows.hasNext()) {
                  seen.add(rows.next());
                }
              });
      reader.setDaemon(true);
      reader.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
      List<String> expected = new ArrayList<>(List.of("1|a", "2|b"));
      for (int i = 3; i <= 6; i++) {
        put(c, "feed/000" + i + ".jsonl", "{\"id\":" + i + ",\"name\":\"n" + i + "\"}\n");
        expected.add(i + "|n" + i);
        int count = expected.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= count);
      }
      put(c, "feed/0007.jsonl", "not json\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 7);
      assertThat(seen.subList(0, 6)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(seen.get(6)).startsWith("BAD s3://arriving/feed/0007.jsonl:1 ");
    }
  }

  @Test
  void theCheckSaysWhetherTheBucketCanBeListed() {
    S3Connection c = s3.connection("checked");
    ConnectionCheckResult ok = S3ConnectionCheck.source(c, "in/", Duration.ofSeconds(5));
    assertThat(ok.ok()).as(ok.message()).isTrue();

    S3Connection missing =
        new S3Connection(
            s3.endpoint(),
            "us-east-1",
            "no-such-bucket",
            S3Server.ACCESS_KEY,
            S3Server.SECRET_KEY,
            true);
    ConnectionCheckResult gone = S3ConnectionCheck.sink(missing, "", Duration.ofSeconds(5));
    assertThat(gone.ok()).isFalse();
    assertThat(gone.message()).contains("no-such-bucket").contains("does not exist");

    S3Connection wrongKey =
        new S3Connection(s3.endpoint(), "us-east-1", "checked", "nobody", "wrong", true);
    ConnectionCheckResult denied = S3ConnectionCheck.source(wrongKey, "", Duration.ofSeconds(5));
    assertThat(denied.ok()).isFalse();
    assertThat(denied.message()).contains("denied");
  }
}
