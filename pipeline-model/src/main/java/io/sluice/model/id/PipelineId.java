package io.sluice.model.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/**
 * The id of a pipeline in the catalog: a UUID, so ids can be made without asking the database.
 *
 * <p>{@code PipelineId.parse("3f2c…")} for ids coming from URLs; {@link #random()} for new ones.
 */
public record PipelineId(UUID value) {

  public PipelineId {
    Objects.requireNonNull(value, "Pipeline id must not be null");
  }

  /** A new, random (version 4) id. */
  public static PipelineId random() {
    return new PipelineId(UUID.randomUUID());
  }

  /**
   * Parses the canonical 36-character UUID form.
   *
   * @throws IllegalArgumentException if {@code text} is null or not a canonical UUID
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PipelineId parse(String text) {
    // UUID.fromString accepts odd forms such as "1-1-1-1-1"; only the canonical one names a
    // pipeline.
    if (text == null
        || !text.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException("Pipeline id '" + text + "' is not a UUID");
    }
    return new PipelineId(UUID.fromString(text));
  }

  @JsonValue
  @Override
  public String toString() {
    return value.toString();
  }
}
