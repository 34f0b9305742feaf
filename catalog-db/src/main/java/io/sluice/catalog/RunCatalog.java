package io.sluice.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.dao.RunDao;
import io.sluice.catalog.dao.RunRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;

/**
 * Runs of pipelines: what was started, what the engine reported, and where each run's progress
 * (checkpoints, savepoints) is kept, so that a restarted Sluice can resume them.
 *
 * <pre>{@code
 * Run run = runs.start(pipelineId, 3, plan, "embedded", "2.1.1", null, "ada");
 * runs.update(run.id(), RunUpdate.state(RunState.RUNNING).jobId("a1b2…"));
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class RunCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;

  public RunCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Records a new run in state {@code starting}, wanted running.
   *
   * @param restoredFrom the savepoint or checkpoint the run starts from, null for a fresh start
   * @throws RunAlreadyActiveException when the pipeline has a run that is not final
   */
  public Run start(
      UUID pipelineId,
      int version,
      JsonNode plan,
      String engine,
      String flinkVersion,
      String restoredFrom,
      String startedBy) {
    try {
      return run(
          jdbi.withExtension(
              RunDao.class,
              dao ->
                  dao.insert(
                      pipelineId,
                      version,
                      plan.toString(),
                      engine,
                      flinkVersion,
                      restoredFrom,
                      startedBy,
                      null)));
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof PSQLException psql
          && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
        throw new RunAlreadyActiveException(pipelineId);
      }
      throw e;
    }
  }

  /**
   * Records a new run started by a schedule, only while {@code lease} is still the current lease:
   * the check and the insert are one transaction, and a takeover of the lease waits for it.
   *
   * @throws LeaseLostException when another holder has taken the lease since
   * @throws RunAlreadyActiveException when the pipeline has a run that is not final
   */
  public Run startScheduled(
      Lease lease,
      UUID scheduleId,
      UUID pipelineId,
      int version,
      JsonNode plan,
      String engine,
      String flinkVersion,
      String restoredFrom,
      String startedBy) {
    return startOwned(
        lease,
        null,
        scheduleId,
        pipelineId,
        version,
        plan,
        engine,
        flinkVersion,
        restoredFrom,
        startedBy);
  }

  /**
   * Records a new run owned by the backend holding the liveness lease {@code owner}, and, unless
   * {@code lease} is null, started by the reconciler under {@code lease} (for {@code scheduleId},
   * which may be null). Both leases are checked in the same transaction as the insert.
   *
   * @throws LeaseLostException when either lease is no longer held
   * @throws RunAlreadyActiveException when the pipeline has a run that is not final
   */
  public Run startOwned(
      Lease lease,
      Lease owner,
      UUID scheduleId,
      UUID pipelineId,
      int version,
      JsonNode plan,
      String engine,
      String flinkVersion,
      String restoredFrom,
      String startedBy) {
    try {
      return run(
          jdbi.inTransaction(
              handle -> {
                if (lease != null) {
                  Leases.checkHeld(handle, lease);
                }
                if (owner != null) {
                  Leases.checkHeld(handle, owner);
                }
                return handle
                    .attach(RunDao.class)
                    .insertScheduled(
                        pipelineId,
                        version,
                        plan.toString(),
                        engine,
                        flinkVersion,
                        restoredFrom,
                        startedBy,
                        scheduleId,
                        lease == null ? null : lease.epoch(),
                        owner == null ? null : Leases.backendOf(owner));
              }));
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof PSQLException psql
          && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
        throw new RunAlreadyActiveException(pipelineId);
      }
      throw e;
    }
  }

  /** Runs a schedule started, newest first. */
  public List<Run> listBySchedule(UUID scheduleId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.listBySchedule(scheduleId)).stream()
        .map(RunCatalog::run)
        .toList();
  }

  public Optional<Run> find(UUID runId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.find(runId)).map(RunCatalog::run);
  }

  /** Runs of a pipeline, newest first. */
  public List<Run> list(UUID pipelineId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.listByPipeline(pipelineId)).stream()
        .map(RunCatalog::run)
        .toList();
  }

  /** The newest run of each pipeline that was ever started, by pipeline id. */
  public Map<UUID, Run> latestPerPipeline() {
    return jdbi.withExtension(RunDao.class, RunDao::latestPerPipeline).stream()
        .map(RunCatalog::run)
        .collect(Collectors.toMap(Run::pipelineId, run -> run));
  }

  /** The run of this pipeline that is starting, running or stopping, if any. */
  public Optional<Run> active(UUID pipelineId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.active(pipelineId)).map(RunCatalog::run);
  }

  /** Every run that is starting, running or stopping, oldest first. */
  public List<Run> allActive() {
    return jdbi.withExtension(RunDao.class, RunDao::allActive).stream()
        .map(RunCatalog::run)
        .toList();
  }

  /** Runs that should be running but whose engine went away (Sluice stopped or crashed). */
  public List<Run> toResume() {
    return toResume(null);
  }

  /**
   * Runs of the backend {@code owner} (and runs of no backend) that should be running but whose
   * engine went away: what that backend resumes when it starts.
   */
  public List<Run> toResume(String owner) {
    return jdbi.withExtension(RunDao.class, dao -> dao.toResume(owner)).stream()
        .map(RunCatalog::run)
        .toList();
  }

  /** Active runs whose owning backend's liveness lease has expired (or never existed). */
  public List<Run> orphaned() {
    return jdbi.withExtension(RunDao.class, dao -> dao.orphaned(Leases.LIVENESS_PREFIX)).stream()
        .map(RunCatalog::run)
        .toList();
  }

  /**
   * Makes an active run the backend's own, while its liveness lease {@code owner} is held, in one
   * transaction: what a backend does before it resumes a run. Empty when the run is no longer
   * active or belongs to another backend (it was declared lost meanwhile).
   *
   * @throws LeaseLostException when the liveness lease expired
   */
  public Optional<Run> claim(Lease owner, UUID runId) {
    return jdbi.inTransaction(
            handle -> {
              Leases.checkHeld(handle, owner);
              return handle.attach(RunDao.class).claim(runId, Leases.backendOf(owner));
            })
        .map(RunCatalog::run);
  }

  /**
   * Declares an active run of backend {@code owner} lost, under the reconciler {@code lease}, only
   * if the owner's liveness lease has expired; the owner's lease row is locked for the transaction,
   * so the owner cannot renew it and claim the run at the same time. Empty when the owner is alive
   * again or the run is no longer active.
   *
   * @throws LeaseLostException when {@code lease} was taken over
   */
  public Optional<Run> markLost(Lease lease, UUID runId, String owner, String reason) {
    return jdbi.inTransaction(
            handle -> {
              Leases.checkHeld(handle, lease);
              if (Leases.lockAndCheckLive(handle, Leases.livenessName(owner))) {
                return Optional.<RunRow>empty();
              }
              return handle.attach(RunDao.class).markLost(runId, owner, reason);
            })
        .map(RunCatalog::run);
  }

  /**
   * Where the pipeline's newest progress is: the savepoint of its last stopped run, else the last
   * checkpoint recorded for it.
   */
  public Optional<String> lastProgress(UUID pipelineId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.lastWithProgress(pipelineId))
        .map(row -> row.savepointPath() != null ? row.savepointPath() : row.checkpointPath());
  }

  /** Applies an update; fields left null in it are kept. */
  public Run update(UUID runId, RunUpdate update) {
    return jdbi.withExtension(
            RunDao.class,
            dao ->
                dao.update(
                    runId,
                    update.state().wireName(),
                    update.desiredRunning() == null
                        ? null
                        : (update.desiredRunning() ? "running" : "stopped"),
                    update.jobId(),
                    update.failure(),
                    update.savepointPath(),
                    update.checkpointPath()))
        .map(RunCatalog::run)
        .or(() -> find(runId)) // a lost run is not changed any more
        .orElseThrow(() -> new IllegalArgumentException("No run " + runId));
  }

  /**
   * Applies an update only while {@code lease} is still the current lease, in one transaction.
   *
   * @throws LeaseLostException when another holder has taken the lease since
   */
  public Run update(Lease lease, UUID runId, RunUpdate update) {
    return jdbi.inTransaction(
            handle -> {
              Leases.checkHeld(handle, lease);
              return handle
                  .attach(RunDao.class)
                  .update(
                      runId,
                      update.state().wireName(),
                      update.desiredRunning() == null
                          ? null
                          : (update.desiredRunning() ? "running" : "stopped"),
                      update.jobId(),
                      update.failure(),
                      update.savepointPath(),
                      update.checkpointPath());
            })
        .map(RunCatalog::run)
        .or(() -> find(runId)) // a lost run is not changed any more
        .orElseThrow(() -> new IllegalArgumentException("No run " + runId));
  }

  /**
   * What the reconciler last noted of a run's sources: the total of records they had read, and
   * since when (by its clock) that total has not changed. Empty until it noted anything.
   */
  public record SourceProgress(long records, Instant since) {}

  public Optional<SourceProgress> sourceProgress(UUID runId) {
    return jdbi.withExtension(RunDao.class, dao -> dao.idle(runId))
        .map(row -> new SourceProgress(row.idleRecords(), row.idleSince()));
  }

  /**
   * Notes a run's source progress, under the reconciler {@code lease}.
   *
   * @throws LeaseLostException when the lease was taken over
   */
  public void noteSourceProgress(Lease lease, UUID runId, SourceProgress progress) {
    leasesFenced(
        lease,
        handle -> handle.attach(RunDao.class).setIdle(runId, progress.records(), progress.since()));
  }

  private void leasesFenced(Lease lease, java.util.function.Consumer<org.jdbi.v3.core.Handle> w) {
    jdbi.useTransaction(
        handle -> {
          Leases.checkHeld(handle, lease);
          w.accept(handle);
        });
  }

  /** A change to a run: its new state, and whatever else became known (null = unchanged). */
  public record RunUpdate(
      RunState state,
      Boolean desiredRunning,
      String jobId,
      String failure,
      String savepointPath,
      String checkpointPath) {
    public RunUpdate {
      Objects.requireNonNull(state, "state");
    }

    public static RunUpdate state(RunState state) {
      return new RunUpdate(state, null, null, null, null, null);
    }

    public RunUpdate desiredRunning(boolean running) {
      return new RunUpdate(state, running, jobId, failure, savepointPath, checkpointPath);
    }

    public RunUpdate jobId(String id) {
      return new RunUpdate(state, desiredRunning, id, failure, savepointPath, checkpointPath);
    }

    public RunUpdate failure(String cause) {
      return new RunUpdate(state, desiredRunning, jobId, cause, savepointPath, checkpointPath);
    }

    public RunUpdate savepointPath(String path) {
      return new RunUpdate(state, desiredRunning, jobId, failure, path, checkpointPath);
    }

    public RunUpdate checkpointPath(String path) {
      return new RunUpdate(state, desiredRunning, jobId, failure, savepointPath, path);
    }
  }

  private static Run run(RunRow row) {
    JsonNode plan;
    try {
      plan = JSON.readTree(row.plan());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored plan of run " + row.id(), e);
    }
    return new Run(
        row.id(),
        row.pipelineId(),
        row.version(),
        "running".equals(row.desiredState()),
        RunState.fromWireName(row.state()),
        plan,
        row.engine(),
        row.flinkVersion(),
        row.jobId(),
        row.failure(),
        row.restoredFrom(),
        row.savepointPath(),
        row.checkpointPath(),
        row.startedBy(),
        row.createdAt(),
        row.updatedAt(),
        row.endedAt(),
        row.scheduleId(),
        row.reconcilerEpoch(),
        row.owner());
  }
}
