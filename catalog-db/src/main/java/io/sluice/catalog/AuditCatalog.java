package io.sluice.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.dao.AuditDao;
import io.sluice.catalog.dao.AuditRow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log: appended to, searched newest first, and trimmed by a retention if one is set.
 *
 * <pre>{@code
 * audit.append(new AuditCatalog.Append(userId, "alice", "pipeline.create", "pipeline", id,
 *     detail, "10.0.0.7", "curl/8"));
 * }</pre>
 *
 * <p>Thread-safe: no state besides the {@link Jdbi}.
 */
public final class AuditCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  public AuditCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** A row to append; {@code detail} is a JSON object (null: empty). */
  public record Append(
      UUID actorId,
      String actor,
      String action,
      String targetType,
      String targetId,
      JsonNode detail,
      String remoteAddr,
      String userAgent) {
    public Append {
      Objects.requireNonNull(action, "action");
    }
  }

  /** Which rows a search returns; null fields do not filter. {@code action} also matches "x.*". */
  public record Filter(
      String actor,
      String action,
      String targetType,
      String targetId,
      Instant from,
      Instant to,
      Long beforeId) {}

  public void append(Append row) {
    String detail = row.detail() == null ? "{}" : row.detail().toString();
    jdbi.useExtension(
        AuditDao.class,
        dao ->
            dao.insert(
                row.actorId(),
                row.actor(),
                row.action(),
                row.targetType(),
                row.targetId(),
                detail,
                truncate(row.remoteAddr(), 200),
                truncate(row.userAgent(), 500)));
  }

  /** At most {@code limit} rows, newest first. */
  public List<AuditEntry> search(Filter filter, int limit) {
    return jdbi
        .withExtension(
            AuditDao.class,
            dao ->
                dao.search(
                    filter.actor(),
                    filter.action(),
                    filter.targetType(),
                    filter.targetId(),
                    filter.from(),
                    filter.to(),
                    filter.beforeId(),
                    limit))
        .stream()
        .map(AuditCatalog::entry)
        .toList();
  }

  /** Deletes rows older than {@code before}; returns how many. */
  public int deleteOlderThan(Instant before) {
    return jdbi.withExtension(AuditDao.class, dao -> dao.deleteOlderThan(before));
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  private static AuditEntry entry(AuditRow row) {
    JsonNode detail;
    try {
      detail = JSON.readTree(row.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_log.detail of row " + row.id() + " is not JSON", e);
    }
    return new AuditEntry(
        row.id(),
        row.at(),
        row.actorId(),
        row.actor(),
        row.action(),
        row.targetType(),
        row.targetId(),
        detail,
        row.remoteAddr(),
        row.userAgent());
  }
}
