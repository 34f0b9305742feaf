package io.sluice.catalog;

import io.sluice.catalog.dao.MetricsDao;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Time series of run metrics in two resolutions: samples as they come ({@link #RAW}, 5 seconds) and
 * minutes rolled up from them ({@link #MINUTE}). {@link #maintain} rolls up and prunes; a series
 * query reads the finest resolution that still covers its start and regroups it to the step asked
 * for.
 *
 * <pre>{@code
 * metrics.record(runId, runSample, nodeSamples);
 * metrics.maintain(Instant.now(), Duration.ofHours(6), Duration.ofDays(7));
 * Series s = metrics.series(runId, from, to, Duration.ofMinutes(1), Instant.now(), Duration.ofHours(6));
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class MetricsCatalog {
  /** Seconds per sample as collected. */
  public static final int RAW = 5;

  /** Seconds per rolled-up sample. */
  public static final int MINUTE = 60;

  private final Jdbi jdbi;

  public MetricsCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * The counters of every node of each run at its newest sample, by run; a run without samples (or
   * whose samples are past their retention) is missing.
   */
  public Map<UUID, List<NodeTotal>> latestNodeTotals(Collection<UUID> runIds) {
    if (runIds.isEmpty()) {
      return Map.of();
    }
    return jdbi
        .withExtension(MetricsDao.class, dao -> dao.latestNodeTotals(List.copyOf(runIds)))
        .stream()
        .collect(Collectors.groupingBy(NodeTotal::runId));
  }

  /** Stores one sample of a run and its nodes at the raw resolution. */
  public void record(UUID runId, RunSample run, List<NodeSample> nodes) {
    jdbi.useTransaction(
        h -> {
          MetricsDao dao = h.attach(MetricsDao.class);
          dao.insertRun(runId, RAW, run);
          if (!nodes.isEmpty()) {
            dao.insertNodes(runId, RAW, nodes);
          }
        });
  }

  /**
   * Rolls every complete minute of the last {@code rawRetention} up into minute rows (minutes
   * already rolled up stay as they are), then deletes raw rows older than {@code rawRetention} and
   * minute rows older than {@code minuteRetention}.
   *
   * @return how many rows were deleted
   */
  public int maintain(Instant now, Duration rawRetention, Duration minuteRetention) {
    Instant until = Instant.ofEpochSecond(now.getEpochSecond() / MINUTE * MINUTE);
    Instant since = now.minus(rawRetention);
    return jdbi.inTransaction(
        h -> {
          MetricsDao dao = h.attach(MetricsDao.class);
          dao.rollUpNodes(RAW, MINUTE, since, until);
          dao.rollUpRuns(RAW, MINUTE, since, until);
          return dao.pruneNodes(RAW, since)
              + dao.pruneRuns(RAW, since)
              + dao.pruneNodes(MINUTE, now.minus(minuteRetention))
              + dao.pruneRuns(MINUTE, now.minus(minuteRetention));
        });
  }

  /**
   * A run's samples in {@code [from, to)}, regrouped to {@code step}.
   *
   * @param resolution the stored resolution read, in seconds
   * @param step the step of the samples, at least the resolution
   * @param run the run's samples, oldest first
   * @param nodes every node's samples, by node then oldest first
   */
  public record Series(int resolution, Duration step, List<RunSample> run, List<NodeSample> nodes) {
    public Series {
      run = List.copyOf(run);
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * Reads a series: raw samples when {@code from} is within {@code rawRetention} of {@code now},
   * minutes otherwise; a step finer than the resolution read becomes the resolution.
   */
  public Series series(
      UUID runId, Instant from, Instant to, Duration step, Instant now, Duration rawRetention) {
    int resolution = from.isBefore(now.minus(rawRetention)) ? MINUTE : RAW;
    long seconds = Math.max(step.toSeconds(), resolution);
    return jdbi.withHandle(
        h -> {
          MetricsDao dao = h.attach(MetricsDao.class);
          return new Series(
              resolution,
              Duration.ofSeconds(seconds),
              dao.runSeries(runId, resolution, from, to, seconds),
              dao.nodeSeries(runId, resolution, from, to, seconds));
        });
  }
}
