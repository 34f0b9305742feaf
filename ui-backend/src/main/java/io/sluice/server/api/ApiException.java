package io.sluice.server.api;

import io.sluice.model.problem.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that cannot be served as asked. Handlers throw it; {@link ErrorMapping} turns it into a
 * problem document in one place, so no handler catches.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<Problem> errors;
  private final Map<String, Object> extensions;

  private ApiException(
      int status,
      String slug,
      String title,
      String detail,
      List<Problem> errors,
      Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.extensions = Map.copyOf(extensions);
  }

  public static ApiException badRequest(String slug, String detail, List<Problem> errors) {
    return new ApiException(400, slug, "Bad request", detail, errors, Map.of());
  }

  public static ApiException invalidBody(List<Problem> errors) {
    return new ApiException(
        400,
        "invalid-request-body",
        "Invalid request body",
        errors.size() == 1
            ? errors.get(0).message()
            : "The request body has " + errors.size() + " problems; see errors.",
        errors,
        Map.of());
  }

  public static ApiException invalidDocument(List<Problem> errors) {
    return new ApiException(
        422,
        "invalid-pipeline-document",
        "Invalid pipeline document",
        "The pipeline document cannot be read: "
            + errors.size()
            + (errors.size() == 1 ? " problem" : " problems")
            + "; see errors.",
        errors,
        Map.of());
  }

  public static ApiException unprocessable(String slug, String detail, List<Problem> errors) {
    return new ApiException(422, slug, "Unprocessable", detail, errors, Map.of());
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", "Not found", detail, List.of(), Map.of());
  }

  /** No credentials, or ones that are not valid: the caller must log in or send a token. */
  public static ApiException unauthorized(String slug, String detail) {
    return new ApiException(401, slug, "Unauthorized", detail, List.of(), Map.of());
  }

  /** The caller is known but may not do this. */
  public static ApiException forbidden(String slug, String detail) {
    return new ApiException(403, slug, "Forbidden", detail, List.of(), Map.of());
  }

  /** Too many attempts; {@code retryAfterSeconds} is also sent as the Retry-After header. */
  public static ApiException tooManyRequests(String slug, String detail, long retryAfterSeconds) {
    return new ApiException(
        429,
        slug,
        "Too many requests",
        detail,
        List.of(),
        Map.of("retryAfterSeconds", retryAfterSeconds));
  }

  public static ApiException conflict(String slug, String detail, Map<String, Object> extensions) {
    return new ApiException(
        409, slug, "Conflict", detail, List.of(), new LinkedHashMap<>(extensions));
  }

  /** Extension members, such as {@code retryAfterSeconds}. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  public int status() {
    return status;
  }

  public Problems toProblems(String instance) {
    return new Problems(
        "urn:sluice:problem:" + slug, title, status, getMessage(), instance, errors, extensions);
  }
}
