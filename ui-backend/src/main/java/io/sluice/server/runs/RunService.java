package io.sluice.server.runs;

import io.sluice.catalog.DeadLetter;
import io.sluice.catalog.DeadLetterCatalog;
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
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.problem.Problem;
import io.sluice.model.validation.StateCompatibility;
import io.sluice.server.secrets.InlineSecrets;
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
  private final DeadLetterCatalog deadLetters;
  private final Liveness liveness;
  private final InlineSecrets inlineSecrets;

  /** Jobs this backend submitted, by run, so that it can cancel those of runs declared lost. */
  private final Map<UUID, JobHandle> localJobs = new ConcurrentHashMap<>();

  /** How often a stop asks for a savepoint before it gives up, and the wait that grows between. */
  private static final int STOP_ATTEMPTS = 8;

  private static final java.time.Duration STOP_RETRY_WAIT = java.time.Duration.ofMillis(500);

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
    this(pipelines, runs, engine, engineName, translator, deadLetter, liveness, null, null);
  }

  /**
   * @param deadLetters the catalog's dead letters, for replays; null: replays are refused
   * @param inlineSecrets opens the secrets typed into nodes just before a version compiles; null:
   *     versions run without them
   */
  public RunService(
      PipelineCatalog pipelines,
      RunCatalog runs,
      Engine engine,
      String engineName,
      PlanTranslator translator,
      JobCompiler.DeadLetter deadLetter,
      Liveness liveness,
      DeadLetterCatalog deadLetters,
      InlineSecrets inlineSecrets) {
    this.inlineSecrets = inlineSecrets;
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.pipelines = pipelines;
    this.runs = runs;
    this.engine = engine;
    this.engineName = engineName;
    this.translator = translator;
    this.deadLetter = deadLetter;
    this.deadLetters = deadLetters;
  }

  /**
   * Calls {@code listener} with the run each time a run starts or changes state. Listeners must be
   * quick and must not throw; they run on the thread that changed the run.
   */
  public void onChange(Consumer<Run> listener) {
    listeners.add(listener);
  }

  private Run changed(Run run) {
    replayEnded(run);
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
        new StateCompatibility(translator.registry())
            .check(
                before.document(),
                after.document(),
                inputFields(before.document()),
                inputFields(after.document()));
    return new StateCheck(
        next.number(), previousNumber, restore.get(), problems.isEmpty(), problems);
  }

  /**
   * The fields reaching each node, by input in edge order, for the state check's type comparison;
   * empty for a version that does not translate or compile (its problems are reported elsewhere).
   */
  private Map<io.sluice.model.id.NodeId, List<io.sluice.model.schema.RecordSchema>> inputFields(
      PipelineDocument document) {
    ExecutionPlan plan;
    JobCompiler.Analysis analysis;
    try {
      plan = translator.translate(document);
      analysis = compiler.analyze(plan);
    } catch (PlanTranslator.InvalidPipelineException e) {
      return Map.of();
    }
    Map<io.sluice.model.id.NodeId, List<io.sluice.model.schema.RecordSchema>> fields =
        new java.util.HashMap<>();
    for (var step : plan.steps()) {
      List<io.sluice.model.schema.RecordSchema> inputs =
          plan.inputsOf(step.id()).stream().map(analysis.ports()::get).toList();
      if (!inputs.isEmpty() && inputs.stream().allMatch(Objects::nonNull)) {
        fields.put(step.id(), inputs);
      }
    }
    return fields;
  }

  /** The plan the latest version of a pipeline would run, or the problems that stop it. */
  public ExecutionPlan latestPlan(UUID pipelineId) {
    return planOf(version(pipelineId, null));
  }

  /** The most dead letters one replay takes. */
  public static final int MAX_REPLAY = 10_000;

  /** Dead letters cannot be replayed as asked; the API answers 409 or 422 with the reason. */
  public static final class ReplayRefusedException extends RuntimeException {
    private final boolean conflict;

    ReplayRefusedException(boolean conflict, String message) {
      super(message);
      this.conflict = conflict;
    }

    /** A conflict with the state of things (409) rather than a request that cannot work (422). */
    public boolean conflict() {
      return conflict;
    }
  }

  /**
   * Sends dead letters back through the latest version of their pipeline: a run of its own (the
   * pipeline's one active run while it lasts) in which the node that rejected them reads them as
   * its input and the nodes after it are those of the latest version. The dead letters are taken by
   * the run at once, and count as replayed when it finishes; records that fail again become new
   * dead letters with the new reason.
   *
   * @param letters dead letters of one node of the pipeline, none replayed or taken
   * @throws ReplayRefusedException when they cannot be replayed (another node, already replayed,
   *     the pipeline's dead letters go elsewhere)
   * @throws NotRunnableException when the latest version cannot run
   * @throws io.sluice.catalog.RunAlreadyActiveException when the pipeline has an active run
   */
  public Run replay(UUID pipelineId, List<DeadLetter> letters, String startedBy) {
    if (deadLetters == null) {
      throw new ReplayRefusedException(true, "This Sluice does not keep dead letters to replay.");
    }
    PipelineVersion stored = version(pipelineId, null);
    ExecutionPlan plan = planOf(stored);
    if (!(plan.settings().deadLetter() instanceof DeadLetterTarget.Catalog)) {
      throw new ReplayRefusedException(true, notInCatalog(plan.settings().deadLetter()));
    }
    if (letters.isEmpty()) {
      throw new ReplayRefusedException(false, "There are no dead letters to replay.");
    }
    if (letters.size() > MAX_REPLAY) {
      throw new ReplayRefusedException(
          false, "One replay takes at most " + MAX_REPLAY + " dead letters, not " + letters.size());
    }
    List<String> nodes = letters.stream().map(DeadLetter::node).distinct().toList();
    if (nodes.size() != 1 || nodes.get(0) == null) {
      throw new ReplayRefusedException(
          false, "A replay takes the dead letters of one node; these are of " + nodes + ".");
    }
    List<Long> taken =
        letters.stream()
            .filter(d -> d.replayedAt() != null || d.replayRunId() != null)
            .map(DeadLetter::id)
            .toList();
    if (!taken.isEmpty()) {
      throw new ReplayRefusedException(
          true, "Dead letters " + taken + " are replayed already or being replayed.");
    }
    JobCompiler.Replay replay = replayOf(nodes.get(0), letters);
    try {
      compiler.replayInputSchema(plan, replay.node());
    } catch (IllegalArgumentException e) {
      throw new ReplayRefusedException(false, e.getMessage());
    }
    com.fasterxml.jackson.databind.node.ObjectNode described =
        (com.fasterxml.jackson.databind.node.ObjectNode) plan.describe();
    described
        .putObject(REPLAY)
        .put("node", replay.node().value())
        .put("deadLetters", letters.size());
    Run run =
        runs.start(
            pipelineId,
            stored.number(),
            described,
            engineName,
            EnvironmentInformation.getVersion(),
            null,
            startedBy);
    List<Long> ids = letters.stream().map(DeadLetter::id).toList();
    if (!deadLetters.claim(pipelineId, ids, run.id())) {
      changed(
          runs.update(
              run.id(),
              RunUpdate.state(RunState.FAILED)
                  .desiredRunning(false)
                  .failure("Another replay took some of the dead letters first.")));
      throw new ReplayRefusedException(
          true, "Another replay took some of these dead letters first.");
    }
    return submitReplay(run, plan, replay, Optional.empty());
  }

  /** Whether the run is a replay of dead letters. */
  public static boolean isReplay(Run run) {
    return run.plan() != null && run.plan().has(REPLAY);
  }

  private static final String REPLAY = "replay";

  private static String notInCatalog(DeadLetterTarget target) {
    String where =
        target instanceof DeadLetterTarget.Directory dir
            ? "the directory " + dir.path()
            : "the PostgreSQL table "
                + ((DeadLetterTarget.Postgres) target).table()
                + " of "
                + ((DeadLetterTarget.Postgres) target).jdbcUrl();
    return "This pipeline's dead letters go to "
        + where
        + " (settings.deadLetter), not to the catalog; Sluice lists and replays only the"
        + " catalog's dead letters.";
  }

  private static JobCompiler.Replay replayOf(String node, List<DeadLetter> letters) {
    return new JobCompiler.Replay(
        new io.sluice.model.id.NodeId(node),
        letters.stream()
            .map(d -> new JobCompiler.Replay.Record(d.source(), d.raw() == null ? "" : d.raw()))
            .toList());
  }

  private Run submitReplay(
      Run run, ExecutionPlan plan, JobCompiler.Replay replay, Optional<String> restore) {
    String key = key(run.pipelineId());
    try {
      JobHandle job =
          engine.submit(
              jobKey(run), compiler.forReplay(plan, replay, jobKey(run), key, deadLetter), restore);
      return changed(runs.update(run.id(), RunUpdate.state(RunState.STARTING).jobId(job.jobId())));
    } catch (RuntimeException e) {
      LOG.error("Replay run {} of pipeline {} could not start", run.id(), run.pipelineId(), e);
      return changed(
          runs.update(
              run.id(),
              RunUpdate.state(RunState.FAILED).desiredRunning(false).failure(rootMessage(e))));
    }
  }

  /**
   * A replay run ended: finished, its dead letters count as replayed; otherwise they are given back
   * for another replay unless the run may have delivered some of them (it completed a checkpoint),
   * in which case they stay with the run so that nothing is delivered twice.
   */
  private void replayEnded(Run run) {
    if (deadLetters == null || !isReplay(run) || !run.state().isFinal()) {
      return;
    }
    try {
      if (run.state() == RunState.FINISHED) {
        int marked = deadLetters.markReplayed(run.id());
        LOG.info("Replay run {} finished; {} dead letters replayed", run.id(), marked);
      } else if (engine.latestRestorePoint(jobKey(run)).isEmpty()) {
        int released = deadLetters.release(run.id());
        LOG.info(
            "Replay run {} ended {} before its first checkpoint; {} dead letters can be replayed"
                + " again",
            run.id(),
            run.state().wireName(),
            released);
      } else {
        LOG.warn(
            "Replay run {} ended {} after a checkpoint: part of its records may be delivered, so"
                + " its dead letters stay with it and are not offered for replay again",
            run.id(),
            run.state().wireName());
      }
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of replay run {}", run.id(), e);
    }
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
      String savepoint = stopWithSavepoint(run);
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

  /**
   * Stops the run's job with a savepoint, trying again for a few seconds while the job cannot take
   * one yet: a job that was submitted a moment ago has tasks still being deployed, and Flink
   * refuses a savepoint until every task runs. A stop asked for right after a start succeeds that
   * way instead of leaving the run running against the user's wish.
   */
  private String stopWithSavepoint(Run run) {
    JobHandle job = handle(run);
    for (int attempt = 1; ; attempt++) {
      try {
        return engine.stopWithSavepoint(job);
      } catch (RuntimeException e) {
        if (attempt >= STOP_ATTEMPTS || engineSaysTerminal(job)) {
          throw e;
        }
        LOG.info(
            "Run {} cannot take a savepoint yet (attempt {} of {}): {}; trying again",
            run.id(),
            attempt,
            STOP_ATTEMPTS,
            e.getMessage());
        try {
          Thread.sleep(STOP_RETRY_WAIT.toMillis() * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private boolean engineSaysTerminal(JobHandle job) {
    try {
      return engine.status(job).state().isTerminal();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * The failures of the run's current Flink job, newest first: the cause of each automatic restart
   * (and of the failure that ended it). Empty for a run that never got a job, or whose job the
   * engine no longer knows (Sluice restarted since).
   */
  public List<io.sluice.executor.engine.RestartCause> restartCauses(UUID runId) {
    Run run = find(runId);
    if (run.jobId() == null) {
      return List.of();
    }
    try {
      return engine.restartCauses(handle(run));
    } catch (RuntimeException e) {
      LOG.debug("No failures of run {} from the engine: {}", runId, e.getMessage());
      return List.of();
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
        if (isReplay(run)) {
          resumeReplay(run, planOf(stored));
          continue;
        }
        submit(run, planOf(stored), restore);
      } catch (RuntimeException e) {
        LOG.error("Could not resume run {}", run.id(), e);
        runs.update(
            run.id(),
            RunUpdate.state(RunState.FAILED).failure("Could not resume: " + e.getMessage()));
      }
    }
  }

  /** A replay resumes from its own checkpoint with the dead letters it took. */
  private void resumeReplay(Run run, ExecutionPlan plan) {
    List<DeadLetter> letters =
        deadLetters == null ? List.of() : deadLetters.ofReplay(run.pipelineId(), run.id());
    if (letters.isEmpty()) {
      changed(
          runs.update(
              run.id(),
              RunUpdate.state(RunState.FAILED)
                  .desiredRunning(false)
                  .failure("Could not resume: the replay's dead letters are gone.")));
      return;
    }
    submitReplay(
        run,
        plan,
        replayOf(letters.get(0).node(), letters),
        engine.latestRestorePoint(jobKey(run)));
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
    PipelineDocument document =
        inlineSecrets == null
            ? read.document()
            : inlineSecrets.opened(stored.pipelineId(), stored.number(), read.document());
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

  /**
   * Records where the run's newest checkpoint is, at most every three seconds per run, and not when
   * the job has just started running: it has written no checkpoint of its own yet, and the lookup
   * lists the pipeline's checkpoints and savepoints on the object store while the job is still
   * being deployed.
   */
  private Run recordCheckpoint(Run run) {
    Instant now = Instant.now();
    Instant last = checkpointLookups.putIfAbsent(run.id(), now);
    if (last == null || last.plusSeconds(3).isAfter(now)) {
      return run;
    }
    checkpointLookups.put(run.id(), now);
    Optional<String> newest = engine.latestRestorePoint(jobKey(run));
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
      int deleted = engine.pruneHistory(jobKey(run), currentJobId, SAVEPOINTS_TO_KEEP);
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
    return new JobHandle(jobKey(run), run.jobId());
  }

  /**
   * The key of the run's job: the pipeline's, or for a replay one of its own ({@code
   * p-<pipeline>-replay-<run>}), so that a replay neither resumes from nor prunes the pipeline's
   * checkpoints, and its sink transactions are its own.
   */
  static String jobKey(Run run) {
    return isReplay(run) ? key(run.pipelineId()) + "-replay-" + run.id() : key(run.pipelineId());
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
