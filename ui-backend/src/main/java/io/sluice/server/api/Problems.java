package io.sluice.server.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.model.problem.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json}.
 *
 * <p>{@code type} is {@code urn:sluice:problem:<slug>} for Sluice's own problems (listed in
 * docs/api.md) and {@code about:blank} for plain HTTP errors. {@code errors} carries field-level
 * details in the same shape as pipeline validation problems: {@code {nodeId, field, code,
 * message}}. Other extension members (such as {@code currentVersion} on a stale save) are flattened
 * into the top level as the RFC asks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problems(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<Problem> errors,
    @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public Problems {
    errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    extensions = extensions == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(extensions));
  }

  @JsonAnyGetter
  public Map<String, Object> extensionMembers() {
    return extensions;
  }
}
