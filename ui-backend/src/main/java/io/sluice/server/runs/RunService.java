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
import io.sluice.model.validation.StateCompatibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      JobCompiler.DeadLetter deadLetter) {
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
        runs.start(
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
    PipelineVersion stored = version(pipelineId, null);
    ExecutionPlan plan = planOf(stored);
    Optional<String> restore = engine.latestRestorePoint(key(pipelineId));
    Run run =
        runs.startScheduled(
            lease,
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

  /**
   * Whether starting {@code version} (the latest when null) keeps the state of the pipeline's last
   * run, found before anything starts.
   *
   * @param version the version that would start
   * @param comparedWith the version of the last run, whose state a start would restore; null when
   *     there is no state to restore (no run yet, or no savepoint or retained checkpoint)
   * @param restorePoint the savepoint or checkpoint a start would restore from, or null
   * @param keepsState whether there are no problems
   * @param problems {@code state-incompatible} warnings on the nodes and fields that lose state
   */
  public record StateCheck(
      int version,
      Integer comparedWith,
      String restorePoint,
      boolean keepsState,
      List<Problem> problems) {
    public StateCheck {
      problems = List.copyOf(problems);
    }
  }

  /** See {@link StateCheck}. Reads the catalog and the engine's restore points; starts nothing. */
  public StateCheck stateCompatibility(UUID pipelineId, Integer version) {
    PipelineVersion next = version(pipelineId, version);
    Optional<String> restore = engine.latestRestorePoint(key(pipelineId));
    List<Run> history = runs.list(pipelineId);
    if (restore.isEmpty() || history.isEmpty()) {
      return new StateCheck(next.number(), null, null, true, List.of());
    }
    int previousNumber = history.get(0).version(); // newest first
    PipelineVersion previous = version(pipelineId, previousNumber);
    var before = PipelineJson.read(previous.document());
    var after = PipelineJson.read(next.document());
    if (!before.ok() || !after.ok()) {
      throw new NotRunnableException(after.ok() ? before.problems() : after.problems());
    }
    List<Problem> problems =
        new StateCompatibility(translator.registry()).check(before.document(), after.document());
    return new StateCheck(
        next.number(), previousNumber, restore.get(), problems.isEmpty(), problems);
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
    changed(
        lease == null ? runs.update(run.id(), stopping) : runs.update(lease, run.id(), stopping));
    try {
      String savepoint = engine.stopWithSavepoint(handle(run));
      Run stopped =
          changed(
              runs.update(run.id(), RunUpdate.state(RunState.STOPPED).savepointPath(savepoint)));
      prune(run, Optional.empty());
      return stopped;
    } catch (RuntimeException e) {
      LOG.warn("Stopping run {} with a savepoint failed", run.id(), e);
      return refresh(
          runs.update(run.id(), RunUpdate.state(RunState.RUNNING).failure(e.getMessage())));
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

  /** Resumes every run that should be running; called once at start. */
  public void resumeAll() {
    for (Run run : runs.toResume()) {
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
      if (run.jobId() == null || !run.desiredRunning()) {
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
    if (run.state().isFinal() || run.jobId() == null) {
      return run;
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
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the state of runs", e);
    }
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
