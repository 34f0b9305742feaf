package io.sluice.server.schedule;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.Schedule;
import io.sluice.catalog.ScheduleCatalog;
import io.sluice.catalog.ScheduleExistsException;
import io.sluice.catalog.ScheduleNotFoundException;
import io.sluice.model.problem.Problem;
import io.sluice.server.metrics.RunTotals;
import io.sluice.server.runs.RunService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What people do with schedules: create, read, edit, pause, resume, delete, and look ahead (next
 * fire times) and back (the runs a schedule started). The {@link Reconciler} acts on them.
 *
 * <p>Thread-safe: state lives in the catalog.
 */
public final class ScheduleService {
  /** How many fire times a schedule shows by itself. */
  public static final int SHOWN_FIRE_TIMES = 3;

  private final PipelineCatalog pipelines;
  private final ScheduleCatalog schedules;
  private final RunCatalog runs;
  private final RunService runService;
  private final Clock clock;
  private final RunTotals totals;

  public ScheduleService(
      PipelineCatalog pipelines,
      ScheduleCatalog schedules,
      RunCatalog runs,
      RunService runService,
      RunTotals totals,
      Clock clock) {
    this.totals = Objects.requireNonNull(totals, "totals");
    this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.runService = Objects.requireNonNull(runService, "runService");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws ScheduleExistsException when the pipeline has one already
   * @throws SourceNotBoundedException when a backfill is asked of a source that never ends
   */
  public ScheduleView create(UUID pipelineId, SchedulePolicy policy, boolean paused) {
    checkPipeline(pipelineId);
    if (schedules.find(pipelineId).isPresent()) {
      throw new ScheduleExistsException(pipelineId);
    }
    checkBounded(pipelineId, policy);
    Schedule created = schedules.create(pipelineId, policy.kind(), policy.spec(), clock.instant());
    return view(paused ? schedules.pause(pipelineId) : created);
  }

  public ScheduleView get(UUID pipelineId) {
    checkPipeline(pipelineId);
    return view(find(pipelineId));
  }

  /** All schedules of pipelines that are not deleted. */
  public List<ScheduleView> list() {
    return schedules.listLive().stream().map(this::view).toList();
  }

  /** Replaces the kind and settings; the schedule becomes active, earlier failures forgotten. */
  public ScheduleView update(UUID pipelineId, SchedulePolicy policy) {
    checkPipeline(pipelineId);
    find(pipelineId);
    checkBounded(pipelineId, policy);
    return view(schedules.update(pipelineId, policy.kind(), policy.spec(), clock.instant()));
  }

  /** Deletes the schedule. A run it started goes on, as if started by hand. */
  public void delete(UUID pipelineId) {
    checkPipeline(pipelineId);
    schedules.delete(pipelineId);
  }

  /** The reconciler stops the schedule's run, if any, and starts nothing until resumed. */
  public ScheduleView pause(UUID pipelineId) {
    checkPipeline(pipelineId);
    return view(schedules.pause(pipelineId));
  }

  /** Unpauses; a schedule that needed attention becomes active, its failures forgotten. */
  public ScheduleView resume(UUID pipelineId) {
    checkPipeline(pipelineId);
    return view(schedules.resume(pipelineId, clock.instant()));
  }

  /** The next {@code count} fire times after now; empty for kinds without fire times. */
  public List<Instant> nextFireTimes(UUID pipelineId, int count) {
    checkPipeline(pipelineId);
    return policy(find(pipelineId)).nextFireTimes(clock.instant(), count);
  }

  /** The next {@code count} fire times after now of a cron window being edited. */
  public List<Instant> preview(UUID pipelineId, SchedulePolicy.CronWindow policy, int count) {
    checkPipeline(pipelineId);
    return policy.nextFireTimes(clock.instant(), count);
  }

  /**
   * The runs the schedule started, newest first, states brought up to date, each with the records
   * it read and delivered by its newest metrics sample.
   */
  public List<ScheduledRun> history(UUID pipelineId) {
    checkPipeline(pipelineId);
    List<Run> started =
        runs.listBySchedule(find(pipelineId).id()).stream()
            .map(run -> runService.get(run.id()))
            .toList();
    Map<UUID, RunTotals.Records> records = totals.of(started);
    return started.stream()
        .map(
            run -> {
              RunTotals.Records r = records.get(run.id());
              return new ScheduledRun(run, r == null ? null : r.in(), r == null ? null : r.out());
            })
        .toList();
  }

  /** A run a schedule started and how many records it read and delivered (null: unknown). */
  public record ScheduledRun(@JsonUnwrapped Run run, Long recordsIn, Long recordsOut) {}

  private void checkBounded(UUID pipelineId, SchedulePolicy policy) {
    if (policy instanceof SchedulePolicy.Backfill) {
      List<Problem> problems = Bounded.unboundedSources(runService.latestPlan(pipelineId));
      if (!problems.isEmpty()) {
        throw new SourceNotBoundedException(problems);
      }
    }
  }

  private void checkPipeline(UUID pipelineId) {
    pipelines.find(pipelineId).orElseThrow(() -> new PipelineNotFoundException(pipelineId));
  }

  private Schedule find(UUID pipelineId) {
    return schedules.find(pipelineId).orElseThrow(() -> new ScheduleNotFoundException(pipelineId));
  }

  private static SchedulePolicy policy(Schedule schedule) {
    return SchedulePolicy.fromStored(schedule.kind(), schedule.spec());
  }

  private ScheduleView view(Schedule schedule) {
    SchedulePolicy policy = policy(schedule);
    return new ScheduleView(
        schedule.id(),
        schedule.pipelineId(),
        schedule.kind(),
        schedule.spec(),
        policy.description(),
        schedule.paused(),
        schedule.status(),
        schedule.attention(),
        schedule.lastFireAt(),
        policy.nextFireTimes(clock.instant(), SHOWN_FIRE_TIMES),
        schedule.createdAt(),
        schedule.updatedAt());
  }
}
