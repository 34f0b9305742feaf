package io.sluice.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.dao.ScheduleDao;
import io.sluice.catalog.dao.ScheduleRow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;

/**
 * Schedules of pipelines: at most one per pipeline. People create, edit, pause and delete them; the
 * reconciler reads them and writes what it decided ({@link #markStatus}, {@link #recordFire}) only
 * under a {@link Lease} it still holds.
 *
 * <pre>{@code
 * Schedule s = schedules.create(pipelineId, "continuous", spec, clock.instant());
 * schedules.markStatus(lease, s.id(), ScheduleStatus.NEEDS_ATTENTION, "5 failures in 10m");
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class ScheduleCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Jdbi jdbi;
  private final Leases leases;

  public ScheduleCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.leases = new Leases(jdbi);
  }

  /**
   * @throws ScheduleExistsException when the pipeline has a schedule already
   * @throws PipelineNotFoundException when there is no such pipeline
   */
  public Schedule create(UUID pipelineId, String kind, JsonNode spec, Instant now) {
    try {
      return schedule(
          jdbi.withExtension(
              ScheduleDao.class, dao -> dao.insert(pipelineId, kind, spec.toString(), now)));
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof PSQLException psql) {
        if (UNIQUE_VIOLATION.equals(psql.getSQLState())) {
          throw new ScheduleExistsException(pipelineId);
        }
        if (FOREIGN_KEY_VIOLATION.equals(psql.getSQLState())) {
          throw new PipelineNotFoundException(pipelineId);
        }
      }
      throw e;
    }
  }

  public Optional<Schedule> find(UUID pipelineId) {
    return jdbi.withExtension(ScheduleDao.class, dao -> dao.findByPipeline(pipelineId))
        .map(ScheduleCatalog::schedule);
  }

  /** Schedules of pipelines that are not deleted, oldest first. */
  public List<Schedule> listLive() {
    return jdbi.withExtension(ScheduleDao.class, ScheduleDao::listLive).stream()
        .map(ScheduleCatalog::schedule)
        .toList();
  }

  /** A new kind and spec; the schedule becomes active and earlier failures stop counting. */
  public Schedule update(UUID pipelineId, String kind, JsonNode spec, Instant now) {
    return jdbi.withExtension(
            ScheduleDao.class, dao -> dao.update(pipelineId, kind, spec.toString(), now))
        .map(ScheduleCatalog::schedule)
        .orElseThrow(() -> new ScheduleNotFoundException(pipelineId));
  }

  public Schedule pause(UUID pipelineId) {
    return jdbi.withExtension(ScheduleDao.class, dao -> dao.pause(pipelineId))
        .map(ScheduleCatalog::schedule)
        .orElseThrow(() -> new ScheduleNotFoundException(pipelineId));
  }

  /** Unpauses; a schedule that needed attention becomes active with its failures forgotten. */
  public Schedule resume(UUID pipelineId, Instant now) {
    return jdbi.withExtension(ScheduleDao.class, dao -> dao.resume(pipelineId, now))
        .map(ScheduleCatalog::schedule)
        .orElseThrow(() -> new ScheduleNotFoundException(pipelineId));
  }

  /** Deletes the schedule; its runs stay, no longer linked to it. */
  public void delete(UUID pipelineId) {
    if (jdbi.withExtension(ScheduleDao.class, dao -> dao.delete(pipelineId)) == 0) {
      throw new ScheduleNotFoundException(pipelineId);
    }
  }

  /**
   * The reconciler's verdict on a schedule, written only under {@code lease}.
   *
   * @throws LeaseLostException when the lease was taken over
   */
  public void markStatus(Lease lease, UUID scheduleId, ScheduleStatus status, String attention) {
    leases.fenced(
        lease,
        handle ->
            handle.attach(ScheduleDao.class).setStatus(scheduleId, status.wireName(), attention));
  }

  /**
   * Records that the reconciler acted on the cron fire time {@code fireAt}, under {@code lease}.
   *
   * @throws LeaseLostException when the lease was taken over
   */
  public void recordFire(Lease lease, UUID scheduleId, Instant fireAt) {
    leases.fenced(
        lease, handle -> handle.attach(ScheduleDao.class).setLastFire(scheduleId, fireAt));
  }

  private static Schedule schedule(ScheduleRow row) {
    JsonNode spec;
    try {
      spec = JSON.readTree(row.spec());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored spec of schedule " + row.id(), e);
    }
    return new Schedule(
        row.id(),
        row.pipelineId(),
        row.kind(),
        spec,
        row.paused(),
        ScheduleStatus.fromWireName(row.status()),
        row.attention(),
        row.failuresSince(),
        row.lastFireAt(),
        row.createdAt(),
        row.updatedAt());
  }
}
