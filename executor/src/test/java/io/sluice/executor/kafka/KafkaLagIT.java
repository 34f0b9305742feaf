package io.sluice.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.testing.KafkaBroker;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.engine.EmbeddedEngine;
import io.sluice.executor.engine.EmbeddedEngineSettings;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.metrics.NodeMetricsMapper;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.storage.ObjectStore;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka source's lag in the node metrics: a backlog waiting in the topic when the run starts
 * shows as {@code lagRecords} above zero while it is read, and as zero once it is.
 */
class KafkaLagIT {
  private static final int BACKLOG = 300_000;

  @TempDir static Path tmp;
  private static KafkaBroker kafka;
  private static ObjectStore store;
  private static EmbeddedEngine engine;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaBroker.start();
    store = ObjectStore.embedded(tmp.resolve("s3"));
    engine =
        EmbeddedEngine.start(
            EmbeddedEngineSettings.defaults(tmp.resolve("flink"))
                .withSlots(4)
                .withCheckpointInterval(Duration.ofMillis(500)),
            store);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (store != null) {
      store.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theLagOfABacklogIsAboveZeroWhileItIsReadAndZeroOnceItIs() throws Exception {
    kafka.createTopic("lag-in", 2);
    kafka.createTopic("lag-out", 2);
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int id = 1; id <= BACKLOG; id++) {
        producer.send(new ProducerRecord<>("lag-in", "{\"id\": " + id + "}"));
      }
    }
    String json =
        """
        {"formatVersion": 1,
         "nodes": [
           {"id": "in", "type": "kafka",
            "config": {"bootstrapServers": "%1$s", "topics": ["lag-in"], "fields": ["id: long"]}},
           {"id": "keep", "type": "filter", "config": {"condition": "id > 0"}},
           {"id": "out", "type": "kafka-sink",
            "config": {"bootstrapServers": "%1$s", "topic": "lag-out"}}],
         "edges": [{"from": {"node": "in"}, "to": {"node": "keep"}},
                   {"from": {"node": "keep"}, "to": {"node": "out"}}],
         "settings": {"parallelism": 2,
                      "deadLetter": {"type": "directory", "path": "%2$s"}}}
        """
            .formatted(kafka.bootstrapServers(), tmp.resolve("dead-letter"));
    var read = PipelineJson.read(json);
    assertThat(read.problems()).isEmpty();
    ExecutionPlan plan = new PlanTranslator(BuiltInNodeTypes.registry()).translate(read.document());

    JobHandle job =
        engine.submit("p-lag", new JobCompiler().forRun(plan, "p-lag", null), Optional.empty());
    try {
      AtomicLong highest = new AtomicLong(-1);
      await("a lag above zero while the backlog is read")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                Long lag = lagOf(plan, job);
                if (lag != null) {
                  highest.accumulateAndGet(lag, Math::max);
                }
                return highest.get() > 0;
              });
      assertThat(highest.get()).isLessThanOrEqualTo(BACKLOG);

      await("the lag back to zero once the backlog is read")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Long.valueOf(0).equals(lagOf(plan, job)));
      await("every record of the backlog read")
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  Long.valueOf(BACKLOG)
                      .equals(
                          NodeMetricsMapper.map(plan, engine.metrics(job).orElseThrow())
                              .node("in")
                              .recordsOut()));
      assertThat(lagOf(plan, job)).isZero();
    } finally {
      engine.cancel(job);
    }
  }

  private static Long lagOf(ExecutionPlan plan, JobHandle job) {
    return engine
        .metrics(job)
        .map(m -> NodeMetricsMapper.map(plan, m).node("in").lagRecords())
        .orElse(null);
  }
}
