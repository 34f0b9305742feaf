package io.sluice.server.schedule;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.ScheduleStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A schedule as the API shows it: the kind's settings flat beside {@code kind}, as a request writes
 * them, plus what the reconciler made of it and the next fire times.
 */
@JsonPropertyOrder({"id", "pipelineId", "kind"})
public record ScheduleView(
    UUID id,
    UUID pipelineId,
    String kind,
    @JsonIgnore JsonNode settings,
    String description,
    boolean paused,
    ScheduleStatus status,
    String attention,
    Instant lastFireAt,
    List<Instant> nextFireTimes,
    Instant createdAt,
    Instant updatedAt) {

  @JsonAnyGetter
  public Map<String, JsonNode> settingsMembers() {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    settings.fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue()));
    return members;
  }
}
