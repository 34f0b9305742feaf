package io.sluice.executor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;
import org.junit.jupiter.api.Test;

class OperatorIdsTest {

  @Test
  void givesTheIdsFlinkDerivesFromUids() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData(1L, 2L, 3L)
        .uid("node/gen/source")
        .map(x -> x * 2)
        .uid("node/calc/evaluate")
        .addSink(new DiscardingSink<>())
        .uid("node/out/sink");
    JobGraph job = env.getStreamGraph().getJobGraph();

    List<String> ids = new ArrayList<>();
    for (JobVertex vertex : job.getVertices()) {
      for (OperatorIDPair pair : vertex.getOperatorIDs()) {
        ids.add(pair.getGeneratedOperatorID().toHexString());
      }
    }

    assertThat(ids)
        .contains(
            OperatorIds.of("node/gen/source"),
            OperatorIds.of("node/calc/evaluate"),
            OperatorIds.of("node/out/sink"));
  }
}
