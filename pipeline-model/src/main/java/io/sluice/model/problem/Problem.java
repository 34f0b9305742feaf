package io.sluice.model.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a pipeline document, reported to the person who drew it.
 *
 * <p>A user's mistake is data, not an exception: reading and validating return every problem at
 * once so the designer can mark all of them. Serializes as {@code
 * {"nodeId":"src","field":"config.path","code":"missing-config","message":"…"}}.
 *
 * @param nodeId the node the problem is about, or {@code null} for pipeline-level problems
 * @param field a JSON path inside the document ({@code nodes[2].id}) or inside the node ({@code
 *     config.path}, when {@code nodeId} is set), or {@code null}
 * @param code a stable machine-readable code, one of {@link ProblemCodes}
 * @param message a sentence for a person
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String nodeId, String field, String code, String message) {

  public Problem {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("Problem code must not be blank");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("Problem message must not be blank");
    }
  }

  /** A problem about the pipeline as a whole. */
  public static Problem ofPipeline(String code, String message) {
    return new Problem(null, null, code, message);
  }
}
