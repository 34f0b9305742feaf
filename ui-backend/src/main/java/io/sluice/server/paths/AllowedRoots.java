package io.sluice.server.paths;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the directories that pipelines read and write inside the allowed roots ({@code
 * SLUICE_ALLOWED_ROOTS}): a file-directory source or sink, a dead-letter directory. A path must be
 * absolute, must not contain {@code ..}, and must stay inside a root once symbolic links are
 * followed (as far as the path exists; a sink's directory may not exist yet). Anything else is a
 * {@code path-not-allowed} problem on the node and field.
 *
 * <pre>{@code
 * PipelineResolver roots = new AllowedRoots(List.of(dataDir));
 * }</pre>
 *
 * <p>The check runs on validation and again on every start, so a link changed after saving is
 * caught before the pipeline reads through it. Immutable and thread-safe.
 */
public final class AllowedRoots implements PipelineResolver {
  /** The config fields that hold directories, by node type; other node types add theirs. */
  public static final Map<String, Set<String>> BUILT_IN_PATH_FIELDS =
      Map.of(
          BuiltInNodeTypes.FILE_DIRECTORY, Set.of("path"),
          BuiltInNodeTypes.FILE_DIRECTORY_SINK, Set.of("path"),
          BuiltInNodeTypes.LOG_TAIL, Set.of("path"));

  private final List<Path> roots;
  private final Map<String, Set<String>> pathFields;

  public AllowedRoots(List<Path> roots) {
    this(roots, BUILT_IN_PATH_FIELDS);
  }

  public AllowedRoots(List<Path> roots, Map<String, Set<String>> pathFields) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.pathFields = Map.copyOf(pathFields);
  }

  public List<Path> roots() {
    return roots;
  }

  @Override
  public Resolved resolve(PipelineDocument document) {
    List<Problem> problems = new ArrayList<>();
    for (Node node : document.nodes()) {
      for (String field : pathFields.getOrDefault(node.type(), Set.of())) {
        JsonNode value = node.config().get(field);
        if (value != null && value.isTextual() && !value.textValue().isBlank()) {
          check(value.textValue())
              .ifPresent(
                  why ->
                      problems.add(
                          new Problem(
                              node.id().value(), field, ProblemCodes.PATH_NOT_ALLOWED, why)));
        }
      }
    }
    if (document.settings().deadLetter() instanceof DeadLetterTarget.Directory directory) {
      check(directory.path())
          .ifPresent(
              why ->
                  problems.add(
                      new Problem(
                          null, "settings.deadLetter.path", ProblemCodes.PATH_NOT_ALLOWED, why)));
    }
    return new Resolved(document, problems);
  }

  /** Why {@code text} may not be used, or empty when it is inside a root. */
  public Optional<String> check(String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      return Optional.of("'" + printable(text) + "' is not a valid path.");
    }
    if (!path.isAbsolute()) {
      return Optional.of(
          "'" + printable(text) + "' must be an absolute path inside " + rootsText() + ".");
    }
    for (Path part : path) {
      if (part.toString().equals("..")) {
        return Optional.of("'" + printable(text) + "' must not contain '..'.");
      }
    }
    Path normal = path.normalize();
    Path real = real(normal);
    for (Path root : roots) {
      Path realRoot = real(root);
      if (real != null && realRoot != null && real.startsWith(realRoot)) {
        return Optional.empty();
      }
    }
    boolean byLink = roots.stream().anyMatch(normal::startsWith);
    return Optional.of(
        byLink
            ? "'"
                + printable(text)
                + "' leaves the allowed directories through a symbolic link"
                + (real == null ? " that leads nowhere." : " (it leads to " + real + ").")
            : "'"
                + printable(text)
                + "' is outside the directories Sluice may use: "
                + rootsText()
                + " (SLUICE_ALLOWED_ROOTS).");
  }

  /**
   * The path with every link of its longest existing ancestor followed; null when a link there
   * leads nowhere (it could be pointed anywhere later).
   */
  private static Path real(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      return null;
    }
  }

  private String rootsText() {
    return String.join(", ", roots.stream().map(Path::toString).toList());
  }

  private static String printable(String text) {
    String cut = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
