package io.sluice.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.dao.PipelineDao;
import io.sluice.catalog.dao.PipelineRow;
import io.sluice.catalog.dao.PipelineSecretDao;
import io.sluice.catalog.dao.PipelineVersionDao;
import io.sluice.catalog.dao.VersionInfoRow;
import io.sluice.catalog.dao.VersionRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Pipelines and their immutable, numbered versions.
 *
 * <p>Saving is optimistic: every save names the version it was based on, and fails with {@link
 * StaleVersionException} when someone else saved in between. Deleting is soft: the pipeline
 * disappears from every method here and its name becomes free, but its versions stay in the
 * database.
 *
 * <pre>{@code
 * PipelineCatalog catalog = new PipelineCatalog(db.jdbi());
 * Pipeline p = catalog.create("orders", "", document, "ada", "first draft");
 * catalog.saveVersion(p.summary().id(), 1, edited, "ada", "add filter"); // -> version 2
 * }</pre>
 *
 * <p>Thread-safe: it keeps no state besides the {@link Jdbi}, and each method runs in its own
 * transaction.
 */
public final class PipelineCatalog {

  public static final int MAX_NAME_LENGTH = 200;

  private static final String UNIQUE_VIOLATION = "23505";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  public PipelineCatalog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Creates a pipeline with {@code document} as its version 1.
   *
   * @param description null for none
   * @param message null for none
   * @throws DuplicatePipelineNameException when a live pipeline has the same name ignoring case
   * @throws InvalidPipelineNameException when the name is blank or too long
   */
  public Pipeline create(
      String name, String description, JsonNode document, String author, String message) {
    return create(name, description, document, author, message, id -> List.of());
  }

  /**
   * Creates a pipeline with {@code document} and the inline secrets {@code seal} makes for the new
   * pipeline's id (secrets are sealed for their pipeline, so the id comes first), in one
   * transaction.
   */
  public Pipeline create(
      String name,
      String description,
      JsonNode document,
      String author,
      String message,
      java.util.function.Function<UUID, List<SealedSecret>> seal) {
    String validName = validName(name);
    String json = toJson(document);
    Objects.requireNonNull(author, "author");
    try {
      return jdbi.inTransaction(
          handle -> {
            PipelineRow head =
                handle
                    .attach(PipelineDao.class)
                    .insert(validName, description == null ? "" : description);
            VersionRow first =
                handle
                    .attach(PipelineVersionDao.class)
                    .insert(head.id(), 1, json, author, message == null ? "" : message);
            insertSecrets(handle, head.id(), 1, seal.apply(head.id()));
            return new Pipeline(summary(head), version(first));
          });
    } catch (UnableToExecuteStatementException e) {
      throw duplicateNameOr(e, validName);
    }
  }

  /**
   * Live pipelines by name (ignoring case).
   *
   * @param search null or blank for all; otherwise keeps pipelines whose name or description
   *     contains it, ignoring case
   */
  public List<PipelineSummary> list(String search) {
    String term = search == null || search.isBlank() ? null : search.strip();
    return jdbi.withExtension(PipelineDao.class, dao -> dao.list(term)).stream()
        .map(PipelineCatalog::summary)
        .toList();
  }

  /**
   * Whether no pipeline was ever created here, not even one deleted since: a catalog that has never
   * been used.
   */
  public boolean isPristine() {
    return !jdbi.withExtension(PipelineDao.class, PipelineDao::anyEver);
  }

  /** The live pipeline with this id and its latest version. */
  public Optional<Pipeline> find(UUID id) {
    Objects.requireNonNull(id, "id");
    return jdbi.inTransaction(handle -> find(handle, id));
  }

  private static Optional<Pipeline> find(Handle handle, UUID id) {
    return handle
        .attach(PipelineDao.class)
        .find(id)
        .map(
            head -> {
              // Versions are never deleted, so the head's latest version is always there.
              VersionRow latest =
                  handle
                      .attach(PipelineVersionDao.class)
                      .find(id, head.latestVersion())
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "Version " + head.latestVersion() + " of " + id + " is missing"));
              return new Pipeline(summary(head), version(latest));
            });
  }

  /**
   * Saves {@code document} as the next version, provided {@code baseVersion} is still the latest.
   * Concurrent saves on the same pipeline are serialised by a row lock; of two saves based on the
   * same version, exactly one succeeds.
   *
   * @param message null for none
   * @throws StaleVersionException when another version was saved after {@code baseVersion}
   * @throws PipelineNotFoundException when there is no live pipeline with this id
   */
  public Pipeline saveVersion(
      UUID id, int baseVersion, JsonNode document, String author, String message) {
    return saveVersion(id, baseVersion, document, author, message, List.of());
  }

  /** {@link #saveVersion(UUID, int, JsonNode, String, String)} with the new version's secrets. */
  public Pipeline saveVersion(
      UUID id,
      int baseVersion,
      JsonNode document,
      String author,
      String message,
      List<SealedSecret> secrets) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(author, "author");
    String json = toJson(document);
    return jdbi.inTransaction(
        handle -> {
          PipelineDao pipelines = handle.attach(PipelineDao.class);
          PipelineRow head =
              pipelines.lock(id).orElseThrow(() -> new PipelineNotFoundException(id));
          if (head.latestVersion() != baseVersion) {
            throw new StaleVersionException(id, baseVersion, head.latestVersion());
          }
          VersionRow saved =
              handle
                  .attach(PipelineVersionDao.class)
                  .insert(id, baseVersion + 1, json, author, message == null ? "" : message);
          insertSecrets(handle, id, saved.number(), secrets);
          PipelineRow updated = pipelines.setLatestVersion(id, saved.number());
          return new Pipeline(summary(updated), version(saved));
        });
  }

  /**
   * Renames and/or re-describes a pipeline without creating a version.
   *
   * @param name null to keep the current name
   * @param description null to keep the current description
   * @throws DuplicatePipelineNameException when another live pipeline has the new name
   * @throws PipelineNotFoundException when there is no live pipeline with this id
   */
  public PipelineSummary updateDetails(UUID id, String name, String description) {
    Objects.requireNonNull(id, "id");
    String validName = name == null ? null : validName(name);
    try {
      return jdbi.withExtension(
              PipelineDao.class, dao -> dao.updateDetails(id, validName, description))
          .map(PipelineCatalog::summary)
          .orElseThrow(() -> new PipelineNotFoundException(id));
    } catch (UnableToExecuteStatementException e) {
      throw duplicateNameOr(e, validName);
    }
  }

  /**
   * Soft-deletes a pipeline: it disappears from this catalog and its name is free again.
   *
   * @throws PipelineNotFoundException when there is no live pipeline with this id
   */
  public void delete(UUID id) {
    Objects.requireNonNull(id, "id");
    if (jdbi.withExtension(PipelineDao.class, dao -> dao.softDelete(id)) == 0) {
      throw new PipelineNotFoundException(id);
    }
  }

  /**
   * The history of a pipeline, newest first, without documents.
   *
   * @throws PipelineNotFoundException when there is no live pipeline with this id
   */
  public List<VersionInfo> versions(UUID id) {
    Objects.requireNonNull(id, "id");
    List<VersionInfoRow> rows = jdbi.withExtension(PipelineVersionDao.class, dao -> dao.list(id));
    if (rows.isEmpty()) {
      // Every live pipeline has a version 1, so nothing found means no such pipeline.
      throw new PipelineNotFoundException(id);
    }
    return rows.stream()
        .map(
            r ->
                new VersionInfo(r.pipelineId(), r.number(), r.author(), r.message(), r.createdAt()))
        .toList();
  }

  /** Version {@code number} of the live pipeline {@code id}. */
  public Optional<PipelineVersion> version(UUID id, int number) {
    Objects.requireNonNull(id, "id");
    return jdbi.withExtension(PipelineVersionDao.class, dao -> dao.find(id, number))
        .map(PipelineCatalog::version);
  }

  /** The sealed inline secrets of version {@code number} of pipeline {@code id}. */
  public List<SealedSecret> secrets(UUID id, int number) {
    Objects.requireNonNull(id, "id");
    return jdbi.withExtension(PipelineSecretDao.class, dao -> dao.list(id, number)).stream()
        .map(r -> new SealedSecret(r.nodeId(), r.field(), json(r.envelope())))
        .toList();
  }

  /** Every sealed inline secret of every version, of deleted pipelines too. */
  public List<SealedSecret.Stored> allSecrets() {
    return jdbi.withExtension(PipelineSecretDao.class, PipelineSecretDao::all).stream()
        .map(
            r ->
                new SealedSecret.Stored(
                    r.pipelineId(),
                    r.version(),
                    new SealedSecret(r.nodeId(), r.field(), json(r.envelope()))))
        .toList();
  }

  /**
   * Swaps one envelope for another, if it is still {@code expected}.
   *
   * @return false when the envelope changed meanwhile (read it again)
   */
  public boolean replaceSecret(SealedSecret.Stored expected, JsonNode next) {
    SealedSecret s = expected.secret();
    return jdbi.withExtension(
            PipelineSecretDao.class,
            dao ->
                dao.replace(
                    expected.pipelineId(),
                    expected.version(),
                    s.nodeId(),
                    s.field(),
                    s.envelope().toString(),
                    next.toString()))
        == 1;
  }

  /**
   * The versions, of deleted pipelines too, with a node whose config has a field named one of
   * {@code fields}, oldest first: where plain secrets of older catalogs may be.
   */
  public List<PipelineVersion> versionsWithConfigFields(java.util.Collection<String> fields) {
    if (fields.isEmpty()) {
      return List.of();
    }
    for (String field : fields) {
      if (!field.matches("[A-Za-z0-9]+")) {
        throw new IllegalArgumentException("Not a config field name: " + field);
      }
    }
    String keys = "{" + String.join(",", fields) + "}";
    return jdbi.withExtension(PipelineVersionDao.class, dao -> dao.withConfigKeys(keys)).stream()
        .map(PipelineCatalog::version)
        .toList();
  }

  /**
   * The versions, of deleted pipelines too, whose dead-letter target in the settings has a {@code
   * password}, oldest first: where an older catalog kept that secret in plain text.
   */
  public List<PipelineVersion> versionsWithDeadLetterPassword() {
    return jdbi
        .withExtension(PipelineVersionDao.class, PipelineVersionDao::withDeadLetterPassword)
        .stream()
        .map(PipelineCatalog::version)
        .toList();
  }

  /**
   * Takes plain secrets out of a version written before inline secrets were sealed: its document
   * becomes {@code document} (the same but for the secrets) and {@code secrets} are stored beside
   * it, in one transaction, provided its document is still {@code expected}. The only change to a
   * version the catalog ever makes.
   *
   * @return false when the document is no longer {@code expected} (another backend sealed it)
   */
  public boolean sealVersion(
      UUID id, int number, JsonNode expected, JsonNode document, List<SealedSecret> secrets) {
    String before = toJson(expected);
    String json = toJson(document);
    return jdbi.inTransaction(
        handle -> {
          handle.execute("SET LOCAL sluice.sealing_inline_secrets = 'on'");
          if (handle.attach(PipelineVersionDao.class).replaceDocument(id, number, before, json)
              != 1) {
            return false;
          }
          insertSecrets(handle, id, number, secrets);
          return true;
        });
  }

  private static void insertSecrets(
      Handle handle, UUID id, int number, List<SealedSecret> secrets) {
    PipelineSecretDao dao = handle.attach(PipelineSecretDao.class);
    for (SealedSecret secret : secrets) {
      dao.insert(id, number, secret.nodeId(), secret.field(), secret.envelope().toString());
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("PostgreSQL produced this text from a jsonb value", e);
    }
  }

  private static String validName(String name) {
    Objects.requireNonNull(name, "name");
    String stripped = name.strip();
    if (stripped.isEmpty()) {
      throw new InvalidPipelineNameException(name, "must not be blank");
    }
    if (stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
      throw new InvalidPipelineNameException(
          name, "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    return stripped;
  }

  /** The unique-name violation as the domain exception, anything else unchanged. */
  private static RuntimeException duplicateNameOr(
      UnableToExecuteStatementException e, String name) {
    if (e.getCause() instanceof PSQLException psql
        && UNIQUE_VIOLATION.equals(psql.getSQLState())
        && PipelineDao.NAME_KEY.equals(constraintOf(psql))) {
      return new DuplicatePipelineNameException(name);
    }
    return e;
  }

  private static String constraintOf(SQLException e) {
    ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    return server == null ? null : server.getConstraint();
  }

  private static String toJson(JsonNode document) {
    Objects.requireNonNull(document, "document");
    if (!document.isObject()) {
      throw new IllegalArgumentException(
          "A pipeline document must be a JSON object, got " + document.getNodeType());
    }
    return document.toString();
  }

  private static PipelineSummary summary(PipelineRow row) {
    return new PipelineSummary(
        row.id(),
        row.name(),
        row.description(),
        row.latestVersion(),
        row.createdAt(),
        row.updatedAt());
  }

  private static PipelineVersion version(VersionRow row) {
    JsonNode document;
    try {
      document = JSON.readTree(row.document());
    } catch (JsonProcessingException e) {
      // PostgreSQL produced this text from a jsonb value, so this is a bug, not bad input.
      throw new IllegalStateException(
          "Stored document of pipeline " + row.pipelineId() + " version " + row.number(), e);
    }
    return new PipelineVersion(
        row.pipelineId(), row.number(), document, row.author(), row.message(), row.createdAt());
  }
}
