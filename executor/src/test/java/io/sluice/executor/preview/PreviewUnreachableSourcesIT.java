package io.sluice.executor.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preview of a pipeline whose source cannot be reached fails with a problem on the source node
 * that says what did not answer, rather than running until its timeout: each test's preview is
 * given 90 seconds, so a preview that waited for its timeout would end with a result instead of the
 * problem. The address nobody answers is a loopback port that was just closed.
 */
class PreviewUnreachableSourcesIT {
  @TempDir Path tmp;
  private int closedPort;

  @BeforeEach
  void closePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
  }

  private ExecutionPlan plan(String source) {
    var read =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [%s,
               {"id": "keep", "type": "filter", "config": {"condition": "true"}},
               {"id": "out", "type": "file-directory-sink", "config": {"path": "%s"}}],
             "edges": [{"from": {"node": "in"}, "to": {"node": "keep"}},
                       {"from": {"node": "keep"}, "to": {"node": "out"}}]}
            """
                .formatted(source, tmp.resolve("out")));
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private PreviewResult preview(ExecutionPlan plan) {
    return new Previewer(tmp.resolve("flink"), 1)
        .run(plan, new Previewer.Options(10, Duration.ofSeconds(90), Map.of()));
  }

  @Test
  void aKafkaBrokerNobodyAnswersIsAProblemOnTheNode() {
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "kafka",
             "config": {"bootstrapServers": "127.0.0.1:%d", "topics": ["orders"],
                        "fields": ["id: long"]}}"""
                .formatted(closedPort));

    assertThatThrownBy(() -> preview(plan))
        .isInstanceOfSatisfying(
            PreviewException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("in");
              assertThat(e.field()).isEqualTo("config.bootstrapServers");
              assertThat(e.getMessage())
                  .startsWith(
                      "Node 'in': no Kafka broker can be reached at 127.0.0.1:" + closedPort)
                  .containsIgnoringCase("refused");
            });
  }

  @Test
  void anS3EndpointThatRefusesIsAProblemOnTheNode() {
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "s3",
             "config": {"endpoint": "http://127.0.0.1:%d", "bucket": "orders", "accessKey": "a",
                        "secretKey": "b", "pathStyle": true, "prefix": "in/",
                        "pattern": "*.csv", "fields": ["id: long"]}}"""
                .formatted(closedPort));

    assertThatThrownBy(() -> preview(plan))
        .isInstanceOfSatisfying(
            PreviewException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("in");
              assertThat(e.field()).isEqualTo("config.endpoint");
              assertThat(e.getMessage())
                  .startsWith("Node 'in': Cannot reach S3 at http://127.0.0.1:" + closedPort)
                  .containsIgnoringCase("refused");
            });
  }

  @Test
  void aPostgresHostThatRefusesIsAProblemOnTheNode() {
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "postgres-incremental",
             "config": {"jdbcUrl": "jdbc:postgresql://127.0.0.1:%d/shop", "user": "u",
                        "password": "p", "table": "events", "fields": ["id: long"],
                        "offsetColumns": ["id"]}}"""
                .formatted(closedPort));

    assertThatThrownBy(() -> preview(plan))
        .isInstanceOfSatisfying(
            PreviewException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("in");
              assertThat(e.field()).isEqualTo("config.jdbcUrl");
              assertThat(e.getMessage())
                  .startsWith("Node 'in': the preview could not read the table")
                  .contains("127.0.0.1:" + closedPort)
                  .containsIgnoringCase("refused");
            });
  }

  @Test
  void aMissingFileDirectoryIsAProblemOnTheNode() {
    Path missing = tmp.resolve("nowhere");
    ExecutionPlan plan =
        plan(
            """
            {"id": "in", "type": "file-directory",
             "config": {"path": "%s", "format": "json-lines", "fields": ["id: long"]}}"""
                .formatted(missing));

    assertThatThrownBy(() -> preview(plan))
        .isInstanceOfSatisfying(
            PreviewException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("in");
              assertThat(e.field()).isEqualTo("config.path");
              assertThat(e.getMessage())
                  .isEqualTo("Node 'in': the directory '" + missing + "' does not exist.");
            });
  }
}
