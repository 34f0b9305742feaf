package io.sluice.executor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operator metrics as the embedded MiniCluster reports them for a JobCompiler job. */
class NodeMetricsMapperTest {

  private static final String PIPELINE =
      """
      {"formatVersion": 1, "nodes": [
        {"id": "gen", "type": "generator", "config": {"seed": 1, "count": 1000}},
        {"id": "keep", "type": "filter", "config": {"condition": "MOD(id, 2) = 0"}},
        {"id": "calc", "type": "derive", "config": {"fields": ["d = amount * 2"]}},
        {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/out"}},
        {"id": "files", "type": "file-directory",
         "config": {"path": "/tmp/in", "fields": ["id: long", "amount: double"]}},
        {"id": "out2", "type": "file-directory-sink", "config": {"path": "/tmp/out2"}}
      ], "edges": [
        {"from": {"node": "gen"}, "to": {"node": "keep"}},
        {"from": {"node": "keep"}, "to": {"node": "calc"}},
        {"from": {"node": "calc"}, "to": {"node": "out"}},
        {"from": {"node": "files"}, "to": {"node": "out2"}}
      ], "settings": {"deadLetter": {"type": "directory", "path": "/tmp/dl"}}}
      """;

  private static ExecutionPlan plan() {
    var read = PipelineJson.read(PIPELINE);
    assertThat(read.problems()).isEmpty();
    return new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());
  }

  private static FlinkMetrics.Scoped op(String name, int subtask, Map<String, Double> values) {
    return new FlinkMetrics.Scoped(name, subtask, values);
  }

  private static final String GEN_TASK =
      "Source: gen -> *anonymous_datastream_source$1*[1] -> Calc[2] -> TableToDataSteam"
          + " -> out → /tmp/out: Writer -> out → /tmp/out: Committer";

  private static FlinkMetrics metrics() {
    return new FlinkMetrics(
        "0123456789abcdef0123456789abcdef",
        Instant.parse("2026-03-01T10:00:00Z"),
        Map.of(
            "numberOfCompletedCheckpoints", 3.0,
            "numberOfFailedCheckpoints", 1.0,
            "numberOfInProgressCheckpoints", 0.0,
            "lastCheckpointCompletedTimestamp", 1_772_359_200_000.0,
            "lastCheckpointDuration", 729.0,
            "lastCheckpointSize", 3912.0,
            "numRestarts", 0.0,
            "uptime", 5000.0),
        List.of(
            op(
                GEN_TASK,
                0,
                Map.of("busyTimeMsPerSecond", 700.0, "backPressuredTimeMsPerSecond", 5.0)),
            op(
                GEN_TASK,
                1,
                Map.of("busyTimeMsPerSecond", 900.0, "backPressuredTimeMsPerSecond", 0.0))),
        List.of(
            // two subtasks of the generator: counts add up
            op("Source: gen", 0, Map.of("numRecordsOut", 600.0, "numRecordsOutPerSecond", 60.0)),
            op("Source: gen", 1, Map.of("numRecordsOut", 400.0, "numRecordsOutPerSecond", 40.0)),
            op("Calc[2]", 0, Map.of("numRecordsIn", 1000.0, "numRecordsOut", 500.0)),
            op("out → /tmp/out: Writer", 0, Map.of("numRecordsIn", 500.0, "numRecordsSend", 500.0)),
            op("out → /tmp/out: Committer", 0, Map.of("numRecordsIn", 4.0)),
            op("Source: files", 0, Map.of("numRecordsIn", 3.0, "numRecordsOut", 3.0)),
            // the enumerator's gauges, reported on the job manager under the source's id
            new FlinkMetrics.Scoped(
                OperatorIds.of("node/files/source"),
                "Source: files",
                0,
                Map.of("numRecordsOut", 3.0, "pendingFiles", 4.0, "pendingBytes", 1234.0)),
            op(
                "files bad records",
                0,
                Map.of("numRecordsIn", 3.0, "numRecordsOut", 2.0, "badRecords", 1.0)),
            op("out2 → /tmp/out2: Writer", 0, Map.of("numRecordsIn", 2.0, "numRecordsSend", 2.0)),
            op("dead-letter rows", 0, Map.of("numRecordsIn", 1.0, "numRecordsOut", 1.0)),
            op("dead-letter → /tmp/dl: Writer", 0, Map.of("numRecordsIn", 1.0))));
  }

  @Test
  void countsSourcesAndSinksFromTheirOwnOperatorsSummedOverSubtasks() {
    RunMetrics m = NodeMetricsMapper.map(plan(), metrics());

    assertThat(m.node("gen").recordsOut()).isEqualTo(1000L);
    assertThat(m.node("gen").recordsOutPerSecond()).isEqualTo(100.0);
    assertThat(m.node("out").recordsIn()).isEqualTo(500L);
    assertThat(m.node("out").recordsOut()).isEqualTo(500L);
    assertThat(m.node("out").kind()).isEqualTo("sink");
  }

  @Test
  void aFilterPassesOnWhatTheNextMeasuredNodeTookInAndADerivePassesOnWhatItGets() {
    RunMetrics m = NodeMetricsMapper.map(plan(), metrics());

    assertThat(m.node("keep").recordsIn()).isEqualTo(1000L);
    assertThat(m.node("keep").recordsOut()).isEqualTo(500L);
    assertThat(m.node("calc").recordsIn()).isEqualTo(500L);
    assertThat(m.node("calc").recordsOut()).isEqualTo(500L);
  }

  @Test
  void aFileSourceCountsWhatItReadWhatItPassedOnAndWhatWentToTheDeadLetter() {
    RunMetrics m = NodeMetricsMapper.map(plan(), metrics());

    assertThat(m.node("files").recordsIn()).isEqualTo(3L);
    assertThat(m.node("files").recordsOut()).isEqualTo(2L);
    assertThat(m.node("files").deadLetterRecords()).isEqualTo(1L);
    assertThat(m.node("files").skippedRecords()).isZero();
    assertThat(m.node("files").lagFiles()).isEqualTo(4L);
    assertThat(m.node("files").lagBytes()).isEqualTo(1234L);
    assertThat(m.node("gen").lagFiles()).as("a generator has no lag").isNull();
    assertThat(m.node("out2").recordsIn()).isEqualTo(2L);
    assertThat(m.deadLetterRecords()).isEqualTo(1L);
  }

  @Test
  void countsAFilterAndADeriveFromTheirOwnOperatorsWhenTheyHaveUids() {
    FlinkMetrics fused = metrics();
    List<FlinkMetrics.Scoped> operators = new ArrayList<>(fused.operators());
    operators.add(
        new FlinkMetrics.Scoped(
            OperatorIds.of("node/keep/to-table"),
            "*anonymous_datastream_source$1*[1]",
            0,
            Map.of("numRecordsIn", 1000.0, "numRecordsOut", 1000.0)));
    operators.add(
        new FlinkMetrics.Scoped(
            OperatorIds.of("node/keep/evaluate"),
            "Calc[2]",
            0,
            Map.of("numRecordsIn", 1000.0, "numRecordsOut", 498.0)));
    operators.add(
        new FlinkMetrics.Scoped(
            OperatorIds.of("node/keep/from-table"),
            "TableToDataSteam",
            0,
            Map.of("numRecordsIn", 498.0, "numRecordsOut", 498.0)));
    FlinkMetrics separate =
        new FlinkMetrics(fused.jobId(), fused.at(), fused.job(), fused.tasks(), operators);

    RunMetrics m = NodeMetricsMapper.map(plan(), separate);

    assertThat(m.node("keep").recordsIn()).isEqualTo(1000L);
    assertThat(m.node("keep").recordsOut()).as("its own count, not the sink's").isEqualTo(498L);
    assertThat(m.node("calc").recordsIn()).isEqualTo(498L);
  }

  @Test
  void givesEachNodeTheBusiestSubtaskOfItsTaskAndTheJobItsCheckpoints() {
    RunMetrics m = NodeMetricsMapper.map(plan(), metrics());

    assertThat(m.node("gen").busyMsPerSecond()).isEqualTo(900.0);
    assertThat(m.node("gen").backPressuredMsPerSecond()).isEqualTo(5.0);
    assertThat(m.node("keep").busyMsPerSecond()).as("owns no operator").isNull();
    assertThat(m.checkpoints().completed()).isEqualTo(3L);
    assertThat(m.checkpoints().failed()).isEqualTo(1L);
    assertThat(m.checkpoints().lastDurationMillis()).isEqualTo(729L);
    assertThat(m.checkpoints().lastSizeBytes()).isEqualTo(3912L);
    assertThat(m.checkpoints().lastCompletedAt())
        .isEqualTo(Instant.ofEpochMilli(1_772_359_200_000L));
    assertThat(m.restarts()).isZero();
    assertThat(m.uptimeMillis()).isEqualTo(5000L);
    assertThat(m.nodes())
        .extracting(NodeMetrics::nodeId)
        .containsExactly("gen", "keep", "calc", "out", "files", "out2");
  }
}
