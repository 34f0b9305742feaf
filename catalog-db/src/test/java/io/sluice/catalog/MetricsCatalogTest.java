package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsCatalogTest {
  @RegisterExtension static final CatalogExtension db = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration RAW_KEPT = Duration.ofHours(6);
  private static final Duration MINUTES_KEPT = Duration.ofDays(7);

  private static UUID run() {
    ObjectNode doc = JSON.createObjectNode().put("formatVersion", 1);
    UUID pipeline =
        db.pipelines().create("p " + UUID.randomUUID(), "", doc, "ada", "").summary().id();
    return new RunCatalog(db.jdbi())
        .start(pipeline, 1, JSON.createObjectNode(), "embedded", "2.1.1", null, "ada")
        .id();
  }

  private static NodeSample node(Instant at, long in, double rate) {
    return new NodeSample(
        "gen", at, in, in, rate, rate, null, null, 0L, 0L, 10.0, 0.0, in / 10, in, in / 100);
  }

  private static RunSample job(Instant at, long checkpoints) {
    return new RunSample(at, checkpoints, 0L, 0L, at, 12L, 4096L, 0L, 1000L, 0L);
  }

  private static void recordEveryFiveSeconds(MetricsCatalog metrics, UUID run, int samples) {
    for (int i = 0; i < samples; i++) {
      Instant at = T0.plusSeconds(5L * i);
      metrics.record(run, job(at, i), List.of(node(at, 100L * i, i)));
    }
  }

  @Test
  void regroupsSamplesToTheStepKeepingTheLastCountAndTheAverageRate() {
    MetricsCatalog metrics = new MetricsCatalog(db.jdbi());
    UUID run = run();
    recordEveryFiveSeconds(metrics, run, 24); // two minutes

    MetricsCatalog.Series series =
        metrics.series(
            run, T0, T0.plusSeconds(120), Duration.ofMinutes(1), T0.plusSeconds(120), RAW_KEPT);

    assertThat(series.resolution()).isEqualTo(MetricsCatalog.RAW);
    assertThat(series.nodes()).hasSize(2);
    assertThat(series.nodes().get(0).at()).isEqualTo(T0);
    assertThat(series.nodes().get(0).recordsIn()).isEqualTo(1100L);
    assertThat(series.nodes().get(0).recordsInRate()).isEqualTo(5.5);
    assertThat(series.nodes().get(0).lagFiles()).as("a gauge keeps its last value").isEqualTo(110L);
    assertThat(series.nodes().get(0).lagBytes()).isEqualTo(1100L);
    assertThat(series.nodes().get(0).lagRecords()).isEqualTo(11L);
    assertThat(series.nodes().get(1).recordsIn()).isEqualTo(2300L);
    assertThat(series.run()).extracting(RunSample::checkpointsCompleted).containsExactly(11L, 23L);
  }

  @Test
  void rollsCompleteMinutesUpAndPrunesEachResolutionByItsRetention() {
    MetricsCatalog metrics = new MetricsCatalog(db.jdbi());
    UUID run = run();
    recordEveryFiveSeconds(metrics, run, 30); // two and a half minutes

    metrics.maintain(T0.plusSeconds(150), RAW_KEPT, MINUTES_KEPT);
    Instant muchLater = T0.plus(RAW_KEPT).plusSeconds(200);
    MetricsCatalog.Series minutes =
        metrics.series(run, T0, muchLater, Duration.ofSeconds(5), muchLater, RAW_KEPT);

    assertThat(minutes.resolution()).isEqualTo(MetricsCatalog.MINUTE);
    assertThat(minutes.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(minutes.nodes())
        .as("only complete minutes are rolled up")
        .extracting(NodeSample::recordsIn)
        .containsExactly(1100L, 2300L);
    assertThat(minutes.nodes())
        .as("a rolled-up minute keeps the last lag of its minute")
        .extracting(NodeSample::lagRecords)
        .containsExactly(11L, 23L);

    int deleted = metrics.maintain(muchLater, RAW_KEPT, MINUTES_KEPT);
    assertThat(deleted).as("every raw row is past its retention").isEqualTo(60);
    int afterAWeek = metrics.maintain(muchLater.plus(MINUTES_KEPT), RAW_KEPT, MINUTES_KEPT);
    assertThat(afterAWeek).isEqualTo(4);
  }
}
