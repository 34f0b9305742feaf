package io.sluice.catalog;

import io.sluice.catalog.dao.DeadLetterDao;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The dead letters that pipelines wrote to the catalog's {@code dead_letters} table: listed newest
 * first a page at a time, counted per node, streamed for download, and taken and marked by replay
 * runs.
 *
 * <pre>{@code
 * List<DeadLetter> page = deadLetters.page(pipelineId, Filter.ALL, null, 50);
 * deadLetters.forEach(pipelineId, new Filter("parse", null), writer::write);
 * }</pre>
 *
 * <p>Rows are found by the pipeline's key {@code p-<pipeline id>}, the value its dead-letter sink
 * writes into {@code pipeline}. Thread-safe: no state besides the {@link Jdbi}.
 */
public final class DeadLetterCatalog {
  /** The most rows a page holds. */
  public static final int MAX_PAGE = 500;

  private final Jdbi jdbi;

  public DeadLetterCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Which dead letters: of one node, of one run, or (nulls) all. */
  public record Filter(String node, UUID run) {
    public static final Filter ALL = new Filter(null, null);
  }

  /** What a pipeline's sink writes into the {@code pipeline} column. */
  public static String key(UUID pipelineId) {
    return "p-" + pipelineId;
  }

  /**
   * Up to {@code limit} dead letters, newest first; with {@code before}, only those with a smaller
   * id (the id of the last row of the previous page).
   */
  public List<DeadLetter> page(UUID pipelineId, Filter filter, Long before, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_PAGE + ", was " + limit);
    }
    return jdbi.withExtension(
        DeadLetterDao.class,
        dao -> dao.page(pipelineId, key(pipelineId), filter.node(), filter.run(), before, limit));
  }

  /**
   * Hands every matching dead letter, oldest first, to {@code each}, reading from a database cursor
   * so that memory does not grow with the number of rows.
   */
  public void forEach(UUID pipelineId, Filter filter, Consumer<DeadLetter> each) {
    // PostgreSQL uses a cursor (and the fetch size) only inside a transaction.
    jdbi.useTransaction(
        h -> {
          try (var rows =
              h
                  .attach(DeadLetterDao.class)
                  .all(pipelineId, key(pipelineId), filter.node(), filter.run(), null)
                  .stream()) {
            rows.forEach(each);
          }
        });
  }

  /** The dead letters with these ids that belong to the pipeline, oldest first. */
  public List<DeadLetter> byIds(UUID pipelineId, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.withExtension(
        DeadLetterDao.class, dao -> dao.byIds(pipelineId, key(pipelineId), ids));
  }

  /** The dead letters the replay run {@code runId} took, oldest first. */
  public List<DeadLetter> ofReplay(UUID pipelineId, UUID runId) {
    return jdbi.withExtension(
        DeadLetterDao.class, dao -> dao.ofReplay(pipelineId, key(pipelineId), runId));
  }

  /** The ids of up to {@code limit} of the node's dead letters that wait for a replay. */
  public List<Long> waiting(UUID pipelineId, String node, int limit) {
    return jdbi.withExtension(
        DeadLetterDao.class, dao -> dao.waitingOf(key(pipelineId), node, limit));
  }

  /** Per node: how many, how many replayed, how many being replayed. */
  public List<DeadLetterCount> counts(UUID pipelineId) {
    return jdbi.withExtension(DeadLetterDao.class, dao -> dao.counts(key(pipelineId)));
  }

  /**
   * Gives the dead letters {@code ids} to the replay run {@code runId}, all or none: none when one
   * of them is replayed or taken by another replay already.
   *
   * @return whether they were taken
   */
  public boolean claim(UUID pipelineId, List<Long> ids, UUID runId) {
    return jdbi.inTransaction(
        h -> {
          int taken = h.attach(DeadLetterDao.class).claim(key(pipelineId), ids, runId);
          if (taken != ids.size()) {
            h.rollback();
            return false;
          }
          return true;
        });
  }

  /** The replay run finished: its dead letters count as replayed from now. */
  public int markReplayed(UUID runId) {
    return jdbi.withExtension(DeadLetterDao.class, dao -> dao.markReplayed(runId));
  }

  /** The replay run ended without delivering anything: its dead letters can be replayed again. */
  public int release(UUID runId) {
    return jdbi.withExtension(DeadLetterDao.class, dao -> dao.release(runId));
  }
}
