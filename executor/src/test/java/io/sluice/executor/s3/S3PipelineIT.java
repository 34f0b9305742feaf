package io.sluice.executor.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.s3.S3Connection;
import io.sluice.connectors.testing.S3Server;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@code s3} node, a filter and an {@code s3-sink} node compiled from a pipeline document and
 * run on a MiniCluster against s3proxy: the sink's objects hold exactly the records that pass, a
 * bad line is in the dead-letter with its {@code s3://} source.
 */
class S3PipelineIT {
  @TempDir static Path tmp;
  private static S3Server s3;
  private static MiniCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Server.start(tmp);
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .withRandomPorts()
                .build());
    cluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void csvObjectsPassTheFilterIntoJsonObjectsExactlyOnceAndABadLineToTheDeadLetter()
      throws Exception {
    S3Connection in = s3.connection("landing");
    S3Connection out = s3.connection("curated");
    for (int file = 0; file < 4; file++) {
      StringBuilder csv = new StringBuilder("id,amount\n");
      for (int i = 1; i <= 100; i++) {
        int id = file * 100 + i;
        csv.append(id).append(',').append(id % 10).append('\n');
      }
      if (file == 2) {
        csv.append("x,1\n");
      }
      put(in, "orders/2026-12-0" + (file + 1) + ".csv", csv.toString());
    }
    Path deadLetter = tmp.resolve("dead-letter");
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "in", "type": "s3",
            "config": {"endpoint": "%1$s", "bucket": "landing", "accessKey": "%2$s",
                       "secretKey": "%3$s", "pathStyle": true, "prefix": "orders/",
                       "pattern": "*.csv", "fields": ["id: long", "amount: long"],
                       "discoveryInterval": "200ms"}},
           {"id": "keep", "type": "filter", "config": {"condition": "amount >= 5"}},
           {"id": "out", "type": "s3-sink",
            "config": {"endpoint": "%1$s", "bucket": "curated", "accessKey": "%2$s",
                       "secretKey": "%3$s", "pathStyle": true, "prefix": "orders",
                       "format": "json-lines"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "keep"}},
                   {"from": {"node": "keep"}, "to": {"node": "out"}}],
         "settings": {"checkpointInterval": "300ms", "parallelism": 2,
                      "restartPolicy": {"type": "none"},
                      "deadLetter": {"type": "directory", "path": "%4$s"}}}
        """
            .formatted(s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY, deadLetter);
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
    assertThat(plan.describe().toString()).doesNotContain(S3Server.SECRET_KEY);

    Configuration config = new Configuration();
    config.set(PipelineOptions.NAME, "p-s3");
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    new JobCompiler().forRun(plan, "p-s3", null).build(env);
    JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    try {
      List<String> expected =
          IntStream.rangeClosed(1, 400)
              .filter(id -> id % 10 >= 5)
              .mapToObj(id -> "{\"id\":" + id + ",\"amount\":" + id % 10 + "}")
              .toList();
      await("the filtered records in the sink's objects")
          .atMost(Duration.ofMinutes(1))
          .until(() -> lines(out, "orders/").size() >= expected.size());
      assertThat(lines(out, "orders/")).containsExactlyInAnyOrderElementsOf(expected);

      await("one dead letter")
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () ->
                  assertThat(committedLines(deadLetter))
                      .singleElement()
                      .asString()
                      .contains("\"source\":\"s3://landing/orders/2026-12-03.csv:102\"")
                      .contains("Field 'id': 'x' is not a valid long"));
    } finally {
      cluster.cancelJob(job).get();
    }
  }

  private static void put(S3Connection c, String key, String text) {
    try (S3Client client = c.client()) {
      client.putObject(
          PutObjectRequest.builder().bucket(c.bucket()).key(key).build(),
          RequestBody.fromString(text, StandardCharsets.UTF_8));
    }
  }

  private static List<String> lines(S3Connection c, String prefix) {
    List<String> lines = new ArrayList<>();
    try (S3Client client = c.client()) {
      for (S3Object object :
          client
              .listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(c.bucket()).prefix(prefix).build())
              .contents()) {
        client
            .getObjectAsBytes(
                GetObjectRequest.builder().bucket(c.bucket()).key(object.key()).build())
            .asString(StandardCharsets.UTF_8)
            .lines()
            .forEach(lines::add);
      }
    }
    return lines;
  }

  private static List<String> committedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
