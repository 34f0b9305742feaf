package io.sluice.server.schedule;

import io.sluice.catalog.Lease;
import io.sluice.catalog.LeaseLostException;
import io.sluice.catalog.Leases;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunAlreadyActiveException;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.RunState;
import io.sluice.catalog.Schedule;
import io.sluice.catalog.ScheduleCatalog;
import io.sluice.catalog.ScheduleStatus;
import io.sluice.model.document.Durations;
import io.sluice.model.problem.Problem;
import io.sluice.server.metrics.RunTotals;
import io.sluice.server.runs.RunService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that keeps pipelines as their schedules say: it compares each schedule (desired state)
 * with the pipeline's runs (actual state) and starts, stops or restarts runs.
 *
 * <p>Exactly one backend reconciles at a time: each {@link #tick()} first takes or renews the
 * catalog lease {@value #LEASE}, and does nothing without it. Every write it makes (recording a
 * run, a stop, a cron fire time, a schedule's status) is fenced by the lease's epoch in the same
 * transaction, and the engine is asked to act only after that write succeeded; a backend that
 * paused past its lease and wakes up finds its writes refused ({@link LeaseLostException}) and does
 * nothing. The reconciler keeps no state of its own: failures and back-off are read from the
 * schedule's runs, so a backend that takes over continues where the last one stopped.
 *
 * <p>Only pipelines with a schedule are touched. Time comes from an injected {@link Clock} (cron
 * windows, back-off); lease expiry is judged by the database's clock.
 *
 * <p>Thread-safe: {@link #tick()} is synchronized; state lives in the catalog.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** The name of the catalog lease the reconciling backend holds. */
  public static final String LEASE = "reconciler";

  private final ScheduleCatalog schedules;
  private final RunCatalog runs;
  private final Leases leases;
  private final RunService runService;
  private final RunTotals totals;
  private final Clock clock;
  private final String holder;
  private final Duration leaseTtl;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-reconciler");
            t.setDaemon(true);
            return t;
          });

  private Lease lease; // guarded by this

  /**
   * What one pass did. {@code lost}: runs of dead backends it declared lost; {@code leaseLost}: a
   * fenced write was refused, so the pass stopped.
   */
  public record Outcome(boolean leader, int started, int stopped, int lost, boolean leaseLost) {
    static final Outcome NOT_LEADER = new Outcome(false, 0, 0, 0, false);
  }

  public Reconciler(
      ScheduleCatalog schedules,
      RunCatalog runs,
      Leases leases,
      RunService runService,
      RunTotals totals,
      Clock clock,
      String holder,
      Duration leaseTtl) {
    this.totals = Objects.requireNonNull(totals, "totals");
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.runService = Objects.requireNonNull(runService, "runService");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
  }

  /** Ticks every {@code interval} until closed. */
  public void startLoop(Duration interval) {
    long millis = interval.toMillis();
    loop.scheduleWithFixedDelay(this::tickQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Takes or renews the lease, then reconciles every schedule if this backend holds it. */
  public synchronized Outcome tick() {
    Optional<Lease> held = leases.acquireOrRenew(LEASE, holder, leaseTtl);
    if (held.isEmpty()) {
      if (lease != null) {
        LOG.info("Reconciler {} no longer holds the lease (epoch {})", holder, lease.epoch());
      }
      lease = null;
      return Outcome.NOT_LEADER;
    }
    if (lease == null || lease.epoch() != held.get().epoch()) {
      LOG.info("Reconciler {} holds the lease, epoch {}", holder, held.get().epoch());
    }
    lease = held.get();
    return reconcile(lease);
  }

  /**
   * Reconciles under the lease this reconciler last held, without renewing it: what a backend does
   * that paused after its last renewal and carries on. Tests use it to prove fencing.
   */
  synchronized Outcome reconcileWithoutRenewal() {
    return lease == null ? Outcome.NOT_LEADER : reconcile(lease);
  }

  /** The lease this reconciler last held, if any. */
  public synchronized Optional<Lease> lease() {
    return Optional.ofNullable(lease);
  }

  private Outcome reconcile(Lease held) {
    int started = 0;
    int stopped = 0;
    int lost = 0;
    try {
      for (Run orphan : runs.orphaned()) {
        if (orphan.owner().equals(runService.backendId())) {
          continue; // this backend's own liveness lapsed; it renews it and keeps its runs
        }
        Optional<Run> declared = declareLost(held, orphan);
        if (declared.isPresent()) {
          lost++;
          if (orphan.scheduleId() == null && orphan.desiredRunning()) {
            started += replace(held, orphan) ? 1 : 0; // a schedule restarts its own runs below
          }
        }
      }
    } catch (LeaseLostException e) {
      LOG.warn("Reconciler {} lost lease epoch {}; its actions are refused", holder, held.epoch());
      return new Outcome(true, started, stopped, lost, true);
    }
    for (Schedule schedule : schedules.listLive()) {
      try {
        Action action = reconcile(held, schedule);
        started += action == Action.STARTED ? 1 : 0;
        stopped += action == Action.STOPPED ? 1 : 0;
      } catch (LeaseLostException e) {
        LOG.warn(
            "Reconciler {} lost lease epoch {}; its actions are refused", holder, held.epoch());
        return new Outcome(true, started, stopped, lost, true);
      } catch (RuntimeException e) {
        LOG.warn("Could not reconcile the schedule of pipeline {}", schedule.pipelineId(), e);
      }
    }
    return new Outcome(true, started, stopped, lost, false);
  }

  /** Declares a run of a backend whose liveness expired lost, unless it came back meanwhile. */
  private Optional<Run> declareLost(Lease held, Run orphan) {
    String reason =
        "Backend '"
            + orphan.owner()
            + "' that ran this run stopped renewing its liveness (it crashed, was stopped or"
            + " lost the catalog); backend '"
            + runService.backendId()
            + "' declared the run lost";
    Optional<Run> declared = runs.markLost(held, orphan.id(), orphan.owner(), reason);
    declared.ifPresent(
        run ->
            LOG.warn(
                "Run {} of pipeline {} declared lost: backend {} is gone",
                run.id(),
                run.pipelineId(),
                orphan.owner()));
    return declared;
  }

  /** Starts a run started by hand on a lost backend again here, from its newest checkpoint. */
  private boolean replace(Lease held, Run lost) {
    try {
      Run run =
          runService.startFenced(held, null, lost.pipelineId(), lost.version(), lost.startedBy());
      LOG.info(
          "Run {} replaces lost run {} of pipeline {}", run.id(), lost.id(), lost.pipelineId());
      return true;
    } catch (RunService.NotRunnableException | RunAlreadyActiveException e) {
      LOG.warn("Could not replace lost run {}: {}", lost.id(), e.getMessage());
      return false;
    }
  }

  private enum Action {
    NONE,
    STARTED,
    STOPPED
  }

  private Action reconcile(Lease held, Schedule schedule) {
    Instant now = clock.instant();
    Optional<Run> active = runs.active(schedule.pipelineId()).map(r -> runService.get(r.id()));
    active = active.filter(r -> !r.state().isFinal());
    boolean own = active.isPresent() && schedule.id().equals(active.get().scheduleId());
    SchedulePolicy policy = SchedulePolicy.fromStored(schedule.kind(), schedule.spec());

    if (schedule.paused() || schedule.status() != ScheduleStatus.ACTIVE) {
      if (own && schedule.paused()) {
        return stop(held, active.get(), "its schedule is paused");
      }
      return Action.NONE;
    }
    if (policy instanceof SchedulePolicy.Continuous continuous) {
      return continuous(held, schedule, continuous, active, now);
    }
    if (policy instanceof SchedulePolicy.CronWindow cron) {
      return cron(held, schedule, cron, active, own, now);
    }
    return backfill(held, schedule, active, own);
  }

  private Action continuous(
      Lease held,
      Schedule schedule,
      SchedulePolicy.Continuous policy,
      Optional<Run> active,
      Instant now) {
    if (active.isPresent()) {
      return Action.NONE; // running: ours, or a run started by hand, which we leave alone
    }
    List<Run> history = runs.listBySchedule(schedule.id());
    if (!history.isEmpty() && history.get(0).state() == RunState.FINISHED) {
      // Every source ended (a generator with a count): there is nothing left to keep running.
      schedules.markStatus(held, schedule.id(), ScheduleStatus.DONE, null);
      return Action.NONE;
    }
    Instant windowStart = now.minus(policy.failureWindow());
    List<Run> failures =
        history.stream()
            .filter(r -> r.state() == RunState.FAILED)
            .filter(r -> !r.createdAt().isBefore(schedule.failuresSince()))
            .filter(r -> r.endedAt() != null && r.endedAt().isAfter(windowStart))
            .sorted(Comparator.comparing(Run::endedAt).reversed())
            .toList();
    if (failures.size() >= policy.maxFailures()) {
      String reason =
          failures.size()
              + " runs failed within "
              + Durations.format(policy.failureWindow())
              + "; stopped retrying. Last failure: "
              + failures.get(0).failure();
      schedules.markStatus(held, schedule.id(), ScheduleStatus.NEEDS_ATTENTION, reason);
      LOG.warn("Schedule of pipeline {} needs attention: {}", schedule.pipelineId(), reason);
      return Action.NONE;
    }
    if (!failures.isEmpty()) {
      Instant retryAt = failures.get(0).endedAt().plus(policy.backoff(failures.size()));
      if (now.isBefore(retryAt)) {
        return Action.NONE;
      }
    }
    return start(held, schedule);
  }

  private Action cron(
      Lease held,
      Schedule schedule,
      SchedulePolicy.CronWindow policy,
      Optional<Run> active,
      boolean own,
      Instant now) {
    if (own) {
      Instant fire = schedule.lastFireAt();
      if (fire != null && !now.isBefore(fire.plus(policy.runFor()))) {
        return stop(held, active.get(), "its cron window ended");
      }
      if (policy.stopWhenIdle() != null
          && idleFor(held, active.get(), policy.stopWhenIdle(), now)) {
        return stop(
            held,
            active.get(),
            "its sources read nothing for " + Durations.format(policy.stopWhenIdle()));
      }
      return Action.NONE;
    }
    Instant acted = schedule.lastFireAt();
    if (active.isEmpty()
        && acted != null
        && now.isBefore(acted.plus(policy.runFor()))
        && newestIsLost(schedule)) {
      return start(held, schedule); // its backend died mid-window: resume for the rest of it
    }
    Optional<Instant> fire = policy.lastFireAtOrBefore(now);
    if (fire.isEmpty()
        || !now.isBefore(fire.get().plus(policy.runFor()))
        || (schedule.lastFireAt() != null && !fire.get().isAfter(schedule.lastFireAt()))) {
      return Action.NONE; // outside a window, or this window was already acted on
    }
    if (active.isPresent()) {
      return Action.NONE; // a run started by hand holds the pipeline; leave it alone
    }
    schedules.recordFire(held, schedule.id(), fire.get());
    return start(held, schedule);
  }

  private Action backfill(Lease held, Schedule schedule, Optional<Run> active, boolean own) {
    if (own || active.isPresent()) {
      return Action.NONE;
    }
    List<Run> history = runs.listBySchedule(schedule.id());
    if (!history.isEmpty()) {
      Run last = history.get(0);
      switch (last.state()) {
        case FINISHED -> {
          schedules.markStatus(held, schedule.id(), ScheduleStatus.DONE, null);
          return Action.NONE;
        }
        case FAILED -> {
          schedules.markStatus(
              held,
              schedule.id(),
              ScheduleStatus.NEEDS_ATTENTION,
              "The backfill run failed: " + last.failure());
          return Action.NONE;
        }
        case STOPPED, LOST -> {
          // stopped by hand, or its backend died: a backfill resumes from its newest progress
        }
        default -> {
          return Action.NONE;
        }
      }
    }
    return start(held, schedule);
  }

  /**
   * Whether the run's sources have read nothing for {@code idle}, by this reconciler's clock. The
   * total they read comes from the run's newest metrics sample; each time it changes, the new total
   * and the time are noted in the run (fenced), so a backend that takes over goes on measuring.
   */
  private boolean idleFor(Lease held, Run run, Duration idle, Instant now) {
    Optional<Long> read = totals.of(run).map(RunTotals.Records::in);
    if (read.isEmpty()) {
      return false; // no sample yet: nothing to judge by
    }
    Optional<RunCatalog.SourceProgress> noted = runs.sourceProgress(run.id());
    if (noted.isEmpty() || noted.get().records() != read.get()) {
      runs.noteSourceProgress(held, run.id(), new RunCatalog.SourceProgress(read.get(), now));
      return false;
    }
    return !now.isBefore(noted.get().since().plus(idle));
  }

  private boolean newestIsLost(Schedule schedule) {
    List<Run> history = runs.listBySchedule(schedule.id());
    return !history.isEmpty() && history.get(0).state() == RunState.LOST;
  }

  private Action start(Lease held, Schedule schedule) {
    if (SchedulePolicy.Backfill.KIND.equals(schedule.kind())) {
      List<Problem> unbounded =
          Bounded.unboundedSources(runService.latestPlan(schedule.pipelineId()));
      if (!unbounded.isEmpty()) {
        schedules.markStatus(
            held,
            schedule.id(),
            ScheduleStatus.NEEDS_ATTENTION,
            unbounded.stream().map(Problem::message).collect(Collectors.joining(" ")));
        return Action.NONE;
      }
    }
    try {
      Run run = runService.startScheduled(held, schedule.id(), schedule.pipelineId(), "schedule");
      LOG.info(
          "Schedule of pipeline {} started run {} (epoch {})",
          schedule.pipelineId(),
          run.id(),
          held.epoch());
      return Action.STARTED;
    } catch (RunService.NotRunnableException e) {
      String reason =
          "The pipeline cannot run: "
              + e.problems().stream().map(Problem::message).collect(Collectors.joining(" "));
      schedules.markStatus(held, schedule.id(), ScheduleStatus.NEEDS_ATTENTION, reason);
      return Action.NONE;
    } catch (RunAlreadyActiveException e) {
      return Action.NONE; // someone started it by hand a moment ago
    }
  }

  private Action stop(Lease held, Run run, String why) {
    LOG.info("Stopping run {} of pipeline {}: {}", run.id(), run.pipelineId(), why);
    try {
      runService.stop(run.id(), held);
      return Action.STOPPED;
    } catch (RunService.RunNotActiveException e) {
      return Action.NONE;
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("Reconciler pass failed; retrying at the next tick", e);
    }
  }

  /** Stops the loop and gives the lease up, so another backend takes over at once. */
  @Override
  public synchronized void close() {
    loop.shutdownNow();
    if (lease != null) {
      try {
        leases.release(lease);
      } catch (RuntimeException e) {
        LOG.warn("Could not release the reconciler lease; it expires by itself", e);
      }
      lease = null;
    }
  }
}
