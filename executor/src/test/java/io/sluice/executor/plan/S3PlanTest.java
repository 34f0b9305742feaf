package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.validation.PipelineValidator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3PlanTest {
  private static PipelineDocument read(String source, String sink) {
    var result =
        PipelineJson.read(
            """
            {"formatVersion": 1,
             "nodes": [%s, %s],
             "edges": [{"from": {"node": "in"}, "to": {"node": "out"}}]}
            """
                .formatted(source, sink));
    assertThat(result.problems()).isEmpty();
    return result.document();
  }

  private static final String SOURCE =
      """
      {"id": "in", "type": "s3",
       "config": {"endpoint": "http://minio:9000", "bucket": "landing", "accessKey": "minio",
                  "secretKey": "hush-hush", "pathStyle": true, "prefix": "orders/",
                  "pattern": "*.csv", "fields": ["id: long"], "csvDelimiter": ";"}}
      """;

  private static final String SINK =
      """
      {"id": "out", "type": "s3-sink",
       "config": {"bucket": "curated", "prefix": "out/", "format": "json-lines"}}
      """;

  @Test
  void translatesTheSourceAndSinkWithTheirDefaults() {
    ExecutionPlan plan =
        new PlanTranslator(BuiltInNodeTypes.registry()).translate(read(SOURCE, SINK));

    var in = (Step.S3Source) plan.step(new NodeId("in")).orElseThrow();
    assertThat(in.connection().bucket()).isEqualTo("landing");
    assertThat(in.connection().region()).isEqualTo("us-east-1");
    assertThat(in.connection().pathStyle()).isTrue();
    assertThat(in.prefix()).isEqualTo("orders/");
    assertThat(in.files().pattern()).isEqualTo("*.csv");
    assertThat(in.files().csvDelimiter()).isEqualTo(';');
    assertThat(in.files().discoveryInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(in.lateObjectGrace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(in.onError()).isEqualTo(Step.OnError.DEAD_LETTER);

    var out = (Step.S3Sink) plan.step(new NodeId("out")).orElseThrow();
    assertThat(out.connection().endpoint()).isNull();
    assertThat(out.connection().accessKey()).isNull();
    assertThat(out.format()).isEqualTo(Step.FileDirectorySource.Format.JSON_LINES);
    assertThat(out.filePrefix()).isEqualTo("part");

    assertThat(plan.describe().toString())
        .contains("\"bucket\":\"landing\"", "\"accessKey\":\"minio\"")
        .doesNotContain("hush-hush");
    assertThat(in.toString()).doesNotContain("hush-hush");
  }

  @Test
  void reportsABadBucketEndpointAndAMissingSecretAtTheirFields() {
    List<Problem> problems =
        new PipelineValidator(BuiltInNodeTypes.registry())
            .validate(
                read(
                    """
                    {"id": "in", "type": "s3",
                     "config": {"endpoint": "minio:9000", "bucket": "Landing_Zone",
                                "accessKey": "minio", "fields": ["id: long"]}}
                    """,
                    SINK));

    assertThat(problems)
        .extracting(p -> p.nodeId() + " " + p.field() + " " + p.code())
        .contains(
            "in config.bucket invalid-config",
            "in config.endpoint invalid-config",
            "in config.secretKey missing-config");
  }
}
