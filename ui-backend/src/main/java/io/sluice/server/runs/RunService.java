package io.sluice.server.runs;

import io.sluice.catalog.Lease;
import io.sluice.catalog.LeaseLostException;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.PipelineVersion;
import io.sluice.catalog.Run;
import io.sluice.catalog.RunCatalog;
import io.sluice.catalog.RunCatalog.RunUpdate;
import io.sluice.catalog.RunState;
import io.sluice.executor.compile.JobCompiler;
import io.sluice.executor.engine.Engine;
import io.sluice.executor.engine.JobHandle;
import io.sluice.executor.engine.JobStatusView;
import io.sluice.executor.plan.ExecutionPlan;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.problem.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of runs: starting a pipeline version on the engine, following its state into the
 * catalog, stopping it with a savepoint, and resuming after Sluice restarts.
 *
 * <p>A start resumes from the pipeline's newest savepoint or retained checkpoint, whichever is
 * newer, unless asked to start afresh. When Sluice shuts down, running jobs are stopped with a
 * savepoint and stay wanted; when it crashes, they resume from their last checkpoint. Either way
 * {@link #resumeAll()} at the next start picks them up.
 *
 * <p>Thread-safe: state lives in the catalog and the engine.
 */
public final class RunService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /** Savepoints kept per pipeline; older ones, and checkpoints of earlier jobs, are deleted. */
  public static final int SAVEPOINTS_TO_KEEP = 3;

  private final PipelineCatalog pipelines;
  private final RunCatalog runs;
  private final Engine engine;
  private final String engineName;
  private final PlanTranslator translator;
  private final JobCompiler compiler = new JobCompiler();
  private final JobCompiler.DeadLetter deadLetter;
  private final Liveness liveness;

  /** Jobs this backend submitted, by run, so that it can cancel those of runs declared lost. */
  private final Map<UUID, JobHandle> localJobs = new ConcurrentHashMap<>();

  /** Runs this backend is stopping with a savepoint right now. */
  private final Set<UUID> stoppingHere = ConcurrentHashMap.newKeySet();

  /** Told of every change of a run's state, on the thread that made it. */
  private final List<Consumer<Run>> listeners = new CopyOnWriteArrayList<>();

  /** When each running run's newest checkpoint was last looked up on S3. */
  private final Map<UUID, Instant> checkpointLookups = new ConcurrentHashMap<>();

  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-run-poller");
            t.setDaemon(true);
            return t;
          });

  public RunService(
      PipelineCatalog pipelines,
      RunCatalog runs,
      Engine engine,
      String engineName,
      PlanTranslator translator,
      JobCompiler.DeadLetter deadLetter,
      Liveness liveness) {
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.pipelines = pipelines;
    this.runs = runs;
    this.engine = engine;
    this.engineName = engineName;
    this.translator = translator;
    this.deadLetter = deadLetter;
  }

  /**
   * Calls {@code listener} with the run each time a run starts or changes state. Listeners must be
   * quick and must not throw; they run on the thread that changed the run.
   */
  public void onChange(Consumer<Run> listener) {
    listeners.add(listener);
  }

  private Run changed(Run run) {
    for (Consumer<Run> listener : listeners) {
      try {
        listener.accept(run);
      } catch (RuntimeException e) {
        LOG.warn("A run listener failed on run {}", run.id(), e);
      }
    }
    return run;
  }

  /** The id of this backend: runs it starts are its own ({@link Run#owner()}). */
  public String backendId() {
    return liveness.backendId();
  }

  /** Follows the state of active runs every {@code millis} until closed. */
  public void startPolling(long millis) {
    poller.scheduleWithFixedDelay(this::refreshAllQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** A pipeline version that cannot run; carries every problem. */
  public static final class NotRunnableException extends RuntimeException {
    private final List<Problem> problems;

    NotRunnableException(List<Problem> problems) {
      super(
          "The pipeline cannot run: "
              + problems.size()
              + (problems.size() == 1 ? " problem" : " problems")
              + "; see errors.");
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** The run is not active, so it cannot be stopped. */
  public static final class RunNotActiveException extends RuntimeException {
    RunNotActiveException(Run run) {
      super("Run " + run.id() + " is " + run.state().wireName() + ", not active");
    }
  }

  /**
   * Starts {@code version} (null: the latest) of a pipeline.
   *
   * @throws NotRunnableException when the version does not validate, an expression does not
   *     type-check, or a sink's table does not fit
   */
  public Run start(UUID pipelineId, Integer version, boolean resetState, String startedBy) {
    PipelineVersion stored = version(pipelineId, version);
    ExecutionPlan plan = planOf(stored);
    String key = key(pipelineId);
    Optional<String> restore = resetState ? Optional.empty() : engine.latestRestorePoint(key);
    Run run =
        runs.startOwned(
            null,
            liveness.current(),
            null,
            pipelineId,
            stored.number(),
            plan.describe(),
            engineName,
            EnvironmentInformation.getVersion(),
            restore.orElse(null),
            startedBy);
    return submit(run, plan, restore);
  }

  /**
   * Starts the latest version of a pipeline for a schedule. The run is recorded only while {@code
   * lease} is current, and only a recorded run is submitted to the engine.
   *
   * @throws LeaseLostException when the lease was taken over; nothing is started then
   * @throws NotRunnableException when the latest version cannot run
   */
  public Run startScheduled(Lease lease, UUID scheduleId, UUID pipelineId, String startedBy) {
    return startFenced(lease, scheduleId, pipelineId, null, startedBy);
  }

  /**
   * Starts {@code version} (null: the latest) of a pipeline for the reconciler, on this backend,
   * resuming from its newest savepoint or checkpoint: a schedule's run ({@code scheduleId}) or the
   * replacement of a run started by hand on a backend that was lost ({@code scheduleId} null).
   *
   * @throws LeaseLostException when the lease was taken over; nothing is started then
   * @throws NotRunnableException when the version cannot run
   */
  public Run startFenced(
      Lease lease, UUID scheduleId, UUID pipelineId, Integer version, String startedBy) {
    PipelineVersion stored = version(pipelineId, version);
    ExecutionPlan plan = planOf(stored);
    Optional<String> restore = engine.latestRestorePoint(key(pipelineId));
    Run run =
        runs.startOwned(
            lease,
            liveness.current(),
            scheduleId,
            pipelineId,
            stored.number(),
            plan.describe(),
            engineName,
            EnvironmentInformation.getVersion(),
            restore.orElse(null),
            startedBy);
    return submit(run, plan, restore);
  }

  /** The plan the latest version of a pipeline would run, or the problems that stop it. */
  public ExecutionPlan latestPlan(UUID pipelineId) {
    return planOf(version(pipelineId, null));
  }

  /** Stops a run with a savepoint, from which the pipeline's next start resumes. */
  public Run stop(UUID runId) {
    return stop(runId, null);
  }

  /**
   * Stops a run with a savepoint for a schedule: the stop is recorded only while {@code lease} is
   * current, and only then is the engine asked to stop.
   *
   * @throws LeaseLostException when the lease was taken over; nothing is stopped then
   */
  public Run stop(UUID runId, Lease lease) {
    Run run = refresh(find(runId));
    if (run.state().isFinal() || run.jobId() == null) {
      throw new RunNotActiveException(run);
    }
    RunUpdate stopping = RunUpdate.state(RunState.STOPPING).desiredRunning(false);
    Run marked =
        changed(
            lease == null
                ? runs.update(run.id(), stopping)
                : runs.update(lease, run.id(), stopping));
    if (!mine(run)) {
      // Another backend's engine runs it: that backend sees the request and stops it.
      LOG.info("Run {} runs on backend {}, which stops it with a savepoint", run.id(), run.owner());
      return marked;
    }
    return stopHere(marked);
  }

  private Run stopHere(Run run) {
    if (!stoppingHere.add(run.id())) {
      return run;
    }
    try {
      String savepoint = engine.stopWithSavepoint(handle(run));
      Run stopped =
          changed(
              runs.update(run.id(), RunUpdate.state(RunState.STOPPED).savepointPath(savepoint)));
      localJobs.remove(run.id());
      prune(run, Optional.empty());
      return stopped;
    } catch (RuntimeException e) {
      LOG.warn("Stopping run {} with a savepoint failed", run.id(), e);
      return refresh(
          runs.update(run.id(), RunUpdate.state(RunState.RUNNING).failure(e.getMessage())));
    } finally {
      stoppingHere.remove(run.id());
    }
  }

  /** The run, with its state brought up to date from the engine. */
  public Run get(UUID runId) {
    return refresh(find(runId));
  }

  public List<Run> list(UUID pipelineId) {
    pipelines.find(pipelineId).orElseThrow(() -> new PipelineNotFoundException(pipelineId));
    return runs.list(pipelineId).stream().map(this::refresh).toList();
  }

  /**
   * Resumes every run of this backend (or of none) that should be running; called once at start.
   * Each run is claimed first, in one transaction with a check of this backend's liveness, so a run
   * that another backend declared lost meanwhile is not resumed here.
   */
  public void resumeAll() {
    for (Run candidate : runs.toResume(backendId())) {
      Optional<Run> claimed = runs.claim(liveness.current(), candidate.id());
      if (claimed.isEmpty()) {
        LOG.info("Run {} is no longer this backend's; not resuming it", candidate.id());
        continue;
      }
      Run run = claimed.get();
      String key = key(run.pipelineId());
      Optional<String> restore = engine.latestRestorePoint(key);
      LOG.info(
          "Resuming run {} of pipeline {} version {} from {}",
          run.id(),
          run.pipelineId(),
          run.version(),
          restore.orElse("the beginning (no checkpoint yet)"));
      try {
        PipelineVersion stored = version(run.pipelineId(), run.version());
        submit(run, planOf(stored), restore);
      } catch (RuntimeException e) {
        LOG.error("Could not resume run {}", run.id(), e);
        runs.update(
            run.id(),
            RunUpdate.state(RunState.FAILED).failure("Could not resume: " + e.getMessage()));
      }
    }
  }

  /**
   * Stops every active job with a savepoint, leaving its run wanted, so that the next start of
   * Sluice resumes it where it stopped.
   */
  @Override
  public void close() {
    poller.shutdownNow();
    for (Run run : runs.allActive()) {
      if (run.jobId() == null || !run.desiredRunning() || !mine(run)) {
        continue;
      }
      try {
        JobStatusView status = engine.status(handle(run));
        if (status.state() == JobStatusView.State.RUNNING) {
          String savepoint = engine.stopWithSavepoint(handle(run));
          runs.update(run.id(), RunUpdate.state(RunState.RUNNING).savepointPath(savepoint));
          LOG.info(
              "Run {} paused at savepoint {}; it resumes when Sluice starts", run.id(), savepoint);
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "Could not pause run {} with a savepoint; it resumes from its last checkpoint",
            run.id(),
            e);
      }
    }
  }

  private Run submit(Run run, ExecutionPlan plan, Optional<String> restore) {
    String key = key(run.pipelineId());
    try {
      JobHandle job = engine.submit(key, compiler.forRun(plan, key, deadLetter), restore);
      localJobs.put(run.id(), job);
      return changed(runs.update(run.id(), RunUpdate.state(RunState.STARTING).jobId(job.jobId())));
    } catch (RuntimeException e) {
      LOG.error("Run {} of pipeline {} could not start", run.id(), run.pipelineId(), e);
      return changed(
          runs.update(
              run.id(),
              RunUpdate.state(RunState.FAILED).desiredRunning(false).failure(rootMessage(e))));
    }
  }

  private ExecutionPlan planOf(PipelineVersion stored) {
    var read = PipelineJson.read(stored.document());
    if (!read.ok()) {
      throw new NotRunnableException(read.problems());
    }
    PipelineDocument document = read.document();
    ExecutionPlan plan;
    try {
      plan = translator.translate(document);
    } catch (PlanTranslator.InvalidPipelineException e) {
      throw new NotRunnableException(e.problems());
    }
    JobCompiler.Analysis analysis = compiler.analyze(plan);
    List<Problem> problems = new ArrayList<>(analysis.problems());
    if (problems.isEmpty()) {
      problems.addAll(compiler.checkSinks(plan, analysis.fields(), key(stored.pipelineId())));
    }
    if (!problems.isEmpty()) {
      throw new NotRunnableException(problems);
    }
    return plan;
  }

  private PipelineVersion version(UUID pipelineId, Integer number) {
    var pipeline =
        pipelines.find(pipelineId).orElseThrow(() -> new PipelineNotFoundException(pipelineId));
    int wanted = number == null ? pipeline.summary().latestVersion() : number;
    return pipelines
        .version(pipelineId, wanted)
        .orElseThrow(
            () ->
                new NotRunnableException(
                    List.of(
                        Problem.ofPipeline(
                            "unknown-version",
                            "Pipeline " + pipelineId + " has no version " + wanted + "."))));
  }

  private Run find(UUID runId) {
    return runs.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  /** Brings an active run's state up to date from the engine. */
  private Run refresh(Run run) {
    if (run.state().isFinal() || run.jobId() == null || !mine(run)) {
      return run; // another backend's run is followed by that backend
    }
    JobStatusView status;
    try {
      status = engine.status(handle(run));
    } catch (RuntimeException e) {
      return run; // not on this engine (yet): resumeAll will pick it up
    }
    RunState state =
        switch (status.state()) {
          case STARTING -> RunState.STARTING;
          case RUNNING -> RunState.RUNNING;
          case STOPPING -> RunState.STOPPING;
          case STOPPED -> RunState.STOPPED;
          case FAILED -> RunState.FAILED;
          case FINISHED -> RunState.FINISHED;
        };
    if (state == RunState.RUNNING
        && run.state() == RunState.STOPPING
        && !run.desiredRunning()
        && !stoppingHere.contains(run.id())) {
      return stopHere(run); // a stop asked for on another backend
    }
    if (state == RunState.RUNNING) {
      run = recordCheckpoint(run);
    }
    if (state == run.state()) {
      return run;
    }
    RunUpdate update = RunUpdate.state(state);
    if (state.isFinal()) {
      update = update.desiredRunning(false);
    }
    if (status.failureCause().isPresent()) {
      update = update.failure(status.failureCause().get());
    }
    return changed(runs.update(run.id(), update));
  }

  /** Records where the run's newest checkpoint is, at most every three seconds per run. */
  private Run recordCheckpoint(Run run) {
    Instant now = Instant.now();
    Instant last = checkpointLookups.get(run.id());
    if (last != null && last.plusSeconds(3).isAfter(now)) {
      return run;
    }
    checkpointLookups.put(run.id(), now);
    Optional<String> newest = engine.latestRestorePoint(key(run.pipelineId()));
    if (newest.isEmpty() || newest.get().equals(run.checkpointPath())) {
      return run;
    }
    Run updated = runs.update(run.id(), RunUpdate.state(run.state()).checkpointPath(newest.get()));
    prune(run, Optional.of(run.jobId()));
    return updated;
  }

  /** Deletes progress the pipeline no longer needs; a failure here never fails the run. */
  private void prune(Run run, Optional<String> currentJobId) {
    try {
      int deleted = engine.pruneHistory(key(run.pipelineId()), currentJobId, SAVEPOINTS_TO_KEEP);
      if (deleted > 0) {
        LOG.info(
            "Deleted {} old checkpoint and savepoint objects of pipeline {}",
            deleted,
            run.pipelineId());
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not delete old checkpoints of pipeline {}", run.pipelineId(), e);
    }
  }

  private void refreshAllQuietly() {
    try {
      runs.allActive().forEach(this::refresh);
      cancelJobsOfLostRuns();
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the state of runs", e);
    }
  }

  /**
   * Fencing on the engine's side: a job of a run that another backend declared lost (this backend
   * was paused or cut off past its liveness) is cancelled, without a savepoint, so that it neither
   * writes on beside the run that replaced it nor leaves a savepoint newer than that run's.
   */
  private void cancelJobsOfLostRuns() {
    for (Map.Entry<UUID, JobHandle> local : localJobs.entrySet()) {
      Optional<Run> run = runs.find(local.getKey());
      if (run.isPresent() && !run.get().state().isFinal()) {
        continue;
      }
      localJobs.remove(local.getKey());
      if (run.isPresent() && run.get().state() == RunState.LOST) {
        LOG.warn(
            "Run {} was declared lost ({}); cancelling its job {} here",
            local.getKey(),
            run.get().failure(),
            local.getValue().jobId());
        try {
          engine.cancel(local.getValue());
        } catch (RuntimeException e) {
          LOG.warn("Could not cancel job {}", local.getValue().jobId(), e);
        }
      }
    }
  }

  /** Whether this backend runs {@code run}: its own, or one recorded before backends had ids. */
  private boolean mine(Run run) {
    return run.owner() == null || run.owner().equals(backendId());
  }

  static String key(UUID pipelineId) {
    return "p-" + pipelineId;
  }

  private static JobHandle handle(Run run) {
    return new JobHandle(key(run.pipelineId()), run.jobId());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (" + root.getMessage() + ")";
  }
}
