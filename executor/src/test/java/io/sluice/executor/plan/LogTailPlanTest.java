package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.compile.JobCompiler;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogTailPlanTest {
  private static final String DOCUMENT =
      """
      {"formatVersion": 1,
       "nodes": [
         {"id": "web", "type": "log-tail",
          "config": {"path": "/var/log/nginx", "filePattern": "access.log*", "startAt": "end",
                     "format": "grok", "linePattern": "%{COMBINEDAPACHELOG}",
                     "timestampField": "timestamp", "timestampFormat": "apache",
                     "watermarkDelay": "2s", "continuationPattern": "^\\\\s",
                     "multilineMaxLines": 50}},
         {"id": "per_status", "type": "window-aggregate",
          "config": {"window": "tumbling", "size": "1m", "timeField": "timestamp",
                     "groupBy": ["response"], "aggregates": ["hits = count(*)"]}},
         {"id": "out", "type": "file-directory-sink",
          "config": {"path": "/tmp/out", "format": "json-lines"}}],
       "edges": [{"from": {"node": "web"}, "to": {"node": "per_status"}},
                 {"from": {"node": "per_status"}, "to": {"node": "out"}}]}
      """;

  private final ExecutionPlan plan =
      new PlanTranslator(BuiltInNodeTypes.registry())
          .translate(PipelineJson.read(DOCUMENT).document());

  @Test
  void translatesTheSourceWithItsDefaultsAndMultiLineSettings() {
    Step.LogTailSource source = (Step.LogTailSource) plan.steps().get(0);
    var settings = source.settings();
    assertThat(settings.directory()).isEqualTo("/var/log/nginx");
    assertThat(settings.startAtEnd()).isTrue();
    assertThat(settings.format()).isEqualTo(LogFormat.GROK);
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.multiline().continuationPattern()).isEqualTo("^\\s");
    assertThat(settings.multiline().maxLines()).isEqualTo(50);
    assertThat(source.watermarkDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(source.onError()).isEqualTo(Step.OnError.DEAD_LETTER);
    assertThat(plan.describe().at("/steps/0/settings/linePattern").asText())
        .isEqualTo("%{COMBINEDAPACHELOG}");
  }

  @Test
  void anEventTimeWindowDownstreamCompilesOnTheSourcesTimestampField() {
    var analysis = new JobCompiler().analyze(plan);
    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.fields().get(new NodeId("web")).fields())
        .contains(
            new Field("timestamp", FieldType.TIMESTAMP),
            new Field("response", FieldType.LONG),
            new Field("agent", FieldType.STRING));
    assertThat(analysis.fields().get(new NodeId("per_status")).names()).contains("hits");
  }
}
